"""The registry answers accounts' signals: every app's section of "download my data", and the erasure
of a deleted account's rows."""

from django.dispatch import receiver

from accounts.signals import user_anonymised, user_data_export

from .services import personal_data_erase, personal_data_export


@receiver(user_data_export, dispatch_uid="privacy.export")
def _export(sender, user, **kwargs):
    return personal_data_export(user=user, email=user.email)


@receiver(user_anonymised, dispatch_uid="privacy.erase")
def _erase(sender, user, email="", **kwargs):
    personal_data_erase(user=user, email=email or user.email)
