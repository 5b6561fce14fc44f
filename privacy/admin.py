"""The admin of privacy: each record's admin lives beside its model."""

from . import access_log_admin  # noqa: F401
