"""Writes of decisions: give a decision's notice (reasons required) and render its PDFs once, the official
Korean notice and its English translation for information."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.documents import DocumentFile, document_files_attach
from portal.exceptions import DomainError
from portal.formatting import format_official_date
from portal.pdf import render_pdf
from portal.queue import enqueue_on_commit
from portal.working_days import is_working_day

from .defaults import COMMON_EN, WORDINGS_EN, wording_defaults
from .models import DecisionKind, DecisionNotice, DecisionWording

WORDING_FIELDS = ("title", "matter_label", "decision_text", "authority", "objection_days", "objection_text",
                  "appeal_days", "appeal_text", "lawsuit_days", "lawsuit_text", "contact_department",
                  "contact_phone", "title_en", "matter_label_en", "decision_text_en", "authority_en",
                  "objection_text_en", "appeal_text_en", "lawsuit_text_en", "contact_department_en",
                  "translation_note_en")
LANGUAGES = ("ko", "en")


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
    *, subject, kind: str, reasons: str, addressee: str, matter: str, reference: str = "", reasons_en: str = "",
    addressee_en: str = "", matter_en: str = "", decided_at: dt.datetime | None = None,
    notice_date: dt.date | None = None,
) -> DecisionNotice:
    """Record the notice of a decision about `subject` (once per subject and kind) with its reasons (in
    English too when staff gave them), the wording as it stands today and the appeal deadlines counted
    from the notice date; the Korean and English PDFs follow after commit. A decision without reasons is
    refused (행정절차법 §23)."""
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
        "addressee_en": addressee_en, "matter_en": matter_en,
        "deadlines": {route: day.isoformat() if day else "" for route, day in deadlines.items()},
    }
    notice, created = DecisionNotice.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind=kind,
        defaults={"reasons": reasons, "reasons_en": (reasons_en or "").strip(), "decided_at": decided_at,
                  "notice_date": notice_date, "facts": facts},
    )
    if created:
        from .tasks import decision_notice_render_task

        enqueue_on_commit(decision_notice_render_task, notice_id=notice.pk)
    return notice


# The fixed words of the notice in each language; what the district may change is in DecisionWording.
LABELS = {
    "ko": {
        "addressee": "수신", "reference": "접수번호", "decided_on": "처분일", "notice_date": "통지일",
        "reasons": "처분의 이유", "routes": "불복 방법 및 기한", "contact": "문의",
        "objection": "이의신청", "appeal": "행정심판", "lawsuit": "행정소송",
    },
    "en": {
        "addressee": "To", "reference": "Receipt number", "decided_on": "Date of decision",
        "notice_date": "Date of notice", "reasons": "Reasons for the decision",
        "routes": "How and by when to appeal", "contact": "Enquiries",
        "objection": "Objection (이의신청)", "appeal": "Administrative appeal (행정심판)",
        "lawsuit": "Administrative lawsuit (행정소송)",
    },
}
REASONS_IN_KOREAN_NOTE = ("The reasons were given in Korean only and are reproduced below as stated in the "
                          "Korean notice.")


def _deadline_line(day: dt.date, days: int, language: str) -> str:
    if language == "en":
        return f"by {format_official_date(day, 'en')} ({days} days from the date of this notice)"
    return f"{format_official_date(day, 'ko')}까지 (통지일부터 {days}일)"


def _english(wording: dict, kind: str) -> dict:
    """The wording of the English notice: each text's English field, or its English default where it is
    empty (and for notices given before the English wording existed); the periods are the Korean ones."""
    defaults = {**COMMON_EN, **WORDINGS_EN[kind]}
    return {**wording, **{name.removesuffix("_en"): wording.get(name) or default for name, default in defaults.items()}}


def _render_data(notice: DecisionNotice, language: str = "ko") -> dict:
    """What notice.typ prints, in `language`; the deadlines are the ones stored with the notice, the same
    days in both languages."""
    facts = notice.facts
    english = language == "en"
    wording = _english(facts["wording"], notice.kind) if english else facts["wording"]
    labels = LABELS[language]
    routes = []
    for route in ("objection", "appeal", "lawsuit"):
        deadline = facts["deadlines"].get(route)
        if not deadline:
            continue
        routes.append({"label": labels[route], "text": wording[f"{route}_text"],
                       "deadline": _deadline_line(dt.date.fromisoformat(deadline), wording[f"{route}_days"],
                                                  language)})
    reasons, reasons_note = notice.reasons, ""
    if english:
        reasons = notice.reasons_en or notice.reasons
        reasons_note = "" if notice.reasons_en else REASONS_IN_KOREAN_NOTE
    return {
        "lang": language, "labels": labels, "translation_note": wording.get("translation_note", ""),
        "title": wording["title"],
        "addressee": (facts.get("addressee_en") if english else "") or facts["addressee"],
        "matter_label": wording["matter_label"],
        "matter": (facts.get("matter_en") if english else "") or facts["matter"], "reference": facts["reference"],
        "decision_text": wording["decision_text"], "reasons": reasons, "reasons_note": reasons_note,
        "decided_on": format_official_date(timezone.localdate(notice.decided_at), language),
        "notice_date": format_official_date(notice.notice_date, language), "authority": wording["authority"],
        "routes": routes,
        "contact": " ".join(filter(None, (wording["contact_department"], wording["contact_phone"]))),
    }


def decision_notice_render(*, notice_id: int) -> DecisionNotice | None:
    """Render the notice's PDFs (Korean and English) that are not stored yet and store them, once: a file
    already stored is never replaced, and when two renders race the first one's files are kept."""
    notice = DecisionNotice.objects.filter(pk=notice_id).first()
    if notice is None:
        return None
    base = f"decisions/{notice.notice_date:%Y}/{notice.kind}-{notice.object_id}"
    for language in LANGUAGES:
        field = "pdf_en_path" if language == "en" else "pdf_path"
        if getattr(notice, field):
            continue
        document_files_attach(model=DecisionNotice, pk=notice.pk, files=[DocumentFile(
            field=field, path=f"{base}{'-en' if language == 'en' else ''}.pdf",
            render=lambda language=language: render_pdf("decisions/notice.typ", _render_data(notice, language)))])
    notice.refresh_from_db(fields=["pdf_path", "pdf_en_path"])
    return notice
