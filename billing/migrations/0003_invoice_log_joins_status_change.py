"""The invoice's status log moves into the one log of every workflow, portal.StatusChange."""

from django.db import migrations

from portal.status_log_migration import move_into_status_change


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0002_outbox_pending_invoices"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_status_change_log"),
    ]

    operations = [
        move_into_status_change(
            app_label="billing", log_model="InvoiceStatusChange", subject_model="Invoice", subject_field="invoice",
            names={"partly_paid": "pay_in_part", "paid": "pay_in_full", "cancelled": "cancel",
                   "overdue": "fall_overdue"},
        ),
        migrations.DeleteModel(name="InvoiceStatusChange"),
    ]
