"""The notice of the unique identifiers (고유식별정보: passport and alien registration numbers, PIPA §24,
decree §19) that a request collects: shown to the filer beside the separate consent box and to the
employee on the consent link. A new wording gets a new version; records keep the version agreed to."""

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from accounts.consents import ConsentText

IDENTIFIER_NOTICE_VERSION = "2026-12-05.2"


def _retention() -> str:
    return str(_("The numbers are deleted %(days)s days after the request is decided (or abandoned); the issued "
                 "confirmation, showing them masked (e.g. M1234**** / 920304-5******), is kept as an official "
                 "record.") % {"days": settings.EXEMPTIONS_SENSITIVE_RETENTION_DAYS})


IDENTIFIER_NOTICE = ConsentText(
    purpose="unique_identifiers",
    version=IDENTIFIER_NOTICE_VERSION,
    required=True,
    title=_("Separate consent to the collection and use of unique identifiers (고유식별정보)"),
    items=(
        (_("Unique identifiers collected"), _("The employee's passport number and alien registration number.")),
        (_("Purpose"), _("To issue the confirmation of employment in the Yangjae AI special zone that the "
                         "immigration office needs to extend the employee's stay (E-7): the confirmation names "
                         "the employee by name, nationality, date of birth and the numbers, masked, so that the "
                         "office can match it.")),
        (_("Other items"), _("Name, sex, nationality, date of birth, passport expiry, address of residence, visa "
                             "status and E-7 sub-category, permitted stay, job title and duties, employment start, "
                             "contract end, the stay requested, e-mail address and the employment contract.")),
        (_("Recipients"), _("District staff of the Seocho-gu Office; the immigration office receives the issued "
                            "confirmation when the company files it.")),
        (_("Retention"), lazy(_retention, str)()),
        (_("Right to refuse"), _("You may refuse. Without this consent, and without the employee's own consent, "
                                 "the request cannot proceed and the district cannot issue the confirmation.")),
    ),
    important=(0, 1, 4, 5),
)
