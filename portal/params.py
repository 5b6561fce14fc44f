"""Query parameters read within sane bounds: a malformed, extreme or repeated value falls back to the default.

Every view that reads `request.GET` by hand goes through these helpers; a form bound to `request.GET`
puts `DATE_BOUNDS` on its date fields. Nothing a visitor types into the address bar reaches date
arithmetic or the database unbounded, so no value can answer a server error.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator

# Dates a page may show: far enough for any call, lease or booking, near enough that a day or a week
# either side is still a date (date.max + 1 day raises OverflowError).
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
DATE_BOUNDS = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]
# Page numbers beyond this are a typo or a probe.
MAX_PAGE = 10_000
# Longer than any id or number the portal uses: nothing longer is parsed at all.
MAX_NUMBER_LENGTH = 19


def query_text(request, name: str, *, max_length: int = 200) -> str:
    """The parameter's last value, stripped; empty when missing or longer than `max_length`."""
    value = request.GET.get(name, "").strip()
    return value if len(value) <= max_length else ""


def query_int(request, name: str, *, default: int | None = None, minimum: int = 1,
              maximum: int = 2**63 - 1) -> int | None:
    """An integer (ASCII digits, optional minus) within [minimum, maximum], else `default`."""
    value = query_text(request, name, max_length=MAX_NUMBER_LENGTH + 1)
    digits = value.removeprefix("-")
    if not digits or not (digits.isascii() and digits.isdigit()):
        return default
    number = int(value)
    return number if minimum <= number <= maximum else default


def query_page(request, name: str = "page") -> int:
    """A page number from 1 to MAX_PAGE (1 when missing or malformed); Paginator.get_page clamps it to
    the last page."""
    return query_int(request, name, default=1, minimum=1, maximum=MAX_PAGE)


def query_date(request, name: str, *, default: dt.date | None = None, earliest: dt.date = EARLIEST_DATE,
               latest: dt.date = LATEST_DATE) -> dt.date | None:
    """A date written YYYY-MM-DD within [earliest, latest], else `default` (also for 2026-02-30)."""
    value = query_text(request, name, max_length=10)
    if not value.isascii():
        return default
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return default
    return date if earliest <= date <= latest else default
