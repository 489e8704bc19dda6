from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("export.json", views.export_json, name="export_json"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("erasure/request/", views.request_erasure, name="request_erasure"),
    path("erasure/", views.erasure_requests, name="erasure_requests"),
    path("erasure/<int:request_id>/", views.erasure_request, name="erasure_request"),
]
