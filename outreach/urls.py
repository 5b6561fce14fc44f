"""URLs of outreach (namespace "outreach")."""

from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("messages/<int:pk>/", views.message_detail, name="message"),
]
