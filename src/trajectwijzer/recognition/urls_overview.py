"""The provider overview's and the exemption matrix's URLs (``/recognition/overview/``)."""

from django.urls import path

from . import views_overview

app_name = "recognition_overview"

urlpatterns = [
    path("", views_overview.index, name="index"),
    # Before "<slug>/": these are not providers.
    path("exemption-rules/", views_overview.matrix_page, name="matrix"),
    path(
        "exemption-rules/export.csv",
        views_overview.matrix_export,
        {"file_format": "csv"},
        name="matrix_export_csv",
    ),
    path(
        "exemption-rules/export.json",
        views_overview.matrix_export,
        {"file_format": "json"},
        name="matrix_export_json",
    ),
    path("<slug:slug>/", views_overview.provider, name="provider"),
]
