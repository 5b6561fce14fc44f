"""Group messages staff write to a group of users, each recipient's delivery, and the record of every
reminder sent (one row per reminder, unique, so a reminder goes once however often its task runs)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.models import EvaluationCriterion
from applications.workflow import Status as ApplicationStatus
from notifications.models import EmailStatus
from portal.models import TimeStampedModel

from .workflow import GroupMessageStatus


class Audience(models.TextChoices):
    APPLICANTS = "applicants", _("Applicants of a call")
    EVALUATORS = "evaluators", _("Evaluators of a call and stage")
    TENANTS = "tenants", _("Tenant companies")
    BUILDING = "building", _("Tenant companies of a building")


class Members(models.TextChoices):
    MANAGERS = "managers", _("Their managers (owner and administrators)")
    ALL = "all", _("All their members")


class GroupMessage(TimeStampedModel):
    """A message staff write once, in Korean and English, to a group the portal selects when it is sent. Its
    status (draft, sent) moves only through outreach/workflow.py; `sent_at` and `sent_by` repeat the sending's
    status change for lists and the recipients' page."""

    status = models.CharField(_("status"), max_length=10, choices=GroupMessageStatus.choices,
                              default=GroupMessageStatus.DRAFT, editable=False)
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices)
    call = models.ForeignKey("applications.Call", verbose_name=_("call"), on_delete=models.PROTECT, null=True,
                             blank=True, related_name="+", help_text=_("For applicants and evaluators."))
    application_status = models.CharField(
        _("application status"), max_length=30, choices=ApplicationStatus.choices, blank=True,
        help_text=_("Applicants only: empty for every applicant of the call."))
    stage = models.PositiveSmallIntegerField(_("stage"), choices=EvaluationCriterion.Stage.choices, null=True,
                                             blank=True, help_text=_("For evaluators."))
    building = models.ForeignKey("premises.Building", verbose_name=_("building"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    members = models.CharField(_("in each company"), max_length=10, choices=Members.choices,
                               default=Members.MANAGERS, help_text=_("For tenant companies."))
    subject_ko = models.CharField(_("subject (Korean)"), max_length=200)
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_ko = models.TextField(_("message (Korean)"))
    body_en = models.TextField(_("message (English)"))
    advertising = models.BooleanField(
        _("advertising"), default=False,
        help_text=_("An advertising message (광고성 정보, e.g. promoting an event or a programme): it goes only to "
                    "recipients who consented to advertising messages, its subject and text messages begin with "
                    "“(광고)”, and its text messages are not sent between 21:00 and 08:00 (정보통신망법 §50)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+", editable=False)
    transitions = GenericRelation("portal.StatusChange", related_query_name="group_message")

    class Meta:
        verbose_name = _("group message")
        verbose_name_plural = _("group messages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience__in=["applicants", "evaluators"]) | Q(call__isnull=False),
                name="groupmessage_call_for_applicants_and_evaluators"),
            models.CheckConstraint(condition=~Q(audience="evaluators") | Q(stage__isnull=False),
                                   name="groupmessage_stage_for_evaluators"),
            models.CheckConstraint(condition=~Q(audience="building") | Q(building__isnull=False),
                                   name="groupmessage_building_for_building"),
        ]

    def __str__(self) -> str:
        return self.subject_ko


class Delivery(models.TextChoices):
    """Where a recipient's copy is: the notification's e-mail status, or not yet handed to the outbox."""

    QUEUED = "queued", _("Queued")
    PENDING = EmailStatus.PENDING.value, EmailStatus.PENDING.label
    SENT = EmailStatus.SENT.value, EmailStatus.SENT.label
    FAILED = EmailStatus.FAILED.value, EmailStatus.FAILED.label
    NONE = EmailStatus.NONE.value, EmailStatus.NONE.label


class GroupMessageRecipient(models.Model):
    """One recipient of a sent message; its notification (in-portal notice and e-mail) once delivered.
    Unique per message and user: nobody gets a message twice."""

    message = models.ForeignKey(GroupMessage, verbose_name=_("group message"), on_delete=models.CASCADE,
                                related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                             related_name="+")
    notification = models.OneToOneField("notifications.Notification", verbose_name=_("notification"),
                                        on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("group message recipient")
        verbose_name_plural = _("group message recipients")
        ordering = ["message", "id"]
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="groupmessagerecipient_once")]
        indexes = [models.Index(fields=["message"], condition=Q(notification__isnull=True),
                                name="groupmessagerecipient_waiting")]

    def __str__(self) -> str:
        return f"{self.message_id} → {self.user_id}"

    @property
    def delivery(self) -> str:
        return self.notification.email_status if self.notification_id else Delivery.QUEUED


class SentReminder(models.Model):
    """One reminder sent: of a kind (outreach/reminders.py), about one object, for one step (a number of
    days before a deadline, "assigned", a period's due date). The unique triple sends each reminder once,
    even when its task runs twice or two runs overlap."""

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("object"))
    step = models.CharField(_("step"), max_length=40)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "step"], name="sentreminder_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.step}"
