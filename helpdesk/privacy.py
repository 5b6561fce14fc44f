"""Personal-data file of helpdesk: inquiries, their attachments and staff's notes; who wrote a notice
(privacy/registry.py)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, numbers_or_ids, register_rule

RETENTION = Retention("PRIVACY_INQUIRY_RETENTION_DAYS", 3 * 365, after=_("the answer"))


def _due(cutoff):
    from .models import Inquiry
    from .workflow import InquiryStatus

    return Inquiry.objects.filter(status__in=(InquiryStatus.ANSWERED, InquiryStatus.CLOSED), answered_at__lt=cutoff)


def _destroy(ids, now) -> int:
    """Delete the inquiries with their attachments (files too, after commit) and staff's notes."""
    from .models import Inquiry, InquiryAttachment

    attachments = InquiryAttachment.objects.filter(inquiry_id__in=ids)
    storage = InquiryAttachment._meta.get_field("file").storage
    for path in [path for path in attachments.values_list("file", flat=True) if path]:
        transaction.on_commit(lambda path=path: storage.delete(path))
    _total, per_model = Inquiry.objects.filter(pk__in=ids).delete()
    return per_model.get(Inquiry._meta.label, 0)


register(PersonalDataFile(
    key="inquiries", name=_("Inquiries (1:1 문의)"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Answering the questions users ask the district, and keeping the record of the answer"),
    items=_("the asker's account, the question and its attachments, the application, invoice or booking it is "
            "about, the answer, the officer who answered and staff's internal notes"),
    basis=Basis.STATUTE,
    basis_detail=_("Civil Petitions Treatment Act (민원 처리에 관한 법률)"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email", "storage"),
    tables=(
        Table(model="helpdesk.Inquiry", fields=("asker", "subject", "body", "answer"), owner="asker",
              erasure=Erasure.KEEP),
        Table(model="helpdesk.Inquiry", fields=("assigned_to", "answered_by"), owner="answered_by",
              erasure=Erasure.KEEP),
        Table(model="helpdesk.InquiryAttachment", fields=("file", "name"), owner="inquiry__asker",
              erasure=Erasure.KEEP),
        Table(model="helpdesk.InquiryNote", fields=("author",), owner="author", erasure=Erasure.KEEP),
        Table(model="helpdesk.Notice", fields=("created_by",), owner="created_by", erasure=Erasure.KEEP),
    ),
))

register_rule(Rule(key="helpdesk.inquiries", file="inquiries",
                   what=_("answered inquiries with their attachments and staff's notes"), retention=RETENTION,
                   method=Method.DELETE, due=_due, destroy=_destroy,
                   covers=(("helpdesk.Inquiry", ()), ("helpdesk.InquiryAttachment", ()), ("helpdesk.InquiryNote", ())),
                   references=numbers_or_ids("helpdesk.Inquiry", "number")))
