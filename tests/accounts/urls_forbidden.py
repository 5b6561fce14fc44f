"""A URL configuration with one view that refuses, for the security-log test."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("forbidden/", forbidden),
    path("", include("portal.urls")),
]
