"""English: Dec 5, 2026 (Sat), Dec 5, 2026 13:53 KST, 13:53 (24-hour, as portal/formatting.py)."""

DATE_FORMAT = "M j, Y (D)"
DATETIME_FORMAT = "M j, Y H:i T"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "M j"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y H:i"
