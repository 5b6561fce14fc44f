"""Every e-mail template, rendered for an English reader with placeholder data, holds no Korean text of
its own; rendered for a Korean reader, it holds Korean (the catalog is used)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from portal.formatting import center_name

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"
TEMPLATES = sorted(str(path.relative_to(EMAILS)) for path in EMAILS.glob("*/*") if path.is_dir())
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# E-mails written in both languages at once (the reader's language is not known).
BILINGUAL = {"exemptions/employee_consent_both"}
# The mark an advertising message's subject begins with in any language (정보통신망법 §50(4)).
AD_MARK = "(광고)"


class Placeholder(int):
    """Stands for any value the template asks for: the number 7 (usable as a count, an id in a URL or an
    amount), with attributes and items of its own."""

    def __new__(cls):
        return super().__new__(cls, 7)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Placeholder()

    def __getitem__(self, key):
        return Placeholder()

    def __iter__(self):
        return iter([Placeholder()])


class AnyContext(Context):
    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            return Placeholder()

    def __contains__(self, key):
        return True


def _render(name: str, part: str, language: str) -> str:
    with translation.override(language):  # the site's address and the center's name, as every e-mail has them
        context = AnyContext({"site_url": "http://x", "center_name": center_name(language)})
        return get_template(f"emails/{name}/{part}").template.render(context)


def test_every_e_mail_template_is_found():
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("name", TEMPLATES)
def test_an_english_e_mail_has_no_korean_of_its_own(name):
    if name in BILINGUAL:
        return
    for part in ("subject.txt", "body.txt", "body.html"):
        text = _render(name, part, "en")
        assert not HANGUL.search(text.replace(AD_MARK, "")), f"{name}/{part} in English: {text!r}"


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_korean_e_mail_is_in_korean(name):
    for part in ("subject.txt", "body.txt"):
        assert HANGUL.search(_render(name, part, "ko")), f"{name}/{part} has no Korean text"


@pytest.mark.parametrize("name", sorted(BILINGUAL))
def test_a_bilingual_e_mail_holds_both_languages_whatever_the_reader(name):
    for language in ("ko", "en"):
        for part in ("subject.txt", "body.txt", "body.html"):
            text = _render(name, part, language)
            assert HANGUL.search(text) and re.search(r"[A-Za-z]{4,}", text), f"{name}/{part} ({language})"
