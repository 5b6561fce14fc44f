"""Personal-data file of outreach: who received which group message, who wrote and sent it
(privacy/registry.py). The copies themselves are notifications, in that file."""

from django.utils.translation import gettext_lazy as _

from notifications.privacy import RETENTION
from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Subject, Table, register
from privacy.retention import Method, Rule, delete_rows, register_rule

register(PersonalDataFile(
    key="group_messages", name=_("Group messages"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Telling applicants, evaluators and tenants what concerns their group, and showing staff "
              "whom each message reached"),
    items=_("the recipient's account and the delivery of their copy; the staff member who wrote and sent it"),
    basis=Basis.CONSENT, basis_detail=_("consent at sign-up"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email",),
    tables=(
        Table(model="outreach.GroupMessageRecipient", fields=("user",), owner="user", erasure=Erasure.DELETE),
        Table(model="outreach.GroupMessage", fields=("created_by",), owner="created_by", erasure=Erasure.KEEP),
        Table(model="outreach.GroupMessage", fields=("sent_by",), owner="sent_by", erasure=Erasure.KEEP),
    ),
))


def _recipients_due(cutoff):
    from .models import GroupMessageRecipient

    return GroupMessageRecipient.objects.filter(created_at__lt=cutoff)


register_rule(Rule(key="outreach.recipients", file="group_messages", what=_("the recipients of group messages"),
                   retention=RETENTION, method=Method.DELETE, due=_recipients_due,
                   destroy=delete_rows("outreach.GroupMessageRecipient"),
                   covers=(("outreach.GroupMessageRecipient", ()),)))
