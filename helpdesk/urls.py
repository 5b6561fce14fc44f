"""URLs of helpdesk (namespace "helpdesk"): notices, FAQ, the footer's pages and the user's inquiries."""

from django.urls import path

from . import views

app_name = "helpdesk"

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/<int:pk>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/files/<int:attachment_id>/", views.notice_attachment, name="notice_attachment"),
    path("faq/", views.faq, name="faq"),
    path("directions/", views.directions, name="directions"),
    path("copyright/", views.copyright_policy, name="copyright"),
    path("email-collection-refusal/", views.email_collection_refusal, name="email_refusal"),
    path("inquiries/", views.inquiry_list, name="inquiry_list"),
    path("inquiries/new/", views.inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<int:pk>/reopen/", views.inquiry_reopen, name="inquiry_reopen"),
    path("inquiries/<int:pk>/resolve/", views.inquiry_resolve, name="inquiry_resolve"),
    path("inquiries/<int:pk>/files/<int:attachment_id>/", views.inquiry_attachment, name="inquiry_attachment"),
]
