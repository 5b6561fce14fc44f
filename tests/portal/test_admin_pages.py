"""Every page of the admin, with the demo data, as the superuser and as district staff: each list (and
its search), add form, change form and history answers without a server error, and no form on them
is nested in another."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from accounts.models import User


@pytest.fixture
def demo(db):
    """The demo data, inside the test's transaction (rolled back after it, as every other test's data)."""
    call_command("seed_demo", verbosity=0)


class _NestedForms(HTMLParser):
    """Counts <form> elements opened inside another: browsers ignore the inner one, so its buttons
    submit the outer form instead."""

    def __init__(self):
        super().__init__()
        self.depth = self.nested = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.nested += self.depth > 0
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "form":
            self.depth = max(self.depth - 1, 0)


def _nested_forms(html: str) -> int:
    parser = _NestedForms()
    parser.feed(html)
    return parser.nested


def _pages(model, model_admin) -> list[tuple[str, str]]:
    """(kind, url) of a registered model's admin pages, its first object's included."""
    info = model._meta.app_label, model._meta.model_name
    changelist = reverse("admin:{}_{}_changelist".format(*info))
    pages = [("list", changelist)]
    if model_admin.search_fields:
        pages.append(("search", changelist + "?q=%EC%96%91%EC%9E%AC"))  # 양재
    first = model._default_manager.order_by("pk").first()
    views = [("add", [])] + ([("change", [first.pk]), ("history", [first.pk])] if first else [])
    for view, args in views:
        try:
            pages.append((view, reverse("admin:{}_{}_{}".format(*info, view), args=args)))
        except NoReverseMatch:
            pass
    return pages


@pytest.mark.parametrize("email", ["admin@demo.yangjae-ai.kr", "staff@demo.yangjae-ai.kr"])
def test_every_admin_page_answers_without_a_server_error(client, demo, email):
    user = User.objects.get(email=email)
    client.force_login(user)
    answers, nested = {}, []
    for model, model_admin in admin.site._registry.items():
        for kind, url in _pages(model, model_admin):
            response = client.get(url)
            answers[url] = (kind, response.status_code)
            if response.status_code == 200 and _nested_forms(response.content.decode()):
                nested.append(url)
    assert len(answers) > 100
    assert [url for url, (_kind, status) in answers.items() if status >= 500] == []
    assert nested == []
    if user.is_superuser:  # every list opens; only read-only records refuse an add or change form
        assert [url for url, (kind, status) in answers.items() if kind in ("list", "search") and status != 200] == []
