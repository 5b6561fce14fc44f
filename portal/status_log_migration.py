"""A data migration that moves a model's own status log into portal.StatusChange (and back when undone)."""

from django.db import migrations


def move_into_status_change(
    *, app_label: str, log_model: str, subject_model: str, subject_field: str, names: dict[str, str],
) -> migrations.RunPython:
    """`names` gives the transition's name by target status (a log of the old shape has no name); a row
    without a user was written by the portal itself."""

    def content_type(apps):
        ContentType = apps.get_model("contenttypes", "ContentType")
        return ContentType.objects.get_or_create(app_label=app_label, model=subject_model.lower())[0]

    def forward(apps, schema_editor):
        Log = apps.get_model(app_label, log_model)
        StatusChange = apps.get_model("portal", "StatusChange")
        subject_type = content_type(apps)
        batch = []
        for row in Log.objects.order_by("pk").iterator(chunk_size=2000):
            batch.append(StatusChange(
                content_type=subject_type, object_id=getattr(row, f"{subject_field}_id"),
                name=names.get(row.to_status, "") if row.from_status else "", from_status=row.from_status,
                to_status=row.to_status, actor_id=row.actor_id, actor_kind="user" if row.actor_id else "system",
                reason=row.reason, at=row.created_at,
            ))
            if len(batch) == 2000:
                StatusChange.objects.bulk_create(batch)
                batch = []
        StatusChange.objects.bulk_create(batch)

    def backward(apps, schema_editor):
        Log = apps.get_model(app_label, log_model)
        StatusChange = apps.get_model("portal", "StatusChange")
        changes = StatusChange.objects.filter(content_type=content_type(apps)).order_by("pk")
        for change in changes.iterator(chunk_size=2000):
            row = Log.objects.create(**{f"{subject_field}_id": change.object_id}, from_status=change.from_status,
                                     to_status=change.to_status, actor_id=change.actor_id, reason=change.reason)
            Log.objects.filter(pk=row.pk).update(created_at=change.at)  # auto_now_add ignores a given value
        changes.delete()

    return migrations.RunPython(forward, backward)
