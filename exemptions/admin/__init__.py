"""Admin of exemptions: the types (data), the staff review of requests with their checks and decision
pages, and the registry of issued documents (filters, CSV export with masked values, revocation)."""

from .documents import IssuedDocumentAdmin, StayReminderAdmin
from .requests import ExemptionRequestAdmin, ExemptionTypeAdmin

__all__ = ["ExemptionRequestAdmin", "ExemptionTypeAdmin", "IssuedDocumentAdmin", "StayReminderAdmin"]
