from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("start/<slug:procedure>/", views.start_procedure, name="start_procedure"),
    path("proposals/<str:rule_code>/start/", views.start_from_proposal, name="start_from_proposal"),
    path("learners/<int:learner_id>/", views.learner_requests, name="learner"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request"),
    path("requests/<uuid:public_id>/submit/", views.submit, name="submit"),
    path("requests/<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<uuid:public_id>/evidence/", views.add_evidence, name="add_evidence"),
    path("requests/<uuid:public_id>/micoon/", views.add_micoon_evidence, name="add_micoon"),
    path("requests/<uuid:public_id>/admissibility/", views.admissibility, name="admissibility"),
    path("requests/<uuid:public_id>/assessors/", views.assign, name="assign"),
    path("requests/<uuid:public_id>/steps/<slug:step_key>/", views.step, name="step"),
    path(
        "requests/<uuid:public_id>/steps/<slug:step_key>/complete/",
        views.complete_step,
        name="complete_step",
    ),
    path(
        "requests/<uuid:public_id>/steps/<slug:step_key>/hand-in/",
        views.hand_in_step,
        name="hand_in_step",
    ),
    path("requests/<uuid:public_id>/decide/", views.decide, name="decide"),
    path("decisions/<int:pk>/supersede/", views.supersede, name="supersede"),
    path("requests/<uuid:public_id>/communicate/", views.communicate, name="communicate"),
    path("requests/<uuid:public_id>/appeal/", views.appeal, name="appeal"),
    path(
        "requests/<uuid:public_id>/decision-letter.pdf",
        views.decision_letter,
        name="decision_letter",
    ),
    path(
        "requests/<uuid:public_id>/certificate.pdf", views.certificate_pdf, name="certificate_pdf"
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/map/", views.map_evidence, name="map_evidence"),
    path("mappings/<int:pk>/judge/", views.judge_mapping, name="judge_mapping"),
]
