"""A URL configuration for the error-page tests: the portal's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.urls import path

from portal.urls import *  # noqa: F403
from portal.urls import urlpatterns as portal_urlpatterns


def _raise(exception):
    def view(request):
        raise exception

    return view


urlpatterns = [
    *portal_urlpatterns,
    path("fail/denied/", _raise(PermissionDenied())),
    path("fail/crash/", _raise(RuntimeError("boom"))),
    path("fail/database/", _raise(OperationalError("could not connect to server: Connection refused"))),
    path("fail/interface/", _raise(InterfaceError("connection already closed"))),
]
