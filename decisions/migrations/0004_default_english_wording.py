"""The default English wording of each kind of decision notice (decisions/defaults.py), where staff left it empty."""

from django.db import migrations

from decisions.defaults import WORDINGS_EN, wording_defaults


def seed(apps, schema_editor):
    DecisionWording = apps.get_model("decisions", "DecisionWording")
    for kind in WORDINGS_EN:
        defaults = {name: value for name, value in wording_defaults(kind).items() if name.endswith("_en")}
        wording, _created = DecisionWording.objects.get_or_create(kind=kind, defaults=wording_defaults(kind))
        empty = [name for name in defaults if not getattr(wording, name)]
        for name in empty:
            setattr(wording, name, defaults[name])
        if empty:
            wording.save(update_fields=empty)


class Migration(migrations.Migration):
    dependencies = [("decisions", "0003_english_notice")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
