"""The committee's work: assignments, conflict declarations, scorecards, presentation slots, result notices."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import Role
from applications.models import EvaluationCriterion
from portal.models import TimeStampedModel

Stage = EvaluationCriterion.Stage


class Assignment(TimeStampedModel):
    """An evaluator (평가위원) sits on the committee of one call and stage."""

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT,
        related_name="evaluation_assignments", limit_choices_to={"groups__name": Role.EVALUATOR.value},
    )
    call = models.ForeignKey(
        "applications.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="assignments"
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        ordering = ["call", "stage", "evaluator__name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "call", "stage"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.call.code} · {self.get_stage_display()}"


class ScoringDeadline(models.Model):
    """The day by which the evaluators of a call and stage submit their scorecards (Korea time, end of day);
    evaluators are reminded before it while cards are unsubmitted (outreach's reminders)."""

    call = models.ForeignKey(
        "applications.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="scoring_deadlines"
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    due_on = models.DateField(_("scoring deadline"))

    class Meta:
        verbose_name = _("scoring deadline")
        verbose_name_plural = _("scoring deadlines")
        ordering = ["-due_on", "call", "stage"]
        constraints = [models.UniqueConstraint(fields=["call", "stage"], name="scoringdeadline_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.call.code} · {self.get_stage_display()} · {self.due_on:%Y-%m-%d}"


class ConflictDeclaration(models.Model):
    """Before seeing an application the evaluator declares a conflict of interest or its absence."""

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.CASCADE,
        related_name="conflict_declarations",
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    has_conflict = models.BooleanField(_("conflict of interest"))
    note = models.TextField(_("note"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        ordering = ["application", "stage", "declared_at"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "application", "stage"], name="declaration_unique"),
        ]

    def __str__(self) -> str:
        return str(_("conflict") if self.has_conflict else _("no conflict"))


class Scorecard(TimeStampedModel):
    """One evaluator's scores of one application in one stage; locked once submitted."""

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT, related_name="scorecards"
    )
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("application"), on_delete=models.CASCADE,
        related_name="scorecards",
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    locked = models.BooleanField(_("locked"), default=False)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reopened by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["application", "stage", "evaluator__name"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "application", "stage"], name="scorecard_unique"),
        ]
        indexes = [models.Index(fields=["application", "stage", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.application} · {self.get_stage_display()} · {self.evaluator}"


class ScoreItem(models.Model):
    scorecard = models.ForeignKey(Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE,
                                  related_name="items")
    criterion = models.ForeignKey(EvaluationCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="+")
    points = models.PositiveSmallIntegerField(_("points"), validators=[MinValueValidator(0)])
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["scorecard", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="score_item_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name_ko}: {self.points}"


class PresentationSlot(TimeStampedModel):
    """A time and place for one applicant's stage-2 presentation (2차 발표평가)."""

    call = models.ForeignKey(
        "applications.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="presentation_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("room or place"), max_length=200)
    application = models.OneToOneField(
        "applications.Application", verbose_name=_("application"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="presentation_slot",
    )
    notified_at = models.DateTimeField(_("applicant notified at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed by the applicant at"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("presentation slot")
        verbose_name_plural = _("presentation slots")
        ordering = ["call", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{local:%Y-%m-%d %H:%M} · {self.place}"


class ResultNotice(models.Model):
    """The record that an applicant is (to be) told the call's result; sent at most once."""

    application = models.OneToOneField(
        "applications.Application", verbose_name=_("application"), on_delete=models.CASCADE,
        related_name="result_notice",
    )
    status = models.CharField(_("result"), max_length=30)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    notification = models.ForeignKey(
        "notifications.Notification", verbose_name=_("notification"), on_delete=models.SET_NULL, null=True,
        blank=True, related_name="+",
    )

    class Meta:
        verbose_name = _("result notice")
        verbose_name_plural = _("result notices")
        ordering = ["-queued_at", "id"]

    def __str__(self) -> str:
        return str(self.application)
