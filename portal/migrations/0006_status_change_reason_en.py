"""A status change keeps the English of a decision's reasons beside them, for the English notice."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0005_number_counter"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuschange",
            name="reason_en",
            field=models.TextField(
                blank=True, verbose_name="reasons in English",
                help_text="Of a decision whose notice has an English translation: the reasons as it prints them."),
        ),
    ]
