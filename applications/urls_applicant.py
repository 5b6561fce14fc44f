"""Applicant URLs: the multi-step application, documents, dashboard, messages."""

urlpatterns: list = []
