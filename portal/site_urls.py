"""URLs of the portal's own pages (namespace "portal").

The home page ("" named `portal:home`) shows the open call, so the root URLconf routes it to
`applications.views_public.home` inside this namespace.
"""

from django.urls import path

from . import health

app_name = "portal"

urlpatterns = [
    path("health/", health.health, name="health"),
]
