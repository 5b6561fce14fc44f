"""URLs of accounts."""

from django.urls import path

from . import two_factor, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/check-email/", views.check_email, name="check_email"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("verify/<uidb64>/<token>/", views.verify_email, name="verify_email"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("profile/", views.profile, name="profile"),
    path("profile/consents/<str:purpose>/", views.consent_change, name="consent_change"),
    path("profile/my-data/", views.my_data, name="my_data"),
    path("profile/delete/", views.delete_account, name="delete_account"),
    path("two-factor/setup/", two_factor.otp_setup, name="otp_setup"),
    path("two-factor/setup/send/", two_factor.otp_setup_send, name="otp_setup_send"),
    path("two-factor/setup/<uidb64>/<token>/", two_factor.otp_setup_link, name="otp_setup_link"),
    path("two-factor/verify/", two_factor.otp_verify, name="otp_verify"),
]
