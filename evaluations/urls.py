"""URLs of the evaluator area and the applicant's presentation page (namespace "evaluations")."""

from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path("applications/<int:application_id>/declare/", views.declare, name="declare"),
    path("applications/<int:application_id>/documents/<int:document_id>/", views.document_download,
         name="document"),
    path("applications/<int:application_id>/answers/<int:file_id>/", views.answer_file_download,
         name="answer_file"),
    path("presentation/<int:application_id>/", views.presentation, name="presentation"),
    path("presentation/<int:application_id>/confirm/", views.presentation_confirm, name="presentation_confirm"),
]
