"""Shared pieces of the portal's forms: the error summary that heads a refused form."""

from __future__ import annotations

from django.forms import RadioSelect


class ErrorSummaryMixin:
    """`error_summary()`: (field id, label, message) of every error, for the summary at the top of a refused form
    (`applications/applicant/_error_summary.html` with `static/js/error-summary.js`, which moves the focus to
    the field). A list of choices is reached by its first option; an error of the whole form has no link."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        items = []
        for name, errors in self.errors.items():
            if name == "__all__":
                items.extend(("", "", str(e)) for e in errors)
                continue
            field = self[name]
            target = field.id_for_label
            if not target and isinstance(field.field.widget, RadioSelect) and field.auto_id:
                target = field.field.widget.id_for_label(field.auto_id, "0")
            label = str(field.label).rstrip(" *")
            items.extend((target, label, str(e)) for e in errors)
        return items
