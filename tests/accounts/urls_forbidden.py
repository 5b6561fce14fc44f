"""A URL configuration with one view that refuses, for the security-log test."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path

from portal.urls import handler400, handler403, handler404, handler500  # noqa: F401 (the portal's error pages)


def forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("forbidden/", forbidden),
    path("", include("portal.urls")),
]
