"""The provider overview's URLs; "web" includes them under ``/recognition/overview/``."""

from django.urls import path

from . import views_overview

app_name = "recognition_overview"

urlpatterns = [
    path("", views_overview.index, name="index"),
    path("<slug:slug>/", views_overview.provider, name="provider"),
]
