"""URLs of the public privacy policy and terms of use, and of data subjects' requests (namespace "privacy")."""

from django.urls import path

from . import views, views_rights

app_name = "privacy"

urlpatterns = [
    path("privacy/", views.privacy_policy, name="policy"),
    path("privacy/versions/<str:version>/", views.privacy_policy, name="policy_version"),
    path("terms/", views.terms, name="terms"),
    path("terms/versions/<str:version>/", views.terms, name="terms_version"),
    path("privacy/requests/", views_rights.rights_list, name="rights_list"),
    path("privacy/requests/new/", views_rights.rights_request_new, name="rights_new"),
    path("privacy/requests/confirm/<str:token>/", views_rights.rights_confirm, name="rights_confirm"),
]
