from django.urls import path

from . import views

app_name = "competences"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.mine, name="mine"),
    path("learners/<int:learner_id>/", views.learner, name="learner"),
    path("learners/<int:learner_id>/score/", views.score, name="score"),
    path("learners/<int:learner_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("groups/<int:group_id>/", views.group, name="group"),
    path("groups/<int:group_id>/class/", views.group_class, name="group_class"),
    path("evidence/<int:assessment_id>/", views.evidence, name="evidence"),
]
