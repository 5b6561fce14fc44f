"""Result notices not yet sent when the outbox arrived are recorded in it, so its sweep sends them."""

from django.db import migrations


def adopt(apps, schema_editor):
    from portal.queue import pending_tasks_adopt

    notices = apps.get_model("evaluations", "ResultNotice").objects.filter(sent_at__isnull=True)
    pending_tasks_adopt(apps, "evaluations.tasks.result_notify_task",
                        [{"application_id": pk} for pk in notices.values_list("application_id", flat=True)])


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial"), ("portal", "0001_pending_task")]
    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
