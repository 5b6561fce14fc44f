"""Shared pieces of the portal's forms."""


class ErrorSummaryMixin:
    """`error_summary`: (field id, label, message) of every error, for the summary at the top of a form
    (templates/applications/applicant/_error_summary.html, whose links focus the fields)."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        items = []
        for name, errors in self.errors.items():
            if name == "__all__":
                items.extend(("", "", str(e)) for e in errors)
                continue
            items.extend((self[name].id_for_label, str(self.fields[name].label), str(e)) for e in errors)
        return items
