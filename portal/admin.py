"""Shared pieces of the admin."""


class ReadOnlyAdminMixin:
    """Records written only by services (logs, audit trails): staff read them, never add, edit or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
