from django.urls import path

from . import views

app_name = "trajectories"

urlpatterns = [
    path("plans/", views.my_plans, name="my_plans"),
    path("plans/<int:enrolment_id>/", views.plan, name="plan"),
    path("plans/<int:enrolment_id>/change/", views.change_plan, name="change_plan"),
    path("enrolments/<int:enrolment_id>/persona/", views.persona, name="persona"),
]
