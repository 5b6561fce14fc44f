"""Writes on a call's own form: freezing a version, copying it into a new one, and the applicant's answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import DomainError

from .models_forms import AnswerFile, FormDefinition, FormStep, Question, QuestionType

_COPIED_QUESTION_FIELDS = [
    "position", "key", "type", "label_ko", "label_en", "help_ko", "help_en", "required", "min_length", "max_length",
    "min_value", "max_value", "choices", "columns", "allowed_formats", "max_size_mb", "condition_key",
    "condition_value", "error_message_ko", "error_message_en",
]


@transaction.atomic
def form_definition_create(*, call, note: str = "", copy_from: FormDefinition | None = None) -> FormDefinition:
    """A new, editable version of `call`'s form (the next number for that call), empty or a copy of
    `copy_from` (a version of this call or of another one)."""
    from .models import Call

    Call.objects.select_for_update().get(pk=call.pk)  # two staff adding a version at once get two numbers
    last = FormDefinition.objects.filter(call_id=call.pk).aggregate(m=Max("version"))["m"] or 0
    definition = FormDefinition.objects.create(call=call, version=last + 1, note=note)
    if copy_from is not None:
        for step in FormStep.objects.filter(definition=copy_from).order_by("position", "id").prefetch_related(
                "questions"):
            new_step = FormStep.objects.create(definition=definition, position=step.position, title_ko=step.title_ko,
                                               title_en=step.title_en, intro_ko=step.intro_ko,
                                               intro_en=step.intro_en)
            Question.objects.bulk_create(
                Question(definition=definition, step=new_step,
                         **{name: getattr(q, name) for name in _COPIED_QUESTION_FIELDS})
                for q in step.questions.order_by("position", "id"))
    return definition


@transaction.atomic
def form_definition_freeze(*, definition: FormDefinition, at=None) -> FormDefinition:
    """Freeze the version: from now on it never changes (idempotent). Applications answer frozen versions."""
    locked = FormDefinition.objects.select_for_update().get(pk=definition.pk)
    if locked.frozen_at is None:
        if not Question.objects.filter(definition=locked).exists():
            raise DomainError(_("A form without questions cannot be frozen."), code="form_empty")
        locked.frozen_at = at or timezone.now()
        locked.save(update_fields=["frozen_at"])
    return locked


def form_definition_for_new_application(*, call) -> FormDefinition | None:
    """The version a new application answers, frozen now if it was not yet (the call has opened)."""
    from .selectors_forms import form_definition_for_applicants

    definition = form_definition_for_applicants(call=call)
    if definition is None or definition.frozen_at is not None:
        return definition
    if not Question.objects.filter(definition=definition).exists():
        return None  # an empty draft of a form: the call keeps the fixed steps
    return form_definition_freeze(definition=definition)


def _check_files(*, questions: dict[str, Question], files: dict) -> dict[str, str]:
    """Each upload checked by content and size (before any lock); {key: message} of the refused ones."""
    from portal.uploads import validate_upload

    refused = {}
    for key, uploaded in files.items():
        question = questions[key]
        try:
            validate_upload(allowed_formats=question.allowed_formats or ["pdf"],
                            max_bytes=question.max_size_mb * 1024 * 1024)(uploaded)
        except ValidationError as exc:
            refused[key] = " ".join(exc.messages)
    return refused


def application_answers_save(*, application, actor, changes: dict, files: dict | None = None,
                             seen: int | None = None) -> dict[str, str]:
    """Save answers of a draft (or reopened ones): `changes` {question key: stored value, or None to clear},
    `files` {question key: uploaded file}. Only questions of the application's version that the applicant
    may change now are written, by the applicant or an editor among their colleagues, and logged with who
    saved them. Returns {key: message} of the files refused (the rest is saved). `seen` as for
    `application_update_draft` (StaleEdit)."""
    from .selectors import application_field_is_editable
    from .selectors_forms import answer_key

    if application.form_definition_id is None:
        raise DomainError(_("This application has no form of its own."), code="no_form")
    questions = {q.key: q for q in Question.objects.filter(definition_id=application.form_definition_id)}
    unknown = (set(changes) | set(files or {})) - set(questions)
    if unknown:
        raise DomainError(_("Unknown question: %(key)s") % {"key": sorted(unknown)[0]}, code="unknown_question")
    files = {key: f for key, f in (files or {}).items() if questions[key].type == QuestionType.FILE}
    refused = _check_files(questions=questions, files=files)
    accepted = {key: f for key, f in files.items() if key not in refused}
    stored_paths: list[str] = []
    try:
        _answers_write(application=application, actor=actor, changes=changes, files=accepted,
                       editable=lambda app, key: application_field_is_editable(application=app, key=answer_key(key)),
                       stored_paths=stored_paths, seen=seen)
    except Exception:
        from django.core.files.storage import storages

        for path in stored_paths:
            storages["private"].delete(path)
        raise
    return refused


@transaction.atomic
def _answers_write(*, application, actor, changes, files, editable, stored_paths, seen) -> None:
    from django.core.files.storage import storages

    from portal.uploads import sanitize_filename

    from .selectors_forms import ANSWER_KEY_PREFIX, answer_key
    from .services import _lock_editable, _sha256
    from .services_collaborators import application_edit_record, application_stale_check

    locked = _lock_editable(application=application, actor=actor)
    before = dict(locked.answers or {})

    def differing(key):
        question_key = key.removeprefix(ANSWER_KEY_PREFIX)
        return question_key in changes and (changes[question_key] or None) != (before.get(question_key) or None)

    application_stale_check(application=locked, actor=actor, seen=seen, differing=differing)
    answers = dict(before)
    for key, value in changes.items():
        if not editable(locked, key):
            continue
        if value is None or value == "" or value == []:
            answers.pop(key, None)
        else:
            answers[key] = value
    for key, uploaded in files.items():
        if not editable(locked, key):
            continue
        previous = AnswerFile.objects.select_for_update().filter(application=locked, question_key=key).first()
        if previous is not None:
            old_path = previous.file.name
            previous.delete()
            transaction.on_commit(lambda path=old_path: storages["private"].delete(path))
        name = sanitize_filename(uploaded.name)
        stored = AnswerFile(application=locked, question_key=key, original_name=name[:255], size=uploaded.size,
                            detected_format=uploaded.detected_format, sha256=_sha256(uploaded), uploaded_by=actor)
        stored.file.save(name, uploaded, save=False)
        stored_paths.append(stored.file.name)
        stored.save()
        answers[key] = {"file": stored.pk, "name": stored.original_name, "size": stored.size}
    if answers != before:
        locked.answers = answers
        locked._change_reason = "update_answers"
        locked.save(update_fields=["answers", "updated_at"])
        changed = [key for key in dict.fromkeys([*before, *answers]) if before.get(key) != answers.get(key)]
        application_edit_record(application=locked, actor=actor, keys=[answer_key(key) for key in changed])
    application.answers = answers


def application_answers_prune(*, application) -> dict:
    """At submission: the answers of hidden questions (their condition unmet) are dropped, and their files with
    them; returns the answers kept. Runs inside the submission's transaction, on the locked row."""
    from django.core.files.storage import storages

    from .selectors_forms import answers_visible, form_load

    if application.form_definition_id is None:
        return application.answers or {}
    loaded = form_load(definition=application.form_definition)
    kept = answers_visible(loaded=loaded, answers=application.answers or {})
    dropped = set(application.answers or {}) - set(kept)
    for stored in AnswerFile.objects.filter(application=application, question_key__in=dropped):
        path = stored.file.name
        stored.delete()
        transaction.on_commit(lambda path=path: storages["private"].delete(path))
    return kept
