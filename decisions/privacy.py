"""Personal-data file of decisions: the notices of refusals, ineligibility and non-selection (privacy/registry.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import (
    DESTROY_ELECTRONIC,
    Basis,
    Erasure,
    PersonalDataFile,
    Retention,
    Subject,
    Table,
    register,
    tables,
)
from privacy.retention import field_rule, register_rule

# A notice is the record of an administrative act: kept past every appeal period (행정소송 up to a year after the
# decision) and as long as the application file it decides. The district confirms the period against its
# records schedule and changes it in the retention schedule (Personal information → Retention schedule).
RETENTION = Retention("PRIVACY_DECISION_RETENTION_DAYS", 5 * 365, after=_("the date of the notice"))


def _owner(user, email: str) -> Q:
    """The notices of decisions about the person's own applications and requests: the decided record's owner,
    as that record's own personal-data table names it."""
    from .models import DecisionNotice

    q = Q(pk__in=[])
    owners = {table.model.lower(): table for _file, table in tables() if isinstance(table.owner, str)}
    for content_type in ContentType.objects.filter(
            pk__in=DecisionNotice.objects.values("content_type").distinct()):
        model = content_type.model_class()
        table = owners.get(model._meta.label_lower) if model is not None else None
        if table is not None:
            decided = model._default_manager.filter(table.owner_q(user, email)).values("pk")
            q |= Q(content_type=content_type, object_id__in=decided)
    return q


register(PersonalDataFile(
    key="decisions", name=_("Notices of decisions"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.APPLICANT_CONTACT),
    purpose=_("Notifying applicants and tenants of a refusal, an ineligibility or a non-selection with its reasons "
              "and the ways to appeal, and keeping the record of the decision"),
    items=_("the addressee (company or contact person), the matter and its receipt number, the reasons of the "
            "decision, the notice as PDF in Korean and English"),
    basis=Basis.STATUTE,
    basis_detail=_("Administrative Procedures Act §23 (reasons) and §26 (appeal routes)"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email", "storage"),
    tables=(
        Table(model="decisions.DecisionNotice", fields=("facts", "reasons", "reasons_en", "pdf_path", "pdf_en_path"),
              owner=_owner, erasure=Erasure.KEEP),
    ),
))

register_rule(field_rule(
    key="decisions.notices", file="decisions", what=_("notices of decisions and their PDFs"), retention=RETENTION,
    model="decisions.DecisionNotice", counted_from="notice_date", paths=("pdf_path", "pdf_en_path")))
