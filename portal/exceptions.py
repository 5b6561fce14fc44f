"""Domain errors: services raise them, views and admin turn them into messages."""


class DomainError(Exception):
    """A rule of the domain refused an operation; the message is shown to the user."""

    def __init__(self, message: str = "", *, code: str = "", field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field  # the form field the message belongs beside, if any

    def __str__(self) -> str:
        return str(self.message)


class TransitionNotAllowed(DomainError):
    """A status change that the workflow does not allow from the current state."""


class PermissionRefused(DomainError):
    """The acting user may not perform this operation."""
