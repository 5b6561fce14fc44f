"""The KakaoTalk messages the portal knows, declared as data: each kind's key and variables, and which notice
(its e-mail template name) goes out as which kind, with the variables taken from the notice.

The words, the provider's template code, its approval and whether it is advertising are a `MessageTemplate`
row per kind that staff edit in the admin (the text must use exactly the variables declared here).

To add a kind (a reminder, say): a `Kind` in `KINDS` and a data migration adding its template row (draft,
with the text to submit to Kakao); to send it with an existing notice, a function decorated
`@notice("<app>/<template>")` that returns the kind's key and its variables from the notice's context, or None
when the notice should not go to KakaoTalk. Anything else may send a kind with `services.message_send`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.formatting import format_kst_date, format_won


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    variables: tuple[str, ...]


KINDS: dict[str, Kind] = {kind.key: kind for kind in (
    Kind("offer_deadline", _("Unit offer and its answer deadline"), ("회사명", "호실", "응답기한", "링크")),
    Kind("presentation_slot", _("Presentation slot"), ("접수번호", "일시", "장소", "링크")),
    Kind("invoice_due", _("Invoice due soon"), ("청구번호", "납부기한", "미납금액", "링크")),
    Kind("invoice_overdue", _("Invoice overdue"), ("청구번호", "납부기한", "미납금액", "경과일수", "링크")),
    Kind("relocation_deadline", _("Head-office relocation deadline"),
         ("회사명", "호실", "이전기한", "남은일수", "링크")),
    Kind("stay_expiry", _("Foreign employee's stay ends soon"), ("대상자", "만료일", "남은일수", "링크")),
    Kind("inquiry_answered", _("Inquiry answered"), ("접수번호", "제목", "링크")),
    Kind("draft_deadline", _("Application still a draft before the call closes"),
         ("공고번호", "마감일시", "남은일수", "링크")),
    Kind("evaluator_assigned", _("Evaluator assigned, with the scoring deadline"),
         ("공고번호", "평가단계", "채점기한", "링크")),
    Kind("scoring_deadline", _("Scoring deadline near with scorecards unsubmitted"),
         ("공고번호", "평가단계", "채점기한", "남은일수", "미제출건수", "링크")),
    Kind("indicator_due", _("Indicator report due"), ("회사명", "보고기간", "제출기한", "링크")),
    Kind("indicator_overdue", _("Indicator report overdue"), ("회사명", "보고기간", "제출기한", "링크")),
    Kind("center_news", _("News of the center's programmes (advertising)"), ("이름", "안내", "링크")),
)}

Builder = Callable[[dict, str], "tuple[str, dict] | None"]
NOTICES: dict[str, Builder] = {}


def notice(template: str) -> Callable[[Builder], Builder]:
    """Declare that the notice with e-mail template `template` also goes to KakaoTalk: the function gets the
    notice's context and its link (an absolute URL) and returns (kind key, variables) or None."""
    def register(function: Builder) -> Builder:
        NOTICES[template] = function
        return function
    return register


@dataclass(frozen=True)
class Text:
    """A text message (LMS) made from a notice staff wrote: no template to approve, so it cannot be a 알림톡."""

    subject: str
    text: str
    advertising: bool = False


TextBuilder = Callable[[dict, str, str], "Text | None"]
TEXT_NOTICES: dict[str, TextBuilder] = {}


def text_notice(template: str) -> Callable[[TextBuilder], TextBuilder]:
    """Declare that the notice with e-mail template `template` also goes by text message (LMS) to the users who
    chose text messages: the function gets the notice's context, its link (absolute) and the reader's language,
    and returns a `Text` or None."""
    def register(function: TextBuilder) -> TextBuilder:
        TEXT_NOTICES[template] = function
        return function
    return register


def _date(value: str) -> str:
    """An ISO date, or "YYYY-MM-DD HH:MM", written the portal's Korean way: 2026년 12월 1일 (화) 18:00."""
    with translation.override("ko"):
        day = format_kst_date(dt.date.fromisoformat(value[:10]))
    rest = value[10:].strip()
    return f"{day} {rest}" if rest else day


def _won(value) -> str:
    with translation.override("ko"):
        return format_won(value)


def absolute(link: str) -> str:
    return f"{settings.SITE_URL}{link}" if link.startswith("/") else link


