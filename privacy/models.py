"""Models of privacy: each record kept in its own module, gathered here for Django."""

from .access_log import AccessLog, AccessLogReview  # noqa: F401
