from django.urls import path

from . import views

app_name = "caseload"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("learners/<int:learner_id>/", views.learner, name="learner"),
    path("learners/<int:learner_id>/notes/", views.add_note, name="add_note"),
    path("learners/<int:learner_id>/follow-ups/", views.add_follow_up, name="add_follow_up"),
    path("learners/<int:learner_id>/referrals/", views.add_referral, name="add_referral"),
    path("signals/<int:signal_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path(
        "follow-ups/<int:follow_up_id>/done/", views.complete_follow_up, name="complete_follow_up"
    ),
    path("referrals/<int:referral_id>/status/", views.referral_status, name="referral_status"),
    path("contact/", views.contact, name="contact"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:question_id>/", views.question, name="question"),
]
