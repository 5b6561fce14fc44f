"""Demo data of privacy: the published privacy policy and terms of use (seed_demo)."""

import datetime
from pathlib import Path

from django.db import transaction

from .models import PolicyKind, PolicyVersion
from .policy import policy_version_publish

OFFICER = {
    "officer_name": "김보호", "officer_title": "서초구 양재AI특구추진단장", "officer_phone": "02-2155-7000",
    "officer_email": "privacy@seocho.go.kr",
    "department_ko": "서초구청 양재AI특구추진단 기업지원팀",
    "department_en": "Seocho-gu Office, Yangjae AI Special Zone Team",
    "department_phone": "02-2155-7010", "department_email": "yangjae-ai@seocho.go.kr",
}

TEXTS = Path(__file__).resolve().parent / "demo_texts"


@transaction.atomic
def seed_privacy(*, users, building=None, stdout=None) -> None:
    """Version 1.0 of the privacy policy and of the terms, published (nothing is duplicated)."""
    actor = users.get("staff@demo.yangjae-ai.kr")
    effective = datetime.date(2026, 1, 1)
    policy, _ = PolicyVersion.objects.get_or_create(
        kind=PolicyKind.PRIVACY, version="1.0",
        defaults={"effective_on": effective, "changes_ko": "최초 제정", "changes_en": "First version", **OFFICER},
    )
    terms, _ = PolicyVersion.objects.get_or_create(
        kind=PolicyKind.TERMS, version="1.0",
        defaults={"effective_on": effective, "changes_ko": "최초 제정", "changes_en": "First version",
                  "body_ko": (TEXTS / "terms_ko.txt").read_text(encoding="utf-8").strip(),
                  "body_en": (TEXTS / "terms_en.txt").read_text(encoding="utf-8").strip()},
    )
    for version in (policy, terms):
        if not version.is_published:
            policy_version_publish(version=version, actor=actor)
