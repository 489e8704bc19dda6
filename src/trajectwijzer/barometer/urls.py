from django.urls import path

from . import views

app_name = "barometer"
urlpatterns = [
    path("", views.record, name="record"),
    path("learners/<int:learner_id>/", views.learner_curve, name="learner"),
    path("groups/", views.groups, name="groups"),
    path("groups/<int:group_id>/", views.group, name="group"),
    path("groups/<int:group_id>/moments/", views.add_moment, name="add_moment"),
    path(
        "groups/<int:group_id>/moments/defaults/",
        views.add_default_moments,
        name="add_default_moments",
    ),
    path("moments/<int:moment_id>/delete/", views.delete_moment, name="delete_moment"),
]
