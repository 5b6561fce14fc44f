"""Receipt numbers are taken from the portal's counter: each call's series starts after the last
number it gave (its old counter, or the highest number of its applications if higher)."""

from django.db import migrations


def seed(apps, schema_editor):
    Call = apps.get_model("applications", "Call")
    Application = apps.get_model("applications", "Application")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    for call in Call.objects.all():
        last = call.last_receipt_sequence
        for receipt in Application.objects.filter(call=call).exclude(receipt_number="").values_list(
                "receipt_number", flat=True):
            tail = receipt.rsplit("-", 1)[-1]
            if tail.isdigit():
                last = max(last, int(tail))
        if last:
            counter, _ = NumberCounter.objects.get_or_create(series=f"call-receipt:{call.pk}", year=0)
            if counter.last < last:
                counter.last = last
                counter.save(update_fields=["last"])


def unseed(apps, schema_editor):
    Call = apps.get_model("applications", "Call")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    for counter in NumberCounter.objects.filter(series__startswith="call-receipt:", year=0):
        Call.objects.filter(pk=int(counter.series.split(":", 1)[1])).update(last_receipt_sequence=counter.last)
    NumberCounter.objects.filter(series__startswith="call-receipt:").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0005_application_consents_and_truth_declaration"),
        ("portal", "0005_number_counter"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
