"""Personal-data file of notifications: the notices and e-mails sent to a user (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, delete_rows, register_rule

RETENTION = Retention("PRIVACY_NOTIFICATION_RETENTION_DAYS", 365, after=_("the notice is sent"))

register(PersonalDataFile(
    key="notifications", name=_("Notices and e-mails"),
    subjects=(Subject.ACCOUNT_HOLDER,),
    purpose=_("Telling members of the progress of their applications, tenancy, invoices and requests"),
    items=_("e-mail address, the notice's title and content"),
    basis=Basis.CONSENT, basis_detail=_("consent at sign-up"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email", "messaging"),
    tables=(
        Table(model="notifications.Notification", fields=("recipient", "email", "title", "context"),
              owner="recipient", erasure=Erasure.DELETE),
    ),
))


def _notifications_due(cutoff):
    from .models import Notification

    return Notification.objects.filter(created_at__lt=cutoff)


register_rule(Rule(key="notifications.notifications", file="notifications", what=_("notices and their e-mails"),
                   retention=RETENTION, method=Method.DELETE, due=_notifications_due,
                   destroy=delete_rows("notifications.Notification"),
                   covers=(("notifications.Notification", ()),)))
