"""Work a lost broker message left before the outbox arrived is recorded in it, so its sweep finishes it:
the leases of unfinished runs still without an invoice (with its PDF), and the invoices of the last month
with a PDF but no e-mail sent."""

import datetime

from django.db import migrations


def adopt(apps, schema_editor):
    from portal.queue import pending_tasks_adopt

    invoice = apps.get_model("billing", "Invoice")
    issue = []
    for run in apps.get_model("billing", "BillingRun").objects.filter(finished_at__isnull=True):
        done = set(invoice.objects.filter(year=run.year, month=run.month, kind="invoice", lease_id__in=run.lease_ids)
                   .exclude(pdf_path="").values_list("lease_id", flat=True))
        issue += [{"lease_id": pk, "year": run.year, "month": run.month, "run_id": run.pk}
                  for pk in run.lease_ids if pk not in done]
    pending_tasks_adopt(apps, "billing.tasks.invoice_issue_task", issue)
    recent = datetime.date.today() - datetime.timedelta(days=31)
    unsent = (invoice.objects.filter(emailed_at__isnull=True, issued_on__gte=recent).exclude(pdf_path="")
              .values_list("pk", flat=True))
    pending_tasks_adopt(apps, "billing.tasks.invoice_email_task", [{"invoice_id": pk} for pk in unsent])


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial"), ("portal", "0001_pending_task")]
    operations = [migrations.RunPython(adopt, migrations.RunPython.noop)]
