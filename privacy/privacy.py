"""Personal-data files of privacy itself: the access log of staff and evaluators (privacy/registry.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from .retention import Method, Rule, delete_rows, register_rule

ACCESS_LOG_RETENTION = Retention("PRIVACY_ACCESS_LOG_RETENTION_DAYS", 730, after=_("the access"))
RIGHTS_RETENTION = Retention("PRIVACY_RIGHTS_RETENTION_DAYS", 3 * 365, after=_("the answer"))

register(PersonalDataFile(
    key="access_log", name=_("Access log of personal data"),
    subjects=(Subject.STAFF, Subject.EVALUATOR),
    purpose=_("Recording who viewed, downloaded, exported or changed personal data, and reviewing it monthly"),
    items=_("account, role, IP address, date and time, whose data, what was done, the reason typed"),
    basis=Basis.STATUTE,
    basis_detail=_("PIPA §29 and the Standards for Securing Personal Information §8 (access records)"),
    retention=ACCESS_LOG_RETENTION,
    destruction=DESTROY_ELECTRONIC,
    tables=(
        # Whose data was opened (the person's name or e-mail as it was) is part of the record, but it is not the
        # staff member's own to download: left out of their export.
        Table(model="privacy.AccessLog", fields=("actor", "actor_label", "ip", "subject_label", "object_label"),
              owner="actor", erasure=Erasure.KEEP, not_exported=("subject_label", "object_label")),
        Table(model="privacy.AccessLogReview", fields=("reviewed_by",), owner="reviewed_by", erasure=Erasure.KEEP),
        # Who approved a retention period: kept with the schedule, named in the destruction register.
        Table(model="privacy.RetentionSchedule", fields=("approved_by",), owner="approved_by", erasure=Erasure.KEEP),
    ),
))

register(PersonalDataFile(
    key="rights_requests", name=_("Data subjects' requests"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.APPLICANT_CONTACT, Subject.FOREIGN_EMPLOYEE),
    purpose=_("Receiving and answering requests to see, correct or delete personal information or to stop its "
              "processing, and keeping the record of how each was answered"),
    items=_("name, e-mail address, phone number, the request, the answer or the reasons of a refusal"),
    basis=Basis.STATUTE,
    basis_detail=_("PIPA §35–§38 and its Enforcement Decree §41–§48"),
    retention=RIGHTS_RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email",),
    tables=(
        Table(model="privacy.RightsRequest", fields=("user", "name", "email", "phone", "details", "answer"),
              owner=lambda user, email: Q(user=user) | Q(email__iexact=email), erasure=Erasure.KEEP),
    ),
))


def _access_log_due(cutoff):
    from .access_log import AccessLog

    return AccessLog.objects.filter(at__lt=cutoff)


def _access_log_destroy(ids, now) -> int:
    from .access_log import access_log_prune

    return access_log_prune(ids=ids)


def _rights_due(cutoff):
    from .models import RightsRequest

    return RightsRequest.objects.exclude(answered_at=None).filter(answered_at__lt=cutoff)


register_rule(Rule(key="privacy.access_log", file="access_log", what=_("access log entries"),
                   retention=ACCESS_LOG_RETENTION, method=Method.DELETE, due=_access_log_due,
                   destroy=_access_log_destroy, covers=(("privacy.AccessLog", ()),)))
register_rule(Rule(key="privacy.rights_requests", file="rights_requests",
                   what=_("answered or refused data subjects' requests"), retention=RIGHTS_RETENTION,
                   method=Method.DELETE, due=_rights_due, destroy=delete_rows("privacy.RightsRequest"),
                   covers=(("privacy.RightsRequest", ()),)))
