"""Helpers of the accounts tests: sign-up data and links found in sent e-mails."""

import re
from html.parser import HTMLParser

from django.core import mail

from tests.factories import PASSWORD


def signup_data(**overrides) -> dict:
    data = {
        "email": "founder@startup.kr",
        "name": "김창업",
        "phone": "010 1234 5678",
        "preferred_language": "ko",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "consent_personal_data": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def link_in_mail(message, marker: str) -> str:
    """The site-relative path of the first link in `message` containing `marker`."""
    match = re.search(r"https?://[^/\s]+([^\s]*?" + re.escape(marker) + r"\S*)", message.body)
    assert match, message.body
    return match.group(1)


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def without_csrf(html: str) -> str:
    """The page with its per-request CSRF token masked, to compare two answers."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)


class _FormFields(HTMLParser):
    """The name/value pairs a browser submits for one form: enabled inputs (checked boxes and radios only),
    selected options, textareas; no buttons."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.pairs = form_id, False, []
        self.select = self.textarea = self.option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.pairs.append((name, attrs.get("value", "on")))
                return
            self.pairs.append((name, attrs.get("value", "")))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, ""]
            self.select["options"].append(self.option)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        elif self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option":
            self.option = None
        elif tag == "textarea" and self.textarea is not None:
            self.pairs.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            options = [(value if value is not None else text.strip(), selected)
                       for value, selected, text in self.select["options"]]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            self.pairs += [(self.select["name"], value) for value in chosen]
            self.select = None


def browser_form_data(html: str, form_id: str) -> list[tuple[str, str]]:
    """What a browser would post from the form `form_id` of the page, as it stands."""
    parser = _FormFields(form_id)
    parser.feed(html)
    assert parser.pairs, f"no form #{form_id} with fields on the page"
    return parser.pairs
