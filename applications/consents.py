"""The notice and consents an applicant agrees to before an application starts (what it collects beyond
the account, and that the outside evaluation committee reads it), and the truthfulness declaration
ticked on submission. A new wording gets a new version; applications keep the version agreed to and the
retention periods the notice stated then (staff change them in the retention schedule under the same wording)."""

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.consents import ConsentText

APPLICATION_NOTICE_VERSION = "2026-12-06"  # 2026-12-06: the retention periods themselves, from the schedule


def _notice_retentions() -> dict:
    """The periods the collection notice states, by the name a consent record keeps them under."""
    from .privacy import APPLICATION_RETENTION, DOCUMENT_RETENTION, DRAFT_RETENTION

    return {"documents": DOCUMENT_RETENTION, "applications": APPLICATION_RETENTION, "drafts": DRAFT_RETENTION}


def notice_periods(*, scheduled: bool = True) -> dict[str, int]:
    """The periods (days) the notice states now: the retention schedule's, or the settings' defaults."""
    from privacy.retention import scheduled_days

    days = scheduled_days() if scheduled else {}
    return {name: days.get(retention.key, retention.default_days) for name, retention in _notice_retentions().items()}


def retention_text(periods: dict[str, int] | None = None) -> str:
    """The notice's retention item in the active language, stating `periods` (those a consent record kept),
    else the periods the retention schedule sets today (PIPA §15(2)3 asks for the period itself)."""
    from privacy.registry import SCHEDULED_DAYS

    retentions = _notice_retentions()
    periods = notice_periods() if periods is None else periods
    token = SCHEDULED_DAYS.set({retention.key: periods[name] for name, retention in retentions.items()
                                if name in periods})
    try:
        return gettext(
            "Selected applications: while the tenancy lasts and as public-records rules require. Applications "
            "not selected: their documents are destroyed %(documents)s, the rest of their personal data "
            "%(applications)s. Drafts never submitted: destroyed %(drafts)s.") % {
            "documents": retentions["documents"].period, "applications": retentions["applications"].period,
            "drafts": retentions["drafts"].period}
    finally:
        SCHEDULED_DAYS.reset(token)


def agreed_retention_texts(application) -> dict[str, str]:
    """The retention item as the applicant agreed to it, in each language of the notice; {} when the record keeps
    no periods (consents given before the notice stated them)."""
    if not application.consent_periods:
        return {}
    texts = {}
    for language in ("ko", "en"):
        with translation.override(language):
            texts[language] = retention_text(application.consent_periods)
    return texts


COLLECTION_NOTICE = ConsentText(
    purpose="application_collection",
    version=APPLICATION_NOTICE_VERSION,
    required=True,
    title=_("Consent to the collection and use of personal data in the application (required)"),
    items=(
        (_("Purpose"), _("Checking eligibility, evaluating the application, selecting tenants and telling you "
                         "the results.")),
        (_("Items collected"), _("Beyond your account: the company's representative (name), the contact "
                                 "person's name, e-mail and phone, the team (headcount, foreign employees), "
                                 "revenue and investment, and personal data of third persons in the documents "
                                 "you upload (for example team members in the business plan). Ask them before "
                                 "you include it.")),
        (_("Retention"), lazy(retention_text, str)()),
        (_("Right to refuse"), _("You may refuse. Without this consent you cannot apply online, as the "
                                 "application cannot be evaluated.")),
    ),
    important=(0, 1, 2, 3),
)

COMMITTEE_NOTICE = ConsentText(
    purpose="application_committee",
    version=APPLICATION_NOTICE_VERSION,
    required=True,
    title=_("Consent to the evaluation committee reading the application (required)"),
    items=(
        (_("Who reads it"), _("The members of the outside evaluation committee (AI experts the district "
                              "appoints) assigned to this call.")),
        (_("Purpose"), _("Written and presentation evaluation of the application.")),
        (_("Items"), _("The whole application and its documents, including the personal data listed above.")),
        (_("Retention"), _("The committee reads the application in the portal only, during the evaluation; "
                           "members keep no copy and sign a confidentiality pledge.")),
        (_("Right to refuse"), _("You may refuse. Without this consent the application cannot be evaluated, so "
                                 "you cannot apply.")),
    ),
    important=(0, 1, 3, 4),
)

TRUTH_DECLARATION = _("I confirm that the above is true.")
