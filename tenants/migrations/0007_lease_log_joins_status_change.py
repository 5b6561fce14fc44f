"""The lease's status log moves into the one log of every workflow, portal.StatusChange."""

from django.db import migrations

from portal.status_log_migration import move_into_status_change


class Migration(migrations.Migration):

    dependencies = [
        ("tenants", "0006_stored_file_names_generated"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_status_change_log"),
    ]

    operations = [
        move_into_status_change(
            app_label="tenants", log_model="LeaseTransition", subject_model="Lease", subject_field="lease",
            names={"signed": "sign", "active": "activate", "ending": "begin_ending", "ended": "end",
                   "terminated": "terminate"},
        ),
        migrations.DeleteModel(name="LeaseTransition"),
    ]
