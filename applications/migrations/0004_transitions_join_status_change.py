"""The application's status changes move into the one log of every workflow, portal.StatusChange."""

from django.db import migrations


def _content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="applications", model="application")[0]


def copy_into_status_change(apps, schema_editor):
    ApplicationTransition = apps.get_model("applications", "ApplicationTransition")
    StatusChange = apps.get_model("portal", "StatusChange")
    content_type = _content_type(apps)
    rows = ApplicationTransition.objects.order_by("pk").iterator(chunk_size=2000)
    batch = []
    for row in rows:
        batch.append(StatusChange(
            content_type=content_type, object_id=row.application_id, name=row.name, from_status=row.from_status,
            to_status=row.to_status, actor_id=row.actor_id, actor_kind="user" if row.actor_id else "system",
            reason=row.reason, at=row.at,
        ))
        if len(batch) == 2000:
            StatusChange.objects.bulk_create(batch)
            batch = []
    StatusChange.objects.bulk_create(batch)


def copy_back(apps, schema_editor):
    ApplicationTransition = apps.get_model("applications", "ApplicationTransition")
    StatusChange = apps.get_model("portal", "StatusChange")
    changes = StatusChange.objects.filter(content_type=_content_type(apps)).order_by("pk")
    ApplicationTransition.objects.bulk_create(
        ApplicationTransition(application_id=c.object_id, name=c.name, from_status=c.from_status,
                              to_status=c.to_status, actor_id=c.actor_id, reason=c.reason, at=c.at)
        for c in changes.iterator(chunk_size=2000)
    )
    changes.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0003_application_application_newest_first"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0003_status_change_log"),
    ]

    operations = [
        migrations.RunPython(copy_into_status_change, copy_back),
        migrations.DeleteModel(name="ApplicationTransition"),
    ]
