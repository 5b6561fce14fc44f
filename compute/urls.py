"""URLs of the grantee's GPU allocation pages (namespace "compute")."""

from django.urls import path

from . import views

app_name = "compute"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:allocation_id>/", views.allocation_detail, name="allocation"),
]
