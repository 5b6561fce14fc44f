"""Which programmes' calls, applications, evaluations and documents a staff member sees in the admin.

A staff member sees the programmes they are assigned to (`ProgrammeStaff`); an assignment without a
programme, and superuser status, mean every programme. Every admin of an object that belongs to a call
restricts its queryset with `programme_scope`, so a change page, a download or a custom page of another
programme's object answers 404 exactly as a missing one does. The assignments are read once per request
(kept on the user object). Measured against django-rules and django-guardian in docs/architecture.md.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet

from .models import Call, Programme, ProgrammeStaff

_CACHE = "_programme_ids"


def staff_programme_ids(user) -> frozenset[int] | None:
    """The ids of the programmes `user` works on; None for every programme."""
    if user.is_superuser:
        return None
    if not hasattr(user, _CACHE):
        assigned = set(ProgrammeStaff.objects.filter(user_id=user.pk).values_list("programme_id", flat=True))
        setattr(user, _CACHE, None if None in assigned else frozenset(assigned))
    return getattr(user, _CACHE)


def programme_scope(queryset: QuerySet, user, *, path: str) -> QuerySet:
    """`queryset` restricted to the objects of `user`'s programmes; `path` leads from its model to the
    programme's id (``call__programme`` for an application)."""
    ids = staff_programme_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{path}__in": ids})


def programme_list_for_staff(*, user) -> QuerySet[Programme]:
    return programme_scope(Programme.objects.all(), user, path="pk")


class ProgrammeScopedAdminMixin:
    """An admin whose list, change pages and choices hold only the staff member's programmes' objects.

    `programme_path` leads from the model to the programme (``call__programme``); foreign keys to calls,
    applications and programmes offer only those of the staff member's programmes.
    """

    programme_path = "call__programme"
    _choice_paths = {"programme": "pk", "call": "programme", "application": "call__programme"}

    def get_queryset(self, request):
        return programme_scope(super().get_queryset(request), request.user, path=self.programme_path)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self._choice_paths.get(db_field.name)
        if path is not None and db_field.related_model._meta.app_label == "applications":
            base = kwargs.get("queryset", db_field.related_model._default_manager.all())
            kwargs["queryset"] = programme_scope(base, request.user, path=path)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProgrammeCallListFilter(admin.RelatedFieldListFilter):
    """Filter a list by call, offering the calls of the staff member's programmes, newest first.

    Django's RelatedOnlyFieldListFilter would find the calls by a DISTINCT over the whole list (every
    application, with the list's annotations) on each page; the calls themselves are a short table."""

    def field_choices(self, field, request, model_admin):
        calls = programme_scope(Call.objects.order_by("-opens_at", "-pk"), request.user, path="programme")
        return [(call.pk, str(call)) for call in calls.only("pk", "code", "title_ko")]
