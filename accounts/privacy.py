"""Personal-data files of accounts: the account, the consents and the security log (privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, delete_rows, register_rule

SECURITY_LOG_RETENTION = Retention("PRIVACY_SECURITY_LOG_RETENTION_DAYS", 730, after=_("the event"))

register(PersonalDataFile(
    key="account", name=_("Member accounts"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.EVALUATOR, Subject.STAFF),
    purpose=_("Identifying members, logging in, notices about their applications, tenancy and requests"),
    items=_("e-mail address, name, phone number, preferred language; consents given and withdrawn"),
    basis=Basis.CONSENT, basis_detail=_("consent at sign-up"),
    retention=Retention("PRIVACY_ACCOUNT_RETENTION_DAYS", 0),
    destruction=DESTROY_ELECTRONIC,
    recipients=("email",),
    tables=(
        Table(model="accounts.User", fields=("email", "name", "phone"), owner="pk",
              erasure=Erasure.ANONYMISE, handled_by_app=True),
        Table(model="accounts.ConsentRecord", fields=("user",), owner="user", erasure=Erasure.KEEP,
              handled_by_app=True),
    ),
))

register(PersonalDataFile(
    key="security_log", name=_("Security log"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.EVALUATOR, Subject.STAFF),
    purpose=_("Protecting accounts: logins, failed logins, lockouts and changes of security settings"),
    items=_("e-mail address as typed, IP address, browser (user agent), date and time"),
    basis=Basis.STATUTE,
    basis_detail=_("PIPA §29 and the Standards for Securing Personal Information §8 (access records)"),
    retention=SECURITY_LOG_RETENTION,
    destruction=DESTROY_ELECTRONIC,
    tables=(
        Table(model="accounts.SecurityEvent", fields=("user", "email", "ip", "user_agent"), owner="user",
              erasure=Erasure.KEEP, handled_by_app=True),
    ),
))


def _security_events_due(cutoff):
    from .models import SecurityEvent

    return SecurityEvent.objects.filter(at__lt=cutoff)


register_rule(Rule(key="accounts.security_log", file="security_log", what=_("security log entries"),
                   retention=SECURITY_LOG_RETENTION, method=Method.DELETE, due=_security_events_due,
                   destroy=delete_rows("accounts.SecurityEvent"),
                   covers=(("accounts.SecurityEvent", ()),)))
