"""The default wording of each kind of decision notice (decisions/defaults.py); staff edit it in the admin."""

from django.db import migrations

from decisions.defaults import WORDINGS, wording_defaults


def seed(apps, schema_editor):
    DecisionWording = apps.get_model("decisions", "DecisionWording")
    for kind in WORDINGS:
        korean = {name: value for name, value in wording_defaults(kind).items() if not name.endswith("_en")}
        DecisionWording.objects.get_or_create(kind=kind, defaults=korean)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_decision_notices_and_wording")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
