"""The exemption request's status log moves into the one log of every workflow, portal.StatusChange."""

from django.db import migrations

from portal.status_log_migration import move_into_status_change


class Migration(migrations.Migration):

    dependencies = [
        ("exemptions", "0004_outbox_pending_documents"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_status_change_log"),
    ]

    operations = [
        move_into_status_change(
            app_label="exemptions", log_model="RequestTransition", subject_model="ExemptionRequest",
            subject_field="request",
            names={"approved": "approve", "info_requested": "ask_info", "rejected": "reject",
                   "submitted": "resubmit"},
        ),
        migrations.DeleteModel(name="RequestTransition"),
    ]
