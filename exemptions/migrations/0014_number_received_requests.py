"""Give the requests already received their receipt numbers (접수번호), in the order they were received, one
series a year, and move the portal's counter past them so that new receipts follow on."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations
from django.utils import timezone

SERIES = "exemptions:receipt"


def forwards(apps, schema_editor):
    ExemptionRequest = apps.get_model("exemptions", "ExemptionRequest")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    prefix = settings.EXEMPTIONS_RECEIPT_NUMBER_PREFIX
    last: dict[int, int] = defaultdict(int)
    for counter in NumberCounter.objects.filter(series=SERIES):
        last[counter.year] = counter.last
    received = ExemptionRequest.objects.filter(received_at__isnull=False, receipt_number="").order_by(
        "received_at", "pk")
    for request in received.iterator():
        year = timezone.localtime(request.received_at).year
        last[year] += 1
        request.receipt_number = f"{prefix}-{year}-{last[year]:04d}"
        request.save(update_fields=["receipt_number"])
    for year, number in last.items():
        counter, _created = NumberCounter.objects.get_or_create(series=SERIES, year=year, defaults={"last": 0})
        if counter.last < number:
            counter.last = number
            counter.save(update_fields=["last"])


def backwards(apps, schema_editor):
    apps.get_model("exemptions", "ExemptionRequest").objects.update(receipt_number="")
    apps.get_model("portal", "NumberCounter").objects.filter(series=SERIES).delete()


class Migration(migrations.Migration):
    dependencies = [("exemptions", "0013_request_receipt_numbers"), ("portal", "0005_number_counter")]
    operations = [migrations.RunPython(forwards, backwards)]
