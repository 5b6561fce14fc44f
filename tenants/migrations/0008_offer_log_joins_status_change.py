"""The offer's status log moves into the one log of every workflow, portal.StatusChange."""

from django.db import migrations

from portal.status_log_migration import move_into_status_change


class Migration(migrations.Migration):

    dependencies = [
        ("tenants", "0007_lease_log_joins_status_change"),
    ]

    operations = [
        move_into_status_change(
            app_label="tenants", log_model="OfferTransition", subject_model="Offer", subject_field="offer",
            names={"accepted": "accept", "declined": "decline", "withdrawn": "withdraw", "lapsed": "lapse"},
        ),
        migrations.DeleteModel(name="OfferTransition"),
    ]
