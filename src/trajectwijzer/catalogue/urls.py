from django.urls import include, path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.search, name="search"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("providers/<slug:slug>/", views.provider_detail, name="provider"),
    path("manage/", include("trajectwijzer.catalogue.manage_urls")),
]
