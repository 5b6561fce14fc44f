"""Approved requests without a document when the outbox arrived are recorded in it, so its sweep issues them."""

from django.db import migrations


def adopt(apps, schema_editor):
    from portal.queue import pending_tasks_adopt

    requests = apps.get_model("exemptions", "ExemptionRequest").objects.filter(
        status="approved", document__isnull=True)
    pending_tasks_adopt(apps, "exemptions.tasks.document_issue_task",
                        [{"request_id": pk} for pk in requests.values_list("pk", flat=True)])


class Migration(migrations.Migration):
    dependencies = [("exemptions", "0003_kept_upload"), ("portal", "0001_pending_task")]
    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
