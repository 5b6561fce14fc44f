"""Every page of the admin, with the demo data, as the superuser and as district staff: each list (and
its search), add form, change form and history answers without a server error."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse

from accounts.models import User


@pytest.fixture
def demo(db):
    """The demo data, inside the test's transaction (rolled back after it, as every other test's data)."""
    call_command("seed_demo", verbosity=0)


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
    answers = {}
    for model, model_admin in admin.site._registry.items():
        for kind, url in _pages(model, model_admin):
            answers[url] = (kind, client.get(url).status_code)
    assert len(answers) > 100
    assert [url for url, (_kind, status) in answers.items() if status >= 500] == []
    if user.is_superuser:  # every list opens; only read-only records refuse an add or change form
        assert [url for url, (kind, status) in answers.items() if kind in ("list", "search") and status != 200] == []
