from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register, name="register"),
    path("register/done/", views.register_done, name="register_done"),
    path("pending/", views.pending, name="pending"),
    path("pending/<int:membership_id>/decide/", views.decide_membership, name="decide"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.create_api_token, name="create_token"),
    path("profile/tokens/<int:token_id>/revoke/", views.revoke_api_token, name="revoke_token"),
    path("password-change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("consents/", views.consents, name="consents"),
    path("consents/<int:consent_id>/withdraw/", views.withdraw_consent, name="withdraw_consent"),
    path("learners/", views.my_learners, name="my_learners"),
    path("learners/<int:learner_id>/", views.learner_detail, name="learner_detail"),
]
