from django.urls import path

from . import manage_views

urlpatterns = [
    path("", manage_views.programme_list, name="manage"),
    path("programmes/new/", manage_views.programme_create, name="manage_create"),
    path("programmes/<int:pk>/", manage_views.programme_edit, name="manage_edit"),
    path("programmes/<int:pk>/publish/", manage_views.programme_publish, name="manage_publish"),
]
