from django.urls import path

from . import views

app_name = "incentives"
urlpatterns = [
    path("", views.wizard, name="wizard"),
    path("back/", views.back, name="back"),
    path("restart/", views.restart, name="restart"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("email/", views.email_report, name="email"),
]
