from django.urls import path

from . import views

app_name = "development"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrices/<int:pk>/", views.matrix_detail, name="matrix"),
    path("rows/<int:pk>/", views.row_detail, name="row"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("reorientation/", views.reorientation, name="reorientation"),
]
