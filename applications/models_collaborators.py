"""Co-applicants: the colleagues a draft's applicant invites as editors or viewers, and the log of who saved what."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.invitations import InvitationBase
from portal.models import TimeStampedModel


class CollaboratorRole(models.TextChoices):
    EDITOR = "editor", _("Editor (may fill in the steps)")
    VIEWER = "viewer", _("Viewer (may read)")


class ApplicationInvitation(InvitationBase):
    """An invitation to work on an application (accounts/invitations.py); it expires after
    APPLICATION_INVITATION_DAYS days."""

    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=10, choices=CollaboratorRole.choices, default=CollaboratorRole.EDITOR)

    class Meta(InvitationBase.Meta):
        verbose_name = _("invitation to an application")
        verbose_name_plural = _("invitations to applications")

    def __str__(self) -> str:
        return f"{self.email} → {self.application}"


class ApplicationCollaborator(TimeStampedModel):
    """A colleague of the applicant who accepted an invitation: an editor fills in the steps, a viewer reads.
    Only the applicant (the representative) submits, withdraws and invites."""

    application = models.ForeignKey(
        "applications.Application",
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="collaborators",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="application_collaborations",
    )
    role = models.CharField(_("role"), max_length=10, choices=CollaboratorRole.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)
    history = HistoricalRecords()  # who removed a co-applicant, and when

    class Meta:
        verbose_name = _("co-applicant")
        verbose_name_plural = _("co-applicants")
        ordering = ["application", "accepted_at", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "user"], name="collaborator_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class EditKind(models.TextChoices):
    SAVED = "saved", _("saved")
    UPLOADED = "uploaded", _("uploaded")
    REMOVED = "removed", _("removed")


class ApplicationEdit(models.Model):
    """Who saved which fields, answers ("answer:<key>") or documents ("document:<type id>") of an application,
    and when: the applicant's own edits and their co-applicants'."""

    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="edits"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("change"), max_length=10, choices=EditKind.choices, default=EditKind.SAVED)
    keys = models.JSONField(_("items"), default=list)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("edit")
        verbose_name_plural = _("edits")
        ordering = ["-id"]
        indexes = [models.Index(fields=["application", "-id"], name="application_edit_latest")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.get_kind_display()} {', '.join(self.keys)}"
