"""Decisions (처분) the district notifies with reasons and the appeal route (행정절차법 §23, §26): the
wording per kind of decision that staff edit, and the notices given, each stored once as a PDF."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel


class DecisionKind(models.TextChoices):
    EXEMPTION_REFUSAL = "exemption_refusal", _("Refusal of an exemption request")
    APPLICATION_INELIGIBLE = "application_ineligible", _("Application ineligible")
    APPLICATION_NOT_SELECTED = "application_not_selected", _("Application not selected")


class DecisionWording(TimeStampedModel):
    """What a notice of one kind of decision says besides its reasons: the title, the sentence that
    announces the decision, who decided it, and the appeal routes with their periods in days (0: the
    route is not offered). The defaults follow 행정기본법 §36 (이의신청, 30 days), 행정심판법 §27 (90 days)
    and 행정소송법 §20 (90 days); the district confirms them and edits them here."""

    kind = models.CharField(_("kind of decision"), max_length=30, choices=DecisionKind.choices, unique=True)
    title = models.CharField(_("title of the notice"), max_length=200)
    matter_label = models.CharField(_("label of the matter"), max_length=100, default="신청 사항")
    decision_text = models.TextField(_("decision sentence"))
    authority = models.CharField(_("deciding authority"), max_length=100, default="서울특별시 서초구청장")
    objection_days = models.PositiveSmallIntegerField(_("objection period (days)"), default=30)
    objection_text = models.TextField(_("objection (이의신청)"), blank=True)
    appeal_days = models.PositiveSmallIntegerField(_("administrative appeal period (days)"), default=90)
    appeal_text = models.TextField(_("administrative appeal (행정심판)"), blank=True)
    lawsuit_days = models.PositiveSmallIntegerField(_("administrative lawsuit period (days)"), default=90)
    lawsuit_text = models.TextField(_("administrative lawsuit (행정소송)"), blank=True)
    contact_department = models.CharField(_("department to contact"), max_length=100, blank=True)
    contact_phone = models.CharField(_("telephone to contact"), max_length=30, blank=True)
    # The English notice, a translation for information: the Korean wording above is the official one.
    title_en = models.CharField(_("title of the notice (English)"), max_length=200, blank=True)
    matter_label_en = models.CharField(_("label of the matter (English)"), max_length=100, blank=True)
    decision_text_en = models.TextField(_("decision sentence (English)"), blank=True)
    authority_en = models.CharField(_("deciding authority (English)"), max_length=100, blank=True)
    objection_text_en = models.TextField(_("objection (English)"), blank=True)
    appeal_text_en = models.TextField(_("administrative appeal (English)"), blank=True)
    lawsuit_text_en = models.TextField(_("administrative lawsuit (English)"), blank=True)
    contact_department_en = models.CharField(_("department to contact (English)"), max_length=100, blank=True)
    translation_note_en = models.TextField(
        _("translation note (English)"), blank=True,
        help_text=_("Printed at the top of the English notice: it is a translation for information and the Korean "
                    "notice prevails."))

    class Meta:
        verbose_name = _("decision notice wording")
        verbose_name_plural = _("decision notice wordings")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()


class DecisionNotice(models.Model):
    """One decision as notified: its subject (an application, an exemption request), the reasons, the
    date of the notice from which the appeal periods run, the facts and wording as they stood (later
    edits of the wording do not change a notice given), and its PDFs, each rendered once: the official
    Korean notice and its English translation for information (with the reasons in English when staff
    gave them, else the Korean reasons with a note)."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("kind"), on_delete=models.PROTECT,
                                     related_name="+")
    object_id = models.PositiveBigIntegerField(_("record"))
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind of decision"), max_length=30, choices=DecisionKind.choices)
    reasons = models.TextField(_("reasons"))
    reasons_en = models.TextField(_("reasons (English)"), blank=True)
    decided_at = models.DateTimeField(_("decided at"))
    notice_date = models.DateField(_("date of the notice"))
    facts = models.JSONField(_("facts and wording"), default=dict, editable=False)
    pdf_path = models.CharField(_("PDF"), max_length=300, blank=True, editable=False)
    pdf_en_path = models.CharField(_("PDF (English)"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision notice")
        verbose_name_plural = _("decision notices")
        ordering = ["-notice_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "kind"], name="decisionnotice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.notice_date:%Y-%m-%d}"

    def filename(self, language: str = "ko") -> str:
        suffix = "-en" if language == "en" else ""
        return f"decision-{self.kind}-{self.object_id}{suffix}.pdf"

    def pdf_path_for(self, language: str) -> str:
        return self.pdf_en_path if language == "en" else self.pdf_path
