"""Django's and django-celery-beat's Korean read as our own: the admin's titles without "를(을)", "보기위한"
or "뷰", validation messages in the formal register, the periodic tasks named in Korean; and our catalog holds
no 해요체 instruction nor a particle guessed after a placeholder (portal/catalog_overrides.py)."""

import re
from pathlib import Path

import django
import django_celery_beat
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.urls import reverse
from django.utils import translation
from lxml import html

from portal import catalog_overrides
from tests.factories import MembershipFactory, StaffFactory, UserFactory
from tests.portal.test_i18n import _catalog_entries

GUESSED_PARTICLE = re.compile(
    r"을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|와\(과\)|과\(와\)|을/를|를/을|이/가|은/는")
# An instruction or statement in 해요체 at the end of a sentence (…하세요, …해요, …세요): the portal says
# "…해 주십시오" and "…합니다".
HAEYO = re.compile(r"(하세요|해요|세요|에요|예요)[.!]?$")


def _title(page: str) -> str:
    return html.fromstring(page).findtext(".//title")


@pytest.mark.django_db
def test_the_admins_list_title_reads_as_korean_without_a_guessed_particle(client):
    client.force_login(StaffFactory(preferred_language="ko"))
    with translation.override("ko"):
        page = client.get(reverse("admin:applications_application_changelist"), HTTP_ACCEPT_LANGUAGE="ko")
    title = _title(page.content.decode())
    assert title.startswith(("변경할 입주 신청 선택", "조회할 입주 신청 선택")), title
    assert not GUESSED_PARTICLE.search(title) and "보기위한" not in title
    assert "서초AICT 우수기업센터" in title  # the site title names the center by its one name


@pytest.mark.django_db
def test_celery_beats_periodic_tasks_are_named_in_korean_in_the_admin_index(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, preferred_language="ko"))
    page = client.get(reverse("admin:index")).content.decode()
    for korean in ("주기 작업", "실행 간격", "크론 일정", "지정 시각"):
        assert korean in page
    for english in (">Periodic tasks<", ">Intervals<", ">Crontabs<", "주기적인 태스크들"):
        assert english not in page


def test_djangos_validation_messages_ask_in_the_formal_register():
    with translation.override("ko"):
        with pytest.raises(ValidationError) as raised:
            EmailValidator()("not an address")
        assert str(raised.value.messages[0]) == "올바른 이메일 주소를 입력해 주십시오."
        django_gettext = translation.gettext  # (a name makemessages does not collect from the tests)
        assert django_gettext("View %s") % "입주 신청" == "입주 신청 보기"
        assert django_gettext("Sat") == "토"


@pytest.mark.django_db
def test_removing_a_team_member_is_worded_as_removing_from_the_team(client):
    owner = MembershipFactory(role="owner").user
    MembershipFactory(company=owner.memberships.get().company, role="member")
    client.force_login(owner)
    page = client.get(reverse("tenants:team", args=[owner.memberships.get().company_id])).content.decode()
    assert "팀에서 제외" in page and "내보내기" not in page
    assert "대표 관리자" in page


def _installed_msgids() -> set[str]:
    """The msgids of the Korean catalogs of Django and django-celery-beat that the overrides word again."""
    roots = [Path(django.__file__).parent / "conf", Path(django.__file__).parent / "contrib" / "admin",
             Path(django.__file__).parent / "contrib" / "auth", Path(django_celery_beat.__file__).parent]
    msgids = set()
    for root in roots:
        text = (root / "locale" / "ko" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
        for match in re.finditer(r'^msgid ((?:".*"\n)+)', text, re.M):
            msgids.add("".join(re.findall(r'^"(.*)"$', match.group(1), re.M)).replace('\\"', '"'))
    return msgids


def test_every_override_is_still_a_string_of_the_installed_packages():
    installed = _installed_msgids()
    ours = [str(getattr(m, "_proxy____args", [m])[0]) if not isinstance(m, str) else m
            for m in catalog_overrides.MSGIDS]
    missing = [m for m in ours if m not in installed]
    assert missing == [], "an upgrade renamed these strings: copy the new msgids into portal/catalog_overrides.py"


def test_the_korean_catalog_has_no_haeyo_instruction_and_no_guessed_particle():
    haeyo, guessed = [], []
    for _flags, msgid, translations in _catalog_entries("ko"):
        for text in translations:
            text = text.replace("\\n", "\n")
            sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if s.strip()]
            if any(HAEYO.search(s) for s in sentences):
                haeyo.append(msgid)
            if GUESSED_PARTICLE.search(text):
                guessed.append(msgid)
    assert haeyo == []
    assert guessed == []


def test_the_center_is_named_by_its_setting_only():
    """No template or module spells another name of the center (the catalog's entries come from these)."""
    variants = ("양재 AI 우수기업센터", "Yangjae AI Excellent Company Center", "Yangjae AI center",
                "Yangjae AI Center", "양재AI센터")
    base = Path(settings.BASE_DIR)
    found = []
    for path in [*base.glob("templates/**/*.*"), *base.glob("*/*.py"), *base.glob("*/*/*.py")]:
        if {"migrations", ".venv", "tests"} & set(path.parts) or path.suffix not in (".py", ".html", ".txt", ".typ"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{path.relative_to(base)}: {v}" for v in variants if v in text]
    assert found == []
