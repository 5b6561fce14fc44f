"""Public URLs of applications: programmes and their calls for applications.

The home page (`applications.views_public.home`) is routed by the root URLconf under the name
`portal:home`.
"""

from django.urls import path

from . import views_public

urlpatterns: list = [
    path("programmes/", views_public.programme_list, name="programme_list"),
    path("programmes/<slug:code>/", views_public.programme_detail, name="programme_detail"),
    path("calls/", views_public.call_list, name="call_list"),
    path("calls/<str:code>/", views_public.call_detail, name="call_detail"),
    path("calls/<str:code>/files/<int:pk>/", views_public.call_file, name="call_file"),
    path("calls/<str:code>/consent-form/<str:language>/", views_public.call_consent_form, name="consent_form"),
]
