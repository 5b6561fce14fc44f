"""URLs of the portal's own pages (namespace "portal").

The home page ("" named `portal:home`) shows the open call, so the root URLconf routes it to
`applications.views_public.home` inside this namespace.
"""

from django.urls import path

from . import health

app_name = "portal"

urlpatterns = [
    # Readiness and liveness for the load balancer (bare answers); the detail for staff and monitors.
    path("health/", health.ready, name="health"),
    path("health/live/", health.live, name="health_live"),
    path("health/detail/", health.detail, name="health_detail"),
]
