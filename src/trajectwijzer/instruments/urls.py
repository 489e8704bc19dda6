from django.urls import path

from . import views

app_name = "instruments"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:instrument>/start/", views.start, name="start"),
    path("responses/<int:pk>/section/<int:section>/", views.answer, name="answer"),
    path("responses/<int:pk>/", views.result, name="result"),
    path("responses/<int:pk>/report.pdf", views.result_pdf, name="result_pdf"),
    path("responses/<int:pk>/workshop/", views.request_workshop, name="request_workshop"),
    path("learners/<int:learner_pk>/", views.learner, name="learner"),
    path("<slug:instrument>/results/<str:kind>/<int:pk>/", views.group_results, name="group"),
    path(
        "<slug:instrument>/results/<str:kind>/<int:pk>/results.csv",
        views.group_results_csv,
        name="group_csv",
    ),
    path(
        "<slug:instrument>/results/<str:kind>/<int:pk>/report.pdf",
        views.group_results_pdf,
        name="group_pdf",
    ),
]
