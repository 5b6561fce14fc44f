"""Invoice and credit-note numbers are taken from the portal's counter: each prefix and month goes on
after the last number it gave (its old counter, or the highest issued number if higher)."""

from django.db import migrations


def seed(apps, schema_editor):
    InvoiceSequence = apps.get_model("billing", "InvoiceSequence")
    Invoice = apps.get_model("billing", "Invoice")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    last = {}
    for sequence in InvoiceSequence.objects.all():
        key = (f"billing:{sequence.prefix}-{sequence.month:02d}", sequence.year)
        last[key] = max(last.get(key, 0), sequence.last)
    for number in Invoice.objects.values_list("number", flat=True):
        prefix, year, month, tail = number.split("-")  # INV-2026-12-0001
        key = (f"billing:{prefix}-{month}", int(year))
        last[key] = max(last.get(key, 0), int(tail))
    for (series, year), value in last.items():
        counter, _ = NumberCounter.objects.get_or_create(series=series, year=year)
        if counter.last < value:
            counter.last = value
            counter.save(update_fields=["last"])


def unseed(apps, schema_editor):
    InvoiceSequence = apps.get_model("billing", "InvoiceSequence")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    for counter in NumberCounter.objects.filter(series__startswith="billing:"):
        prefix, month = counter.series.split(":", 1)[1].split("-")
        InvoiceSequence.objects.update_or_create(prefix=prefix, year=counter.year, month=int(month),
                                                 defaults={"last": counter.last})
    NumberCounter.objects.filter(series__startswith="billing:").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("billing", "0003_invoice_log_joins_status_change"),
        ("portal", "0005_number_counter"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
