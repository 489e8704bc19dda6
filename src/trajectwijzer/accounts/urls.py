from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import path

from . import views


def _placeholder(request):  # replaced by the accounts-flows work
    return HttpResponse("todo")


app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", _placeholder, name="register"),
    path("pending/", _placeholder, name="pending"),
    path("consents/", _placeholder, name="consents"),
    path("learners/", _placeholder, name="my_learners"),
]
