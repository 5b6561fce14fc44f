"""Consent texts (the sign-up ones here; other apps declare theirs with the same class), each with the
version recorded beside the consent given. `templates/accounts/_consent_notice.html` renders one."""

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ConsentPurpose


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    required: bool
    title: str
    items: tuple  # (heading, text) pairs, shown as a definition list
    # Indexes of the items the PIPC guide asks to highlight (unique identifiers, purpose, retention, the
    # right to refuse and its consequence): shown bold, underlined and at least 20% larger.
    important: tuple[int, ...] = ()

    @property
    def rows(self) -> list[dict]:
        return [{"heading": heading, "text": text, "important": i in self.important}
                for i, (heading, text) in enumerate(self.items)]


# A new wording gets a new version: existing records keep the version their user agreed to.
CONSENT_TEXTS = {
    ConsentPurpose.PERSONAL_DATA: ConsentText(
        purpose=ConsentPurpose.PERSONAL_DATA,
        version="2026-12-05",
        required=True,
        title=_("Consent to the collection and use of personal data"),
        items=(
            (_("Purpose"), _("Managing your account, handling your applications to calls of the center, "
                            "tenancy, and telling you about them.")),
            (_("Items collected"), _("E-mail address, name, phone number, preferred language; the address "
                                    "and browser of each login.")),
            (_("Retention"), _("Until you delete your account; records that law requires us to keep (the "
                              "access log of staff and evaluators handling your data for two years, submitted "
                              "applications and contracts under the public-records and tax rules) are kept for "
                              "the period the law sets.")),
            (_("Your right to refuse"), _("You may refuse; without this consent we cannot create an account, "
                                         "and you cannot apply online.")),
        ),
    ),
    ConsentPurpose.NEWS: ConsentText(
        purpose=ConsentPurpose.NEWS,
        version="2026-11-01",
        required=False,
        title=_("Consent to receive news by e-mail (optional)"),
        items=(
            (_("Purpose"), _("E-mails about new calls for applications and support programmes of the center.")),
            (_("Items collected"), _("E-mail address, name, preferred language.")),
            (_("Retention"), _("Until you withdraw this consent or delete your account.")),
            (_("Your right to refuse"), _("You may refuse; it changes nothing else.")),
        ),
    ),
}


def consent_form_pdf(*, texts: list[ConsentText], title: str, intro: str, footer: str, language: str) -> bytes:
    """A consent form to print and sign (PDF, one language) with the same texts the portal shows: the
    important items bold, underlined and 20% larger, an agree / do-not-agree box per consent."""
    from portal.pdf import render_pdf

    with translation.override(language):
        data = {
            "lang": language, "title": str(title), "intro": str(intro), "footer": str(footer),
            "version": gettext("Version %(version)s") % {"version": ", ".join(sorted({t.version for t in texts}))},
            "sections": [
                {"title": str(text.title), "agree": gettext("I agree"), "disagree": gettext("I do not agree"),
                 "rows": [[str(row["heading"]), str(row["text"]), row["important"]] for row in text.rows]}
                for text in texts
            ],
            "labels": {"date": gettext("Date"), "company": gettext("Company"), "name": gettext("Name"),
                       "signature": gettext("Signature or seal")},
        }
    return render_pdf("accounts/consent_form.typ", data)
