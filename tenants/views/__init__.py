"""The tenant's company space (profile, team, leases, rooms, indicators), invitations and the public
tenant directory. Someone else's company, lease or booking answers 404."""

from .access import member_required
from .company import (
    company_detail,
    company_edit,
    company_logo,
    invitation,
    invitation_withdraw,
    my_company,
    team,
    team_leave,
    team_remove,
    team_role,
)
from .directory import directory, directory_detail, directory_logo
from .indicators import indicators
from .leases import lease_detail, lease_relocation_proof, lease_renewal_request, lease_summary
from .offers import offer_detail, offer_list
from .rooms import booking_cancel, room_week, rooms

__all__ = [
    "member_required", "company_detail", "company_edit", "company_logo", "invitation", "invitation_withdraw",
    "my_company", "team", "team_leave", "team_remove", "team_role", "directory", "directory_detail",
    "directory_logo", "indicators", "lease_detail", "lease_relocation_proof", "lease_renewal_request",
    "booking_cancel", "room_week", "rooms", "lease_summary", "offer_detail", "offer_list",
]
