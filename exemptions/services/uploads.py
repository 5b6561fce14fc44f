"""Files kept from a refused request form: a valid upload is stored privately under a random token so
that the user need not choose it again; only its uploader (user and company) can claim it, for a day."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from accounts.models import User
from portal.uploads import sanitize_filename, stored_name
from tenants.models import Company

from ..models import KeptUpload

KEPT_UPLOAD_LIFETIME = dt.timedelta(days=1)


def kept_uploads_for(*, user: User, company: Company, tokens: dict[str, str]) -> dict[str, KeptUpload]:
    """The kept files named by the form's tokens (by document code) that this user uploaded for this
    company less than a day ago; any other token (someone else's, expired, malformed) is ignored."""
    wanted = {}
    for code, token in tokens.items():
        try:
            wanted[code] = uuid.UUID(str(token))
        except ValueError:
            continue
    if not wanted:
        return {}
    rows = KeptUpload.objects.filter(
        user=user, company=company, token__in=wanted.values(),
        created_at__gte=timezone.now() - KEPT_UPLOAD_LIFETIME,
    )
    return {row.code: row for row in rows if wanted.get(row.code) == row.token}


def kept_upload_store(*, user: User, company: Company, code: str, upload, replaces: KeptUpload | None = None,
                      ) -> KeptUpload:
    """Keep a file that passed its field's validation; the file it replaces is deleted."""
    name = sanitize_filename(upload.name)
    upload.seek(0)
    path = storages["private"].save(f"exemptions/kept/{company.pk}/{stored_name(name)}", upload)
    kept = KeptUpload.objects.create(user=user, company=company, code=code, path=path, name=name)
    if replaces is not None:
        kept_uploads_discard(kept=[replaces])
    return kept


def kept_upload_file(kept: KeptUpload) -> ContentFile | None:
    """The kept file's content under its original name, or None when it is gone from storage."""
    try:
        with storages["private"].open(kept.path, "rb") as handle:
            return ContentFile(handle.read(), name=kept.name)
    except (FileNotFoundError, OSError):
        return None


def kept_uploads_discard(*, kept: list[KeptUpload]) -> None:
    """Forget kept files that were used or replaced: their rows and their files."""
    for row in kept:
        storages["private"].delete(row.path)
    KeptUpload.objects.filter(pk__in=[row.pk for row in kept]).delete()