@notice("tenants/offer_made")
def _offer_made(context: dict, link: str):
    return "offer_deadline", {"회사명": context["company_ko"], "호실": context["unit"],
                              "응답기한": _date(context["respond_by"]), "링크": link}


@notice("evaluations/presentation_invitation")
def _presentation(context: dict, link: str):
    return "presentation_slot", {"접수번호": context["receipt_number"],
                                 "일시": f"{_date(context['date'])} {context['starts']}–{context['ends']}",
                                 "장소": context["place"], "링크": link}


@notice("billing/reminder")
def _invoice_reminder(context: dict, link: str):
    variables = {"청구번호": context["number"], "납부기한": _date(context["due_on"]),
                 "미납금액": _won(context["outstanding"]), "링크": link}
    if context["kind"].startswith("before"):
        return "invoice_due", variables
    return "invoice_overdue", {**variables, "경과일수": str(context["days"])}


@notice("tenants/relocation_reminder")
def _relocation(context: dict, link: str):
    return "relocation_deadline", {"회사명": context["company_ko"], "호실": context["unit"],
                                   "이전기한": _date(context["deadline"]), "남은일수": str(context["days_left"]),
                                   "링크": link}


@notice("exemptions/stay_reminder")
def _stay(context: dict, link: str):
    return "stay_expiry", {"대상자": context["subject"], "만료일": _date(context["deadline"]),
                           "남은일수": str(context["days_left"]), "링크": link}


@notice("helpdesk/inquiry_answered")
def _inquiry_answered(context: dict, link: str):
    return "inquiry_answered", {"접수번호": context["number"], "제목": context["subject"], "링크": link}


# The reminders of outreach (outreach/reminders.py).
STAGES = {1: "1차 서면평가", 2: "2차 발표평가"}
NO_DEADLINE = "추후 안내"
HALVES = {1: "상반기", 2: "하반기"}


@notice("outreach/draft_reminder")
def _draft_reminder(context: dict, link: str):
    return "draft_deadline", {"공고번호": context["call_code"], "마감일시": _date(context["closes_at"]),
                              "남은일수": str(context["days_left"]), "링크": link}


@notice("outreach/evaluator_assigned")
def _evaluator_assigned(context: dict, link: str):
    due_on = context["due_on"]
    return "evaluator_assigned", {"공고번호": context["call_code"], "평가단계": STAGES[context["stage"]],
                                  "채점기한": _date(due_on) if due_on else NO_DEADLINE, "링크": link}


@notice("outreach/scoring_reminder")
def _scoring_reminder(context: dict, link: str):
    return "scoring_deadline", {"공고번호": context["call_code"], "평가단계": STAGES[context["stage"]],
                                "채점기한": _date(context["due_on"]), "남은일수": str(context["days_left"]),
                                "미제출건수": str(context["outstanding"]), "링크": link}


@notice("outreach/indicator_reminder")
def _indicator_reminder(context: dict, link: str):
    return "indicator_overdue" if context["overdue"] else "indicator_due", {
        "회사명": context["company"], "보고기간": f"{context['year']}년 {HALVES[context['half']]}",
        "제출기한": _date(context["due_on"]), "링크": link}


AD_MARK = "(광고)"  # 정보통신망법 §50(4): an advertising text message begins with it


@text_notice("outreach/group_message")
def _group_message(context: dict, link: str, language: str):
    """A group message (outreach): the subject and message in the reader's language, the link to it; an
    advertising one begins with "(광고)" and the sender's name and ends with the free way to refuse."""
    english = language == "en"
    subject, body = (context["subject_en"], context["body_en"]) if english else (context["subject_ko"],
                                                                                  context["body_ko"])
    with translation.override(language):
        lines = [body.strip(), "", f"{translation.gettext('Read it on the portal:')} {link}"]
        if context.get("advertising"):
            sender = settings.PORTAL_SENDER_NAME_EN if english else settings.PORTAL_SENDER_NAME_KO
            lines = [f"{AD_MARK} {sender}", *lines, translation.gettext("Free opt-out: %(link)s") % {
                "link": absolute(reverse("accounts:profile")) + "#messaging"}]
    return Text(subject=subject, text="\n".join(lines), advertising=bool(context.get("advertising")))
