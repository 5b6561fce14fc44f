"""Abstract base models shared by every app, and the one log of status changes."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import ActorKind, workflow_for


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """The log of every declared workflow (`portal.workflow`): which row, which transition, from, to, who, why.

    Written only by `transition_apply` and `status_change_record`. A workflow model reads its own rows
    through `transitions = GenericRelation(StatusChange, related_query_name=...)`.
    """

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(_("record"))
    subject = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("action"), max_length=40, blank=True)
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    actor_kind = models.CharField(_("by whom"), max_length=10, choices=ActorKind.choices, default=ActorKind.USER)
    reason = models.TextField(_("reason or message"), blank=True)
    reason_en = models.TextField(
        _("reasons in English"), blank=True,
        help_text=_("Of a decision whose notice has an English translation: the reasons as it prints them."))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="status_change_subject")]

    def __str__(self) -> str:
        return f"{self.get_from_status_display() or '∅'} → {self.get_to_status_display()}"

    def _label(self, status: str) -> str:
        model = ContentType.objects.get_for_id(self.content_type_id).model_class() if status else None
        workflow = workflow_for(model) if model else None
        return workflow.label(status) if workflow else status

    def get_from_status_display(self) -> str:
        return self._label(self.from_status)

    get_from_status_display.short_description = _("from")

    def get_to_status_display(self) -> str:
        return self._label(self.to_status)

    get_to_status_display.short_description = _("to")


class PendingTask(models.Model):
    """A side effect queued after commit (the outbox): recorded in the caller's transaction by
    `portal.queue.enqueue_on_commit`, sent to the broker after commit, marked done when its task
    succeeds, and sent again by the sweep when it was never sent or its message was lost."""

    name = models.CharField(_("task"), max_length=200)
    kwargs = models.JSONField(_("arguments"), default=dict)
    # The same work (task and arguments) is recorded once; recording it again re-arms it.
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("recorded at"))
    sent_at = models.DateTimeField(_("last sent by the sweep"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("sent by the sweep"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(done_at__isnull=True), name="portal_task_open"),
            models.Index(fields=["done_at"], condition=models.Q(done_at__isnull=False), name="portal_task_done"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.kwargs})"


class Closure(models.Model):
    """A day the district office is closed beyond weekends and the public holidays the `holidays`
    package knows (a temporary holiday declared later, an office closure). Deadlines counted in
    working days skip it (`portal.working_days`)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("office closure")
        verbose_name_plural = _("office closures")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class NumberCounter(models.Model):
    """The last number given in a series of numbered documents (per year, or 0 for a series that
    never restarts). Taken only through `portal.numbering.number_take`, which locks the row."""

    series = models.CharField(_("series"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="numbercounter_series_year_once")]

    def __str__(self) -> str:
        return f"{self.series}/{self.year}: {self.last}"
