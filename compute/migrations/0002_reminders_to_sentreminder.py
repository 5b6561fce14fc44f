"""The GPU reminders already sent become outreach's sent reminders (kind "gpu_<kind>", the allocation, step
"YYYY-MM"), so that none goes again; then the table of compute's own goes. Back: the rows return."""

import datetime

from django.db import migrations

KINDS = ("gpu_nearly_used", "gpu_unused")


def forward(apps, schema_editor):
    AllocationReminder = apps.get_model("compute", "AllocationReminder")
    SentReminder = apps.get_model("outreach", "SentReminder")
    for r in AllocationReminder.objects.all():  # sent_at is set on creation, so it is given its time after
        key = {"kind": f"gpu_{r.kind}", "object_id": r.allocation_id, "step": f"{r.month:%Y-%m}"}
        if not SentReminder.objects.filter(**key).exists():
            SentReminder.objects.create(**key)
            SentReminder.objects.filter(**key).update(sent_at=r.sent_at)


def backward(apps, schema_editor):
    AllocationReminder = apps.get_model("compute", "AllocationReminder")
    Allocation = apps.get_model("compute", "Allocation")
    SentReminder = apps.get_model("outreach", "SentReminder")
    sent = SentReminder.objects.filter(kind__in=KINDS)
    allocations = set(Allocation.objects.filter(pk__in=sent.values("object_id")).values_list("pk", flat=True))
    for s in sent:
        if s.object_id in allocations:
            reminder = AllocationReminder.objects.create(allocation_id=s.object_id, kind=s.kind.removeprefix("gpu_"),
                                                         month=datetime.date.fromisoformat(f"{s.step}-01"))
            AllocationReminder.objects.filter(pk=reminder.pk).update(sent_at=s.sent_at)
    sent.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("compute", "0001_initial"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="AllocationReminder"),
    ]
