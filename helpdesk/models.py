"""Notices (공지사항) with attachments, the site-wide FAQ, and 1:1 inquiries (1:1 문의) with their routing,
attachments and internal notes (receipt numbers come from `portal.numbering`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.models import TimeStampedModel
from portal.storage import private_storage

from .workflow import InquiryStatus


class Topic(models.TextChoices):
    """What a question is about: the FAQ's categories and the inquiry's (each routed to its staff)."""

    APPLICATION = "application", _("Applications and calls")
    BILLING = "billing", _("Rent and invoices")
    ROOMS = "rooms", _("Meeting rooms")
    EXEMPTIONS = "exemptions", _("Regulatory exemptions")
    FACILITIES = "facilities", _("Facilities")
    OTHER = "other", _("Other")


class NoticeCategory(models.TextChoices):
    GENERAL = "general", _("General")
    CALLS = "calls", _("Calls for applications")
    TENANTS = "tenants", _("For tenants")
    FACILITIES = "facilities", _("Facilities")
    EVENTS = "events", _("Events")


class NoticeQuerySet(models.QuerySet):
    def visible(self, at=None):
        """Published by `at` (now) and not yet unpublished: what visitors see."""
        at = at or timezone.now()
        return self.filter(publish_at__isnull=False, publish_at__lte=at).filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=at))


class Notice(TimeStampedModel):
    """A notice staff write in the admin; visitors see it from `publish_at` until `unpublish_at` (Korea time)."""

    category = models.CharField(_("category"), max_length=20, choices=NoticeCategory.choices,
                                default=NoticeCategory.GENERAL)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_ko = models.TextField(_("body (Korean)"), help_text=_(
        "Markdown: paragraphs, **bold**, *italic*, lists (- or 1.), headings (##), links [text](https://…). "
        "Any HTML is shown as text."))
    body_en = models.TextField(_("body (English)"), blank=True)
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Pinned notices stay at the top of the list."))
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True, help_text=_(
        "Korea time. Empty: a draft nobody outside the admin sees."))
    unpublish_at = models.DateTimeField(_("unpublish at"), null=True, blank=True, help_text=_(
        "Korea time. Empty: shown until removed."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+", editable=False)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-pinned", "-publish_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(publish_at__isnull=False, unpublish_at__gt=models.F("publish_at")),
                name="notice_unpublish_after_publish"),
        ]

    def __str__(self) -> str:
        return self.title_ko


def notice_attachment_path(instance: NoticeAttachment, filename: str) -> str:
    from portal.uploads import stored_name

    return f"helpdesk/notices/{instance.notice_id}/{stored_name(filename)}"


class NoticeAttachment(models.Model):
    notice = models.ForeignKey(Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=notice_attachment_path, max_length=500, storage=private_storage)
    name = models.CharField(_("file name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["notice", "id"]

    def __str__(self) -> str:
        return self.name


class FAQ(TimeStampedModel):
    """A site-wide question and answer (the calls keep their own FAQ)."""

    category = models.CharField(_("category"), max_length=20, choices=Topic.choices, default=Topic.OTHER)
    question_ko = models.CharField(_("question (Korean)"), max_length=300)
    question_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    answer_ko = models.TextField(_("answer (Korean)"), help_text=_("Markdown, as in notices."))
    answer_en = models.TextField(_("answer (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    source_inquiry = models.ForeignKey("Inquiry", verbose_name=_("made from inquiry"), on_delete=models.SET_NULL,
                                       null=True, blank=True, related_name="+", editable=False)

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["category", "position", "id"]

    def __str__(self) -> str:
        return self.question_ko


class InquiryRoute(models.Model):
    """Which staff receive the inquiries of a category (edited in the admin)."""

    category = models.CharField(_("category"), max_length=20, choices=Topic.choices, unique=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("staff"), blank=True, related_name="+",
                                   limit_choices_to={"is_staff": True, "is_active": True})

    class Meta:
        verbose_name = _("inquiry routing")
        verbose_name_plural = _("inquiry routing")
        ordering = ["category"]

    def __str__(self) -> str:
        return self.get_category_display()


class Inquiry(TimeStampedModel):
    """A signed-in user's question to the district (1:1 문의), answered by the officer it is assigned to."""

    number = models.CharField(_("receipt number"), max_length=20, unique=True, editable=False)
    asker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.PROTECT,
                              related_name="inquiries", editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Topic.choices)
    subject = models.CharField(pgettext_lazy("inquiry", "subject"), max_length=200)
    body = models.TextField(_("question"))
    application = models.ForeignKey("applications.Application", verbose_name=_("about application"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    invoice = models.ForeignKey("billing.Invoice", verbose_name=_("about invoice"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    booking = models.ForeignKey("tenants.Booking", verbose_name=_("about booking"), on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=InquiryStatus.choices,
                              default=InquiryStatus.RECEIVED, editable=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    due_on = models.DateField(_("answer due"), editable=False)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned officer"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                    limit_choices_to={"is_staff": True, "is_active": True})
    answer = models.TextField(_("answer"), blank=True, help_text=_(
        "Save it, then press “Send the answer”: only then is it shown to the asker and e-mailed in their "
        "language."))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+", editable=False)
    transitions = GenericRelation("portal.StatusChange", related_query_name="inquiry")

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="inquiry_queue")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in (InquiryStatus.RECEIVED, InquiryStatus.ASSIGNED)

    def is_overdue(self, today=None) -> bool:
        """Still waiting for its answer after the due date (the due date itself is not late)."""
        return self.is_open and self.due_on < (today or timezone.localdate())


def inquiry_attachment_path(instance: InquiryAttachment, filename: str) -> str:
    from portal.uploads import stored_name

    return f"helpdesk/inquiries/{instance.inquiry_id}/{stored_name(filename)}"


class InquiryAttachment(models.Model):
    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField(_("file"), upload_to=inquiry_attachment_path, max_length=500, storage=private_storage)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["inquiry", "id"]

    def __str__(self) -> str:
        return self.name


class InquiryNote(models.Model):
    """A note among staff about an inquiry: never shown to the asker nor put in an e-mail."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE,
                                related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL,
                               null=True, related_name="+", editable=False)
    body = models.TextField(pgettext_lazy("internal note", "note"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["inquiry", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
