"""The beat entries of the three per-domain sweeps the outbox replaced are removed from the database
scheduler (django-celery-beat keeps entries that left CELERY_BEAT_SCHEDULE, and would go on sending
tasks that no longer exist)."""

from django.db import migrations

RETIRED = [
    "notifications.tasks.notification_dispatch_pending_task",
    "evaluations.tasks.result_notify_pending_task",
    "exemptions.tasks.document_issue_pending_task",
]


def retire(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task__in=RETIRED).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_pending_task"), ("django_celery_beat", "0019_alter_periodictasks_options")]
    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
