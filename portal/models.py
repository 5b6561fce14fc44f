"""Abstract base models shared by every app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, editable=False)

    class Meta:
        abstract = True


class StatusChange(models.Model):
    """Base of the domain logs of a status (lease, offer, invoice, exemption request): who, when, why.

    A concrete log adds the foreign key to its subject (named by `subject_field`) and `from_status` /
    `to_status` with its own choices.
    """

    subject_field = ""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        subject_id = getattr(self, f"{self.subject_field}_id")
        return f"{subject_id}: {self.from_status or '∅'} → {self.to_status}"


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
