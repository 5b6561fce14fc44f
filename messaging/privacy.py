"""Personal-data file of messaging: the verified mobile numbers, the verification codes and the KakaoTalk and
text messages sent (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import field_rule, register_rule

RETENTION = Retention("PRIVACY_MESSAGE_RETENTION_DAYS", 365, after=_("the message is sent"),
                      what=_("messages sent and verification codes"))

register(PersonalDataFile(
    key="messaging", name=_("KakaoTalk and text messages"),
    subjects=(Subject.ACCOUNT_HOLDER,),
    purpose=_("Sending the notices that must not be missed (deadlines, invoices, answers) by KakaoTalk or "
              "text message, and the district's group messages by text message, to members who chose it, and "
              "proving their mobile number"),
    items=_("mobile number, its verification (hashed code, times, attempts), the channel chosen, the consent to "
            "advertising messages and its time, each message's text and delivery result"),
    basis=Basis.CONSENT, basis_detail=_("the member's choice of KakaoTalk on their account page"),
    # The number and the channel chosen stay while the account does; the messages and codes a year.
    retention=Retention("PRIVACY_ACCOUNT_RETENTION_DAYS", 0, what=_("the mobile number and the channel chosen"),
                        also=(RETENTION,)),
    destruction=DESTROY_ELECTRONIC,
    recipients=("messaging",),
    tables=(
        Table(model="messaging.MessagingProfile", fields=("user", "phone", "phone_verified_at"), owner="user",
              erasure=Erasure.DELETE),
        Table(model="messaging.PhoneVerification", fields=("user", "phone"), owner="user", erasure=Erasure.DELETE),
        Table(model="messaging.Delivery", fields=("user", "phone", "subject", "text", "sms_text", "variables"),
              owner="user", erasure=Erasure.DELETE),
    ),
))


register_rule(field_rule(key="messaging.deliveries", file="messaging", what=_("KakaoTalk and text messages"),
                         retention=RETENTION, model="messaging.Delivery", counted_from="created_at"))
register_rule(field_rule(key="messaging.verifications", file="messaging", what=_("phone verification codes"),
                         retention=RETENTION, model="messaging.PhoneVerification", counted_from="created_at"))
