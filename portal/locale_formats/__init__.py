"""Django's date formats for the admin and `|date` without a format, following portal/formatting.py."""
