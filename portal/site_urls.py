"""URLs of the portal's own pages (namespace "portal")."""

from django.urls import path

from . import health, operations, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("operations/test-notification/", operations.test_notification, name="test_notification"),
]
