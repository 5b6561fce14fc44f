"""URLs under the bench settings only: the portal's own, plus the bare view."""

from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

from .views import BARE_PATH, bare

urlpatterns = [path(BARE_PATH.strip("/") + "/", bare, name="bench_bare"), *portal_urlpatterns]
