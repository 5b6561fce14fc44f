"""URLs of exemptions (namespace "exemptions"): the tenant's requests and documents, public verification."""

from django.urls import path

from . import views

app_name = "exemptions"

urlpatterns = [
    path("", views.my_exemptions, name="mine"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:number>/<str:code>/", views.verify_link, name="verify_link"),
    path("consent/<int:request_id>/<str:token>/", views.employee_consent, name="employee_consent"),
    path("consent/<int:request_id>/<str:token>/withdraw/", views.employee_consent_withdraw,
         name="employee_consent_withdraw"),
    path("<int:company_id>/", views.request_list, name="list"),
    path("<int:company_id>/new/<str:type_code>/", views.request_create, name="create"),
    path("<int:company_id>/requests/<int:request_id>/", views.request_detail, name="request"),
    path("<int:company_id>/requests/<int:request_id>/edit/", views.request_edit, name="request_edit"),
    path("<int:company_id>/requests/<int:request_id>/decision-notice/", views.request_decision_notice,
         name="decision_notice"),
    path("<int:company_id>/requests/<int:request_id>/consent-link/", views.consent_resend, name="consent_resend"),
    path("<int:company_id>/requests/<int:request_id>/consent-form/", views.consent_form, name="consent_form"),
    path("<int:company_id>/requests/<int:request_id>/consent-form/signed/", views.consent_form_upload,
         name="consent_form_upload"),
    path("<int:company_id>/requests/<int:request_id>/uploads/<str:code>/", views.request_upload,
         name="request_upload"),
    path("<int:company_id>/documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:company_id>/documents/<int:document_id>/en/", views.document_download, {"language": "en"},
         name="document_en"),
    path("<int:company_id>/documents/<int:document_id>/hwpx/", views.document_download, {"format": "hwpx"},
         name="document_hwpx"),
    path("<int:company_id>/documents/<int:document_id>/en/hwpx/", views.document_download,
         {"language": "en", "format": "hwpx"}, name="document_en_hwpx"),
]
