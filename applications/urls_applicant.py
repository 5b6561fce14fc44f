"""Applicant URLs: the multi-step application, documents, dashboard, messages."""

from django.urls import path

from . import views_applicant as views
from . import views_collaborators

urlpatterns = [
    path("apply/<str:code>/", views.application_start, name="start"),
    path("my/applications/", views.application_dashboard, name="dashboard"),
    path("my/applications/<int:pk>/", views.application_detail, name="detail"),
    path("my/applications/<int:pk>/edit/<slug:step>/", views.application_step, name="step"),
    path("my/applications/<int:pk>/documents/", views.application_documents, name="documents"),
    path("my/applications/<int:pk>/documents/<int:document_pk>/remove/", views.application_document_remove,
         name="document_remove"),
    path("my/applications/<int:pk>/documents/<int:document_pk>/download/", views.application_document_download,
         name="document_download"),
    path("my/applications/<int:pk>/answers/<int:file_pk>/download/", views.application_answer_file_download,
         name="answer_file_download"),
    path("my/applications/<int:pk>/review/", views.application_review, name="review"),
    path("my/applications/<int:pk>/receipt.pdf", views.application_receipt, name="receipt"),
    path("my/applications/<int:pk>/submit/", views.application_submit, name="submit"),
    path("my/applications/<int:pk>/resubmit/", views.application_resubmit, name="resubmit"),
    path("my/applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("my/applications/<int:pk>/decision-notice/", views.application_decision_notice, name="decision_notice"),
    path("my/applications/<int:pk>/messages/", views.application_message, name="message"),
    path("my/applications/<int:pk>/colleagues/invite/", views_collaborators.collaborator_invite,
         name="collaborator_invite"),
    path("my/applications/<int:pk>/colleagues/invitations/<int:invitation_pk>/withdraw/",
         views_collaborators.collaborator_invitation_revoke, name="collaborator_invitation_revoke"),
    path("my/applications/<int:pk>/colleagues/<int:collaborator_pk>/remove/",
         views_collaborators.collaborator_remove, name="collaborator_remove"),
    path("my/applications/invitations/<str:token>/", views_collaborators.collaborator_invitation,
         name="invitation"),
]
