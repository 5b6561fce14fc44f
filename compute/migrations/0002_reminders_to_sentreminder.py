"""The GPU reminders already sent become outreach's sent reminders (kind "gpu_<kind>", the allocation, step
"YYYY-MM"), so that none goes again; then the table of compute's own goes. Back: the rows return."""

from django.db import migrations

FORWARD = """
INSERT INTO outreach_sentreminder (kind, object_id, step, sent_at)
SELECT 'gpu_' || kind, allocation_id, to_char(month, 'YYYY-MM'), sent_at FROM compute_allocationreminder
ON CONFLICT (kind, object_id, step) DO NOTHING
"""

BACKWARD = """
INSERT INTO compute_allocationreminder (allocation_id, kind, month, sent_at)
SELECT s.object_id, substr(s.kind, 5), to_date(s.step || '-01', 'YYYY-MM-DD'), s.sent_at
FROM outreach_sentreminder s JOIN compute_allocation a ON a.id = s.object_id
WHERE s.kind IN ('gpu_nearly_used', 'gpu_unused');
DELETE FROM outreach_sentreminder WHERE kind IN ('gpu_nearly_used', 'gpu_unused')
"""


class Migration(migrations.Migration):
    dependencies = [
        ("compute", "0001_initial"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.DeleteModel(name="AllocationReminder"),
    ]
