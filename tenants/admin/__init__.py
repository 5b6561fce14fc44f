"""Admin of tenants: companies and teams, invitations, unit offers, leases (workflow buttons, audit trail,
relocation proof), renewals, bookings, performance indicators (totals, trends, CSV) and the occupancy map."""

from . import companies, indicators, leases, offers, rooms  # noqa: F401 (registers the ModelAdmins)
