"""A call's application form as data: versions, steps and typed questions; answers' uploaded files.

The question types themselves (their form fields, storage and display) are declared in
`applications/questions.py`; the rules (freezing, versions, conditions) in `applications/services_forms.py`.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.exceptions import DomainError
from portal.storage import private_storage


class QuestionType(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Amount in won")
    DATE = "date", _("Date")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", _("File")
    TABLE = "table", _("Table")


question_key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Lower-case letters, digits and underscores, starting with a letter (at most 40)."),
)


def default_file_formats() -> list[str]:
    return ["pdf", "hwp", "hwpx"]


class FrozenDefinitionError(DomainError):
    def __init__(self):
        super().__init__(_("This version of the form is frozen: its call has opened or applicants have answered "
                           "it. Make a new version to change it."), code="form_frozen")


class FormDefinition(models.Model):
    """One version of a call's application form. Frozen when the call opens (or staff freeze it): from then
    on it never changes, and the applications started on it keep it; a change is a new version."""

    call = models.ForeignKey("applications.Call", verbose_name=_("call"), on_delete=models.PROTECT,
                             related_name="form_definitions")
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    note = models.CharField(_("note"), max_length=200, blank=True,
                            help_text=_("For staff: what this version changes."))
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("application form")
        verbose_name_plural = _("application forms")
        ordering = ["call", "-version"]
        constraints = [models.UniqueConstraint(fields=["call", "version"], name="form_definition_version_once")]

    def __str__(self) -> str:
        return _("%(call)s form, version %(version)s") % {"call": self.call.code, "version": self.version}

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class FrozenGuardMixin:
    """Steps and questions of a frozen definition are refused at save and delete (the admin hides the
    buttons; this is the last line)."""

    def _definition_id(self) -> int:
        raise NotImplementedError

    def _refuse_if_frozen(self) -> None:
        if FormDefinition.objects.filter(pk=self._definition_id(), frozen_at__isnull=False).exists():
            raise FrozenDefinitionError()

    def save(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_frozen()
        return super().delete(*args, **kwargs)


class FormStep(FrozenGuardMixin, models.Model):
    """A page of the applicant's form, holding questions."""

    definition = models.ForeignKey(FormDefinition, verbose_name=_("application form"), on_delete=models.CASCADE,
                                   related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_ko = models.CharField(_("title (Korean)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_ko = models.TextField(_("introduction (Korean)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta:
        verbose_name = _("form step")
        verbose_name_plural = _("form steps")
        ordering = ["definition", "position", "id"]

    def __str__(self) -> str:
        return self.title_ko

    def _definition_id(self) -> int:
        return self.definition_id


class Question(FrozenGuardMixin, models.Model):
    """A typed question of a step, with its limits, choices, condition and messages in Korean and English."""

    definition = models.ForeignKey(FormDefinition, verbose_name=_("application form"), on_delete=models.CASCADE,
                                   related_name="questions", editable=False)
    step = models.ForeignKey(FormStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    key = models.CharField(_("key"), max_length=40, validators=[question_key_validator],
                           help_text=_("Names the answer in exports and conditions; unique in the form."))
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    label_ko = models.CharField(_("question (Korean)"), max_length=300)
    label_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    help_ko = models.CharField(_("help (Korean)"), max_length=500, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    min_length = models.PositiveIntegerField(_("minimum length"), null=True, blank=True,
                                             help_text=_("Texts: characters."))
    max_length = models.PositiveIntegerField(_("maximum length"), null=True, blank=True,
                                             help_text=_("Texts: characters."))
    min_value = models.BigIntegerField(_("minimum value"), null=True, blank=True,
                                       help_text=_("Numbers and amounts; tables: the fewest rows."))
    max_value = models.BigIntegerField(_("maximum value"), null=True, blank=True,
                                       help_text=_("Numbers and amounts; tables: the most rows."))
    choices = models.JSONField(_("choices"), default=list, blank=True,
                               help_text=_("Single and multiple choice: [{value, label_ko, label_en}]."))
    columns = models.JSONField(_("table columns"), default=list, blank=True,
                               help_text=_("Tables: [{key, label_ko, label_en, type}]."))
    allowed_formats = models.JSONField(_("allowed formats"), default=default_file_formats, blank=True)
    max_size_mb = models.PositiveSmallIntegerField(_("maximum size (MB)"), default=20)
    condition_key = models.CharField(
        _("shown when question"), max_length=40, blank=True,
        help_text=_("The key of an earlier question; empty: always shown."))
    condition_value = models.CharField(
        _("has the answer"), max_length=100, blank=True,
        help_text=_("Yes/no: yes or no; choices: the choice's value."))
    error_message_ko = models.CharField(_("validation message (Korean)"), max_length=300, blank=True,
                                        help_text=_("Shown instead of the usual message when the answer is refused "
                                                    "or missing."))
    error_message_en = models.CharField(_("validation message (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["definition", "step__position", "step_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["definition", "key"], name="question_key_once_per_form")]

    def __str__(self) -> str:
        return f"{self.key}: {self.label_ko}"

    def save(self, *args, **kwargs):
        if self.step_id and not self.definition_id:
            self.definition_id = FormStep.objects.values_list("definition_id", flat=True).get(pk=self.step_id)
        return super().save(*args, **kwargs)

    def _definition_id(self) -> int:
        return self.definition_id


def answer_file_path(instance: "AnswerFile", filename: str) -> str:
    from portal.uploads import stored_name

    return f"applications/{instance.application.call_id}/{instance.application_id}/answers/{stored_name(filename)}"


class AnswerFile(models.Model):
    """The file an applicant uploaded as the answer to a file question (private storage, like documents)."""

    application = models.ForeignKey("applications.Application", verbose_name=_("application"),
                                    on_delete=models.CASCADE, related_name="answer_files")
    question_key = models.CharField(_("question"), max_length=40)
    file = models.FileField(_("file"), upload_to=answer_file_path, max_length=500, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    detected_format = models.CharField(_("format"), max_length=10)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("answer file")
        verbose_name_plural = _("answer files")
        ordering = ["application", "question_key", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "question_key"],
                                               name="answer_file_one_per_question")]

    def __str__(self) -> str:
        return self.original_name
