import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('premises', '0003_lessors_of_buildings'),
    ]

    operations = [
        migrations.AlterField(
            model_name='building',
            name='lessor',
            field=models.ForeignKey(help_text="Named on the bills of the building's leases; its account receives the payments.", on_delete=django.db.models.deletion.PROTECT, related_name='buildings', to='premises.lessor', verbose_name='lessor'),
        ),
        migrations.RemoveField(model_name='building', name='bank_name'),
        migrations.RemoveField(model_name='building', name='bank_account_number'),
        migrations.RemoveField(model_name='building', name='bank_account_holder'),
    ]
