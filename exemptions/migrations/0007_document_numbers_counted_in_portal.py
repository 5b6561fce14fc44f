"""Document numbers are taken from the portal's counter: each type and year goes on after the last
number it gave (its old counter, or the highest issued sequence if higher)."""

from django.db import migrations
from django.db.models import Max


def seed(apps, schema_editor):
    OldCounter = apps.get_model("exemptions", "NumberCounter")
    IssuedDocument = apps.get_model("exemptions", "IssuedDocument")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    last = {}
    for counter in OldCounter.objects.all():
        key = (f"exemption:{counter.exemption_type_id}", counter.year)
        last[key] = max(last.get(key, 0), counter.last)
    for row in IssuedDocument.objects.values("exemption_type_id", "year").annotate(top=Max("sequence")):
        key = (f"exemption:{row['exemption_type_id']}", row["year"])
        last[key] = max(last.get(key, 0), row["top"])
    for (series, year), value in last.items():
        counter, _ = NumberCounter.objects.get_or_create(series=series, year=year)
        if counter.last < value:
            counter.last = value
            counter.save(update_fields=["last"])


def unseed(apps, schema_editor):
    OldCounter = apps.get_model("exemptions", "NumberCounter")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    for counter in NumberCounter.objects.filter(series__startswith="exemption:"):
        OldCounter.objects.update_or_create(exemption_type_id=int(counter.series.split(":", 1)[1]),
                                            year=counter.year, defaults={"last": counter.last})
    NumberCounter.objects.filter(series__startswith="exemption:").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("exemptions", "0006_employee_consent_and_unique_identifiers"),
        ("portal", "0005_number_counter"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
