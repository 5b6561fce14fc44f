"""URLs of the public privacy policy and terms of use (namespace "privacy")."""

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_policy, name="policy"),
    path("privacy/versions/<str:version>/", views.privacy_policy, name="policy_version"),
    path("terms/", views.terms, name="terms"),
    path("terms/versions/<str:version>/", views.terms, name="terms_version"),
]
