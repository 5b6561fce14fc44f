"""E-mails still pending when the outbox arrived are recorded in it, so its sweep sends them."""

from django.db import migrations


def adopt(apps, schema_editor):
    from portal.queue import pending_tasks_adopt

    ids = apps.get_model("notifications", "Notification").objects.filter(email_status="pending")
    pending_tasks_adopt(apps, "notifications.tasks.notification_send_email_task",
                        [{"notification_id": pk} for pk in ids.values_list("pk", flat=True)])


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial"), ("portal", "0001_pending_task")]
    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
