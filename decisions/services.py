"""Writes of decisions: give a decision's notice (reasons required) and render its PDF once."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError
from portal.formatting import format_official_date
from portal.pdf import render_pdf
from portal.queue import enqueue_on_commit
from portal.working_days import is_working_day

from .defaults import wording_defaults
from .models import DecisionKind, DecisionNotice, DecisionWording

WORDING_FIELDS = ("title", "matter_label", "decision_text", "authority", "objection_days", "objection_text",
                  "appeal_days", "appeal_text", "lawsuit_days", "lawsuit_text", "contact_department",
                  "contact_phone")


def period_end(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` days counted from the day after `start` (초일 불산입); a last day
    on a Saturday or a public holiday moves to the next day (민법 §161, as 행정기본법 §6 applies it)."""
    end = start + dt.timedelta(days=days)
    while not is_working_day(end, closures=set()):
        end += dt.timedelta(days=1)
    return end


def wording_for(kind: str) -> dict:
    wording = DecisionWording.objects.filter(kind=kind).first()
    if wording is None:
        return wording_defaults(kind)
    return {name: getattr(wording, name) for name in WORDING_FIELDS}


def appeal_deadlines(*, wording: dict, notice_date: dt.date) -> dict[str, dt.date | None]:
    return {route: period_end(notice_date, wording[f"{route}_days"]) if wording[f"{route}_days"] else None
            for route in ("objection", "appeal", "lawsuit")}


@transaction.atomic
def decision_notice_issue(
    *, subject, kind: str, reasons: str, addressee: str, matter: str, reference: str = "",
    decided_at: dt.datetime | None = None, notice_date: dt.date | None = None,
) -> DecisionNotice:
    """Record the notice of a decision about `subject` (once per subject and kind) with its reasons, the
    wording as it stands today and the appeal deadlines counted from the notice date; the PDF follows
    after commit. A decision without reasons is refused (행정절차법 §23)."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError(_("Give the reasons for the decision: the notice states them."), code="reason",
                          field="reason")
    kind = DecisionKind(kind)
    decided_at = decided_at or timezone.now()
    notice_date = notice_date or timezone.localdate(decided_at)
    wording = wording_for(kind)
    deadlines = appeal_deadlines(wording=wording, notice_date=notice_date)
    facts = {
        "addressee": addressee, "matter": matter, "reference": reference, "wording": wording,
        "deadlines": {route: day.isoformat() if day else "" for route, day in deadlines.items()},
    }
    notice, created = DecisionNotice.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind=kind,
        defaults={"reasons": reasons, "decided_at": decided_at, "notice_date": notice_date, "facts": facts},
    )
    if created:
        from .tasks import decision_notice_render_task

        enqueue_on_commit(decision_notice_render_task, notice_id=notice.pk)
    return notice


def _render_data(notice: DecisionNotice) -> dict:
    facts = notice.facts
    wording = facts["wording"]
    routes = []
    for route, label in (("objection", "이의신청"), ("appeal", "행정심판"), ("lawsuit", "행정소송")):
        deadline = facts["deadlines"].get(route)
        if not deadline:
            continue
        day = dt.date.fromisoformat(deadline)
        routes.append({
            "label": label, "text": wording[f"{route}_text"],
            "deadline": f"{format_official_date(day, 'ko')}까지 (통지일부터 {wording[f'{route}_days']}일)",
        })
    return {
        "title": wording["title"], "addressee": facts["addressee"], "matter_label": wording["matter_label"],
        "matter": facts["matter"], "reference": facts["reference"], "decision_text": wording["decision_text"],
        "reasons": notice.reasons,
        "decided_on": format_official_date(timezone.localdate(notice.decided_at), "ko"),
        "notice_date": format_official_date(notice.notice_date, "ko"), "authority": wording["authority"],
        "routes": routes,
        "contact": " ".join(filter(None, (wording["contact_department"], wording["contact_phone"]))),
    }


def decision_notice_render(*, notice_id: int) -> DecisionNotice | None:
    """Render the notice's PDF and store it, once: a notice already rendered is left as it is."""
    notice = DecisionNotice.objects.filter(pk=notice_id).first()
    if notice is None or notice.pdf_path:
        return notice
    content = render_pdf("decisions/notice.typ", _render_data(notice))
    storage = storages["private"]
    path = storage.save(f"decisions/{notice.notice_date:%Y}/{notice.kind}-{notice.object_id}.pdf",
                        ContentFile(content))
    if DecisionNotice.objects.filter(pk=notice.pk, pdf_path="").update(pdf_path=path) == 0:
        storage.delete(path)  # another worker stored it first
    notice.refresh_from_db(fields=["pdf_path"])
    return notice
