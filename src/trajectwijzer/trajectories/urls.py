from django.urls import path

from . import views

app_name = "trajectories"

urlpatterns = [
    path("plans/", views.my_plans, name="my_plans"),
    path("plans/<int:enrolment_id>/", views.plan, name="plan"),
    path("plans/<int:enrolment_id>/change/", views.change_plan, name="change_plan"),
    path("enrolments/<int:enrolment_id>/persona/", views.persona, name="persona"),
    path(
        "calendar/<int:learner_id>/calendar.ics",
        views.calendar_download,
        name="calendar_download",
    ),
    path("calendar/feed/<str:token>/calendar.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/new-link/", views.calendar_new_link, name="calendar_new_link"),
]
