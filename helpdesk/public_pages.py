"""The notices and FAQ in the public pages' cache (applications/public_cache.py): every change of a notice,
its attachments or a question moves the cache's version; a notice's publication, its end and the end of its
"new" mark are moments of the epoch, so a page cached before them is not served after; the latest notices
are a section of the home page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string


def notice_moments() -> list[dt.datetime]:
    from .models import Notice

    new_for = dt.timedelta(days=settings.HELPDESK_NOTICE_NEW_DAYS)
    moments = []
    for publish_at, unpublish_at in Notice.objects.filter(publish_at__isnull=False).values_list(
            "publish_at", "unpublish_at"):
        moments += [publish_at, publish_at + new_for, unpublish_at]
    return moments


def home_latest_notices() -> str:
    from .selectors import notice_list_latest

    return render_to_string("helpdesk/public/_home_notices.html", {"notices": notice_list_latest()})


def connect() -> None:
    from applications.public_cache import public_moments_register, public_pages_changed
    from applications.views_public import home_section_register

    from .models import FAQ, Notice, NoticeAttachment

    for model in (Notice, NoticeAttachment, FAQ):
        label = model._meta.label_lower
        post_save.connect(public_pages_changed, sender=model, dispatch_uid=f"public-pages:{label}")
        post_delete.connect(public_pages_changed, sender=model, dispatch_uid=f"public-pages:{label}:delete")
    public_moments_register(notice_moments)
    home_section_register(home_latest_notices)
