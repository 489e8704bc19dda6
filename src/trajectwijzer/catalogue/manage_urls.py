from django.urls import path

from . import manage_views

urlpatterns = [
    path("", manage_views.programme_list, name="manage"),
]
