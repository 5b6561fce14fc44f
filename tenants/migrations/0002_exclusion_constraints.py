"""PostgreSQL exclusion constraints: no overlapping leases of a unit, no overlapping room bookings.

They need the btree_gist extension (equality on the unit / room id inside a GiST index). Other
databases (SQLite for a quick local run) skip them; the services check overlaps under row locks too.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE tenants_lease ADD CONSTRAINT lease_no_overlap_per_unit EXCLUDE USING gist (
        unit_id WITH =, daterange(start_date, end_date, '[]') WITH &&
    ) WHERE (status <> 'terminated')""",
    """ALTER TABLE tenants_booking ADD CONSTRAINT booking_no_overlap_per_room EXCLUDE USING gist (
        room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (cancelled_at IS NULL)""",
]
BACKWARD = [
    "ALTER TABLE tenants_booking DROP CONSTRAINT IF EXISTS booking_no_overlap_per_room",
    "ALTER TABLE tenants_lease DROP CONSTRAINT IF EXISTS lease_no_overlap_per_unit",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
