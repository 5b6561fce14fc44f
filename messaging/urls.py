"""URLs of messaging (namespace "messaging"): the actions of the account page's messaging section."""

from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("phone/", views.phone_start, name="phone_start"),
    path("phone/verify/", views.phone_confirm, name="phone_confirm"),
    path("phone/remove/", views.phone_forget, name="phone_forget"),
    path("channel/", views.channel, name="channel"),
    path("advertising/", views.ads_consent, name="ads_consent"),
]
