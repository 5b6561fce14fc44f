"""Irreversible steps ask first: the action's POST acts only when it comes from its confirmation page.

A confirmation page shows what will happen and posts the action with `confirm=yes` (the hidden field
of `templates/portal/_confirm_field.html`, or the value of the confirming button); a POST without it (a
stray form, a script, a second tab) is answered with the confirmation page again, never acted upon.
Plain HTML: it works without JavaScript. Used by the scorecard's submission, the release of a call's
results and the month's billing run; the application's submission asks for its truthfulness
declaration instead.
"""

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"


def confirmed(request) -> bool:
    """The POST carries the confirmation page's field."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE
