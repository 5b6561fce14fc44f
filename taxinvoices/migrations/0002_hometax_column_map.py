"""The default column map of the Hometax files (taxinvoices/hometax.py); staff correct it in the admin."""

from django.db import migrations


def seed(apps, schema_editor):
    from taxinvoices.hometax import columns_seed

    columns_seed(apps)


class Migration(migrations.Migration):
    dependencies = [("taxinvoices", "0001_tax_invoices")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
