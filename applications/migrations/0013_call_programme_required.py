import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("applications", "0012_tenancy_programme")]

    operations = [
        migrations.AlterField(
            model_name="call",
            name="programme",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="calls",
                                    to="applications.programme", verbose_name="programme"),
        ),
    ]
