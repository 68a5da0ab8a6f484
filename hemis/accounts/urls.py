from django.urls import path

from hemis.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify_view, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup_view, name="two_factor_setup"),
    path(
        "two-factor/recovery-codes/",
        views.recovery_codes_regenerate_view,
        name="recovery_codes",
    ),
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/tokens/", views.api_token_create_view, name="api_token_create"),
    path(
        "profile/tokens/<uuid:token_id>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
    path("users/", views.user_list_view, name="users"),
    path("users/invite/", views.invitation_create_view, name="invite"),
    path(
        "users/invitations/<uuid:invitation_id>/withdraw/",
        views.invitation_revoke_view,
        name="invitation_revoke",
    ),
    path("users/<uuid:user_id>/", views.user_edit_view, name="user_edit"),
    path(
        "users/<uuid:user_id>/reset-two-factor/",
        views.two_factor_reset_view,
        name="two_factor_reset",
    ),
]
