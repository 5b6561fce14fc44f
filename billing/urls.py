"""URLs of the tenant's billing pages (namespace "billing")."""

from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:company_id>/", views.company, name="company"),
    path("<int:company_id>/invoices/<int:invoice_id>/pdf/", views.invoice_pdf, name="invoice_pdf"),
]
