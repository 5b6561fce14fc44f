"""Personal-data file of helpdesk: inquiries, their attachments and staff's notes; who wrote a notice
(privacy/registry.py)."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register

register(PersonalDataFile(
    key="inquiries", name=_("Inquiries (1:1 문의)"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Answering the questions users ask the district, and keeping the record of the answer"),
    items=_("the asker's account, the question and its attachments, the application, invoice or booking it is "
            "about, the answer, the officer who answered and staff's internal notes"),
    basis=Basis.STATUTE,
    basis_detail=_("Civil Petitions Treatment Act (민원 처리에 관한 법률)"),
    retention=Retention("PRIVACY_INQUIRY_RETENTION_DAYS", 3 * 365, after=_("the answer")),
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
