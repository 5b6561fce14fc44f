"""Certificates as the district signs them: the legal basis in the special-zone act, the facts certified
(the company's designated project, and for patents that the invention results from it), one series of
official numbers; the visa types the immigration form offers (E-7 only, until staff enable others); and
the nationality typed as free text turned into a country code where it names one."""

import re
import unicodedata

from django.db import migrations

ACT_KO = "「규제자유특구 및 지역특화발전특구에 관한 규제특례법」"
ACT_EN = ("the Act on Special Cases concerning the Regulation of Regulation-Free Special Zones and Special Economic "
          "Zones for Specialized Regional Development")

TYPES = {
    "IMM": {
        "legal_basis_ko": f"{ACT_KO} 제2장제2절 「출입국관리법」에 관한 특례",
        "legal_basis_en": f"Chapter II, Section 2 of {ACT_EN} (special case of the Immigration Act)",
        "document_title_ko": "지역특화발전특구 특화사업 종사 확인서",
        "document_title_en": "Certificate of Employment in a Designated Project of the Special Zone",
        "statement_ko": "위 기업은 양재 AI 미래융합혁신특구의 입주기업으로서 특구계획에 따른 특화사업 「{project}」을(를) "
                        "수행하고 있으며, 위 외국인 근로자 {subject}은(는) 위 기업에 고용되어 해당 특화사업에 "
                        "종사하고 있습니다.",
        "statement_en": "The company above is a tenant of the Yangjae AI Future Convergence Innovation Special Zone and "
                        "carries out the designated project \u201c{project}\u201d of the zone's plan; the foreign "
                        "national above, {subject}, is employed by the company and works on that project.",
        "number_prefix": "",
    },
    "PAT": {
        "legal_basis_ko": f"{ACT_KO} 제2장제2절 「특허법」에 관한 특례(우선심사)",
        "legal_basis_en": f"Chapter II, Section 2 of {ACT_EN} (special case of the Patent Act: priority examination)",
        "document_title_ko": "지역특화발전특구 특화사업 관련 발명 확인서",
        "document_title_en": "Certificate of an Invention from a Designated Project of the Special Zone",
        "statement_ko": "위 기업은 양재 AI 미래융합혁신특구의 입주기업으로서 특구계획에 따른 특화사업 「{project}」을(를) "
                        "수행하고 있으며, 위 특허출원({subject})의 발명은 해당 특화사업의 수행 결과로 이루어진 "
                        "것입니다.",
        "statement_en": "The company above is a tenant of the Yangjae AI Future Convergence Innovation Special Zone and "
                        "carries out the designated project \u201c{project}\u201d of the zone's plan; the invention of "
                        "the patent application above ({subject}) results from that project.",
        "number_prefix": "",
    },
}

# (code, Korean, English, offered): the zone's special case concerns E-7; staff enable the others.
VISA_TYPES = [
    ("E-7", "특정활동", "Specially designated activities", True),
    ("D-8", "기업투자", "Corporate investment", False),
    ("D-9", "무역경영", "Trade management", False),
    ("E-1", "교수", "Professor", False),
    ("E-3", "연구", "Research", False),
    ("E-5", "전문직업", "Professional", False),
    ("D-10", "구직", "Job seeking", False),
    ("F-2", "거주", "Residence", False),
    ("F-4", "재외동포", "Overseas Korean", False),
    ("F-6", "결혼이민", "Marriage migrant", False),
]

# Names people type that django-countries spells otherwise.
ALIASES = {"USA": "US", "UNITEDSTATES": "US", "AMERICA": "US", "UK": "GB", "ENGLAND": "GB", "BRITAIN": "GB",
           "GREATBRITAIN": "GB", "VIETNAM": "VN", "VIETNAMESE": "VN", "KOREA": "KR", "SOUTHKOREA": "KR",
           "RUSSIA": "RU", "CHINESE": "CN", "INDIAN": "IN", "JAPANESE": "JP", "FILIPINO": "PH",
           "TAIWAN": "TW", "IRAN": "IR", "LAOS": "LA"}


def _key(text: str) -> str:
    # Accents dropped (Côte → COTE), Hangul composed again after the decomposition.
    text = "".join(c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c))
    return re.sub(r"[^0-9A-Z가-힣]", "", unicodedata.normalize("NFC", text).upper())


def country_code_for(text: str) -> str:
    """The ISO code a typed nationality names (in English or Korean, or as a code), or ""."""
    from django.utils import translation
    from django_countries import countries

    key = _key(text)
    if not key:
        return ""
    if key in ALIASES:
        return ALIASES[key]
    names = {}
    for language in ("en", "ko"):
        with translation.override(language):
            for code, name in countries:
                names.setdefault(_key(name), code)
                names.setdefault(_key(code), code)
                names.setdefault(_key(countries.alpha3(code)), code)
    return names.get(key, "")


def seed(apps, schema_editor):
    ExemptionType = apps.get_model("exemptions", "ExemptionType")
    VisaType = apps.get_model("exemptions", "VisaType")
    for code, values in TYPES.items():
        ExemptionType.objects.filter(code=code).update(**values)
    for code, name_ko, name_en, enabled in VISA_TYPES:
        VisaType.objects.get_or_create(code=code, defaults={"name_ko": name_ko, "name_en": name_en,
                                                            "is_enabled": enabled})


def nationalities_to_codes(apps, schema_editor):
    """A request's typed nationality becomes its country code; one that names no country is kept as typed
    (`nationality_as_typed`) and left empty, so that the form asks for it again."""
    ExemptionRequest = apps.get_model("exemptions", "ExemptionRequest")
    for request in ExemptionRequest.objects.filter(data__has_key="nationality").iterator():
        typed = request.data.get("nationality") or ""
        code = country_code_for(typed)
        if code == typed:
            continue
        request.data["nationality"] = code
        if not code:
            request.data["nationality_as_typed"] = typed
        ExemptionRequest.objects.filter(pk=request.pk).update(data=request.data)


def counter_continues(apps, schema_editor):
    """The types' certificates now share one series a year: it goes on after every sequence already given."""
    from django.db.models import Max

    IssuedDocument = apps.get_model("exemptions", "IssuedDocument")
    NumberCounter = apps.get_model("portal", "NumberCounter")
    for row in IssuedDocument.objects.values("year").annotate(last=Max("sequence")):
        counter, _created = NumberCounter.objects.get_or_create(series=SERIES, year=row["year"],
                                                                defaults={"last": 0})
        if counter.last < row["last"]:
            counter.last = row["last"]
            counter.save(update_fields=["last"])


SERIES = "exemption-documents"


class Migration(migrations.Migration):
    dependencies = [("exemptions", "0011_certificates_and_visa_types"), ("portal", "0005_number_counter")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(nationalities_to_codes, migrations.RunPython.noop),
        migrations.RunPython(counter_continues, migrations.RunPython.noop),
    ]
