"""The group message's status on the workflow engine: messages already sent become "sent", each with the status
change its sending would have left (by whom and when, as sent_by and sent_at recorded it; always a person, even
where that account is gone)."""

from django.db import migrations, models


def _content_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="outreach", model="groupmessage")[0]


def sent_messages_status(apps, schema_editor):
    GroupMessage = apps.get_model("outreach", "GroupMessage")
    StatusChange = apps.get_model("portal", "StatusChange")
    sent = GroupMessage.objects.filter(sent_at__isnull=False)
    if not sent.exists():
        return
    content_type = _content_type(apps)
    StatusChange.objects.bulk_create(
        StatusChange(content_type=content_type, object_id=message.pk, name="send", from_status="draft",
                     to_status="sent", actor_id=message.sent_by_id, actor_kind="user", reason="",
                     at=message.sent_at)
        for message in sent.only("pk", "sent_at", "sent_by_id").iterator(chunk_size=2000))
    sent.update(status="sent")


def sent_messages_status_undone(apps, schema_editor):
    StatusChange = apps.get_model("portal", "StatusChange")
    StatusChange.objects.filter(content_type=_content_type(apps)).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("outreach", "0001_initial"),
        ("portal", "0003_status_change_log"),
    ]

    operations = [
        migrations.AddField(
            model_name="groupmessage",
            name="status",
            field=models.CharField(choices=[("draft", "Draft"), ("sent", "Sent")], default="draft", editable=False,
                                   max_length=10, verbose_name="status"),
        ),
        migrations.RunPython(sent_messages_status, sent_messages_status_undone),
    ]
