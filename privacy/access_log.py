"""The access log (접속기록, 안전성 확보조치 기준 §8): who viewed, downloaded or exported whose personal data.

Rows are append-only and chained: each row's `hash` is SHA-256 over its content and the previous row's hash,
so an edited, inserted or removed row breaks the chain at the row after it. Rows are written one at a time
under a lock (a PostgreSQL advisory lock; SQLite serialises writers itself) and `prev_hash` is unique, so
two writers can never fork the chain. The retention schedule (privacy/retention.py) deletes the oldest rows;
the rest still verifies from the first remaining row's stored `prev_hash`."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.db.models import Count
from django.db.models.functions import Concat, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.throttle import client_ip

GENESIS = "0" * 64
# Key of the PostgreSQL advisory lock held while a row is chained (any constant unique to this use).
ADVISORY_LOCK_KEY = 0x61636365  # "acce"
# The one database setting under which the trigger lets rows be deleted: set by access_log_prune only.
PRUNE_SETTING = "privacy.access_log_prune"


class Action(models.TextChoices):
    VIEW = "view", _("view")
    DOWNLOAD = "download", _("download")
    EXPORT = "export", _("export")
    CHANGE = "change", _("change")


class SubjectKind(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    COMPANY = "company", _("company")
    USER = "user", _("user")
    MANY = "many", _("several (export)")


@dataclass(frozen=True)
class Subject:
    """Whose personal data: a kind, an id and the label the person or company had at the time."""
    kind: str
    id: object
    label: str


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("access-log rows are never changed")

    def delete(self):
        raise TypeError("access-log rows are deleted only by access_log_prune")


class AccessLog(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # The account is kept as it was: no foreign-key constraint, so that no account change touches a log row.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account"), null=True,
                              on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    actor_label = models.CharField(_("account at the time"), max_length=254)
    actor_role = models.CharField(_("role"), max_length=32)
    ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    subject_kind = models.CharField(_("whose data"), max_length=16, choices=SubjectKind.choices)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    subject_label = models.CharField(_("subject at the time"), max_length=300, blank=True)
    content_type = models.ForeignKey(ContentType, verbose_name=_("kind of object"), null=True, blank=True,
                                     on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64, unique=True)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor", "at"], name="access_log_actor_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.subject_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("access-log rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("access-log rows are deleted only by access_log_prune")

    def content(self) -> str:
        """The canonical text the hash covers: every field but the id and the hashes, then the previous hash."""
        fields = [self.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"), self.actor_id,
                  self.actor_label, self.actor_role, self.ip or "", self.action, self.subject_kind,
                  str(self.subject_id), self.subject_label, self.content_type_id, str(self.object_id),
                  self.object_label, self.reason, self.prev_hash]
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))

    def compute_hash(self) -> str:
        return hashlib.sha256(self.content().encode()).hexdigest()


class AccessLogReview(models.Model):
    """The monthly review the law asks for: who looked at a month's log, when, and what they noted."""
    month = models.DateField(_("month"), help_text=_("The first day of the reviewed month."))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    chain_ok = models.BooleanField(_("chain intact"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("access log review")
        verbose_name_plural = _("access log reviews")
        ordering = ["-month", "-reviewed_at"]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.reviewed_at:%Y-%m-%d}"


def _role(user) -> str:
    if user.is_superuser:
        return "superuser"
    if user.is_district_staff:
        return Role.DISTRICT_STAFF.value
    if user.is_evaluator:
        return Role.EVALUATOR.value
    return "staff" if user.is_staff else "other"


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])


@transaction.atomic
def access_log_record(*, request, action: str, subject: Subject, obj=None, object_label: str = "",
                      reason: str = "") -> AccessLog:
    """Append one row for `request.user` doing `action` on `subject`'s data (`obj`: the row shown or sent)."""
    user = request.user
    row = AccessLog(
        at=timezone.now(), actor_id=user.pk, actor_label=user.get_username(), actor_role=_role(user),
        ip=client_ip(request) or None, action=action, subject_kind=subject.kind, subject_id=str(subject.id or ""),
        subject_label=str(subject.label)[:300],
        content_type_id=ContentType.objects.get_for_model(obj).pk if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "", object_label=(object_label or str(obj or ""))[:300],
        reason=reason,
    )
    _lock_chain()
    last = AccessLog.objects.order_by("-id").values_list("hash", flat=True).select_for_update().first()
    row.prev_hash = last or GENESIS
    row.hash = row.compute_hash()
    row.save(force_insert=True)
    return row


@dataclass(frozen=True)
class Verification:
    ok: bool
    rows: int
    broken_at: int | None = None  # id of the first row whose hash or link does not hold


def access_log_verify() -> Verification:
    """Walk the chain from the oldest remaining row (trusting its stored previous hash) to the newest."""
    previous = None
    count = 0
    for row in AccessLog.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if (previous is not None and row.prev_hash != previous) or row.hash != row.compute_hash():
            return Verification(ok=False, rows=count, broken_at=row.pk)
        previous = row.hash
    return Verification(ok=True, rows=count)


def access_log_prune(*, ids: list[int]) -> int:
    """Delete the rows `ids` (the retention schedule's rule "privacy.access_log" picks the rows past the period);
    the only deletion the trigger allows."""
    if not ids:
        return 0
    table = connection.ops.quote_name(AccessLog._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        _lock_chain()
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config(%s, 'on', true)", [PRUNE_SETTING])
            cursor.execute(f"DELETE FROM {table} WHERE id = ANY(%s)", [list(ids)])  # noqa: S608 — our table
        else:
            marks = ",".join(["%s"] * len(ids))
            cursor.execute(f"DELETE FROM {table} WHERE id IN ({marks})", list(ids))  # noqa: S608 — our table
        return cursor.rowcount


def access_log_daily_counts(*, month: datetime.date) -> list[dict]:
    """Per account and day of `month`: rows, distinct subjects read, and whether that is unusual volume."""
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    last = datetime.datetime.combine(end, datetime.time.min, tzinfo=tz)
    people = ~models.Q(subject_kind=SubjectKind.MANY)
    rows = (AccessLog.objects.filter(at__gte=first, at__lt=last)
            .annotate(day=TruncDate("at", tzinfo=tz))
            .values("actor_id", "actor_label", "day")
            .annotate(rows=Count("id"), exports=Count("id", filter=models.Q(action=Action.EXPORT)),
                      subjects=Count(Concat("subject_kind", models.Value(":"), "subject_id"), filter=people,
                                     distinct=True))
            .order_by("day", "actor_label"))
    limit = settings.PRIVACY_ACCESS_LOG_DAILY_SUBJECTS_ALERT
    return [{**row, "unusual": row["subjects"] > limit} for row in rows]
