"""Personal-data file of tenancy: team members, invitations, billing contacts, bookings (privacy/registry.py)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import Method, Rule, field_rule, register_rule

from . import retention

TENANCY_RETENTION = Retention("PRIVACY_TENANT_RETENTION_DAYS", 5 * 365, after=_("the tenancy ends"))
BOOKING_RETENTION = Retention("PRIVACY_BOOKING_RETENTION_DAYS", 365, after=_("the booked day"))

register(PersonalDataFile(
    key="tenancy", name=_("Tenant companies' teams and contacts"),
    subjects=(Subject.TEAM_MEMBER, Subject.ACCOUNT_HOLDER, Subject.STAFF),
    purpose=_("Managing tenancy: the company's team on the portal, invitations, the billing contact, "
              "lease renewals and performance reports"),
    items=_("team members' accounts and roles; invited e-mail addresses; billing contact's name and e-mail"),
    basis=Basis.CONTRACT, basis_detail=_("the tenancy agreement (사용·수익허가)"),
    retention=TENANCY_RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email",),
    tables=(
        Table(model="tenants.Company", fields=("billing_contact_name", "billing_contact_email"),
              owner=lambda user, email: Q(billing_contact_email__iexact=email), erasure=Erasure.ANONYMISE),
        Table(model="tenants.TeamMembership", fields=("user",), owner="user", erasure=Erasure.DELETE),
        Table(model="tenants.Invitation", fields=("email", "invited_by", "accepted_by"),
              owner=lambda user, email: Q(email__iexact=email) | Q(accepted_by=user), erasure=Erasure.DELETE),
        # The tenant's note and staff's performance review with the reason of the decision, which the tenant reads.
        Table(model="tenants.LeaseRenewal", fields=retention.RENEWAL_FIELDS, owner="requested_by",
              erasure=Erasure.KEEP),
        Table(model="tenants.Lease", fields=("relocation_confirmed_by",), owner="relocation_confirmed_by",
              erasure=Erasure.KEEP),
        Table(model="tenants.Offer", fields=("offered_by",), owner="offered_by", erasure=Erasure.KEEP),
        Table(model="tenants.PerformanceReport", fields=("submitted_by",), owner="submitted_by",
              erasure=Erasure.KEEP),
    ),
))

register(PersonalDataFile(
    key="bookings", name=_("Meeting-room bookings"),
    subjects=(Subject.TEAM_MEMBER,),
    purpose=_("Booking the center's meeting rooms"),
    items=_("who booked or cancelled, when, the purpose typed"),
    basis=Basis.CONTRACT, basis_detail=_("the tenancy agreement (사용·수익허가)"),
    retention=BOOKING_RETENTION,
    destruction=DESTROY_ELECTRONIC,
    tables=(
        Table(model="tenants.Booking", fields=("booked_by", "cancelled_by", "purpose"), owner="booked_by",
              erasure=Erasure.ANONYMISE),
    ),
))

register_rule(Rule(
    key="tenants.former_companies", file="tenancy",
    what=_("former tenant companies' team members, invitations, billing contact and renewal notes"),
    retention=TENANCY_RETENTION, method=Method.ANONYMISE, due=retention.former_companies_due,
    destroy=retention.former_companies_destroy,
    covers=(("tenants.Company", retention.COMPANY_FIELDS), ("tenants.TeamMembership", ()),
            ("tenants.Invitation", ()), ("tenants.LeaseRenewal", retention.RENEWAL_FIELDS))))
register_rule(field_rule(key="tenants.bookings", file="bookings", what=_("meeting-room bookings"),
                         retention=BOOKING_RETENTION, model="tenants.Booking", counted_from="ends_at"))
