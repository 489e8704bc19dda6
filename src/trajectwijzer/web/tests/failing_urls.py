"""The project's URLs plus one view that fails, to see the server-error page's headers."""

from django.urls import path

from trajectwijzer.urls import handler404, handler500, urlpatterns  # noqa: F401


def fails(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fails/", fails), *urlpatterns]
