"""Personal-data file of GPU support: who created and adjusted allocations, who reported or imported each
month's usage (privacy/registry.py). The grantee's own data is the application's, in that file."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register

RETENTION = Retention("PRIVACY_COMPUTE_RETENTION_DAYS", 5 * 365, after=_("the allocation's term ends"))

register(PersonalDataFile(
    key="gpu_allocations", name=_("GPU allocations and usage"),
    subjects=(Subject.ACCOUNT_HOLDER, Subject.TEAM_MEMBER, Subject.STAFF),
    purpose=_("Allocating GPU-hours to selected companies, recording their monthly usage and reminding them"),
    items=_("who reported each month's usage; the staff member who created or adjusted an allocation or imported "
            "the operator's usage file"),
    basis=Basis.CONSENT, basis_detail=_("consent at the start of the application; the call for applications"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    recipients=("email",),
    tables=(
        Table(model="compute.UsageReport", fields=("reported_by",), owner="reported_by", erasure=Erasure.KEEP),
        Table(model="compute.Allocation", fields=("created_by",), owner="created_by", erasure=Erasure.KEEP),
        Table(model="compute.Adjustment", fields=("adjusted_by",), owner="adjusted_by", erasure=Erasure.KEEP),
        Table(model="compute.UsageImport", fields=("imported_by",), owner="imported_by", erasure=Erasure.KEEP),
    ),
))
