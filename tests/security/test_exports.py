"""Every CSV and XLSX file the portal writes goes through `portal/exports.py`, and none carries a live formula.

The exports are found in the source, not listed by hand: the scan fails on a CSV or spreadsheet library
used anywhere else and on an export function that is not registered, and the sweep sends every registered
export hostile values through its admin page as staff and reads the file back."""

import ast
import csv
import datetime
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

import portal.urls  # noqa: F401 — every view module, so that every export is registered
from portal.exports import FORMULA_PREFIXES, REGISTRY, XLSX_CONTENT_TYPE
from privacy.models import AccessLog
from tests.factories import UserFactory
from tests.privacy.reasons import remember_reason

ROOT = Path(settings.BASE_DIR)
HELPER = Path("portal/exports.py")
READER = Path("portal/imports.py")  # reads uploaded tables; writes none
BENCH_READER = Path("bench/nodes_bench.py")  # reads the statistics file locust writes; writes none
SKIPPED_FOLDERS = {"tests", "node_modules", "var", "build"}
SPREADSHEET_MODULES = {"csv", "openpyxl", "xlsxwriter", "xlwt", "tablib", "pandas"}
SPREADSHEET_TEXT = ("text/csv", "spreadsheetml", "ms-excel")
WRITERS = {"csv_response", "xlsx_response"}

HYPERLINK = '=HYPERLINK("http://evil.example","x")'
CMD = "=cmd|' /C calc'!A0"


def _sources():
    """(path relative to the project, syntax tree) of every Python file of the portal, tests left out."""
    for folder, folders, files in os.walk(ROOT):
        folders[:] = sorted(f for f in folders if f not in SKIPPED_FOLDERS and not f.startswith("."))
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(folder, name)
                yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(node) -> str:
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""


def _export_functions(relative: Path, tree: ast.Module):
    """(dotted path, registered name or None) of each function that writes a CSV or XLSX response."""
    module = ".".join(relative.with_suffix("").parts).removesuffix(".__init__")

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                yield from visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                if any(isinstance(n, ast.Call) and _name(n.func) in WRITERS for n in ast.walk(child)):
                    names = [d.args[0].value for d in child.decorator_list
                             if isinstance(d, ast.Call) and _name(d.func) == "register" and d.args
                             and isinstance(d.args[0], ast.Constant)]
                    yield f"{module}.{prefix}{child.name}", (names or [None])[0]
                yield from visit(child, f"{prefix}{child.name}.<locals>.")

    yield from visit(tree, "")


def test_no_csv_or_spreadsheet_is_written_outside_the_export_module():
    bypasses = []
    for relative, tree in _sources():
        if relative in (HELPER, READER, BENCH_READER):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                bypasses += [f"{relative}:{node.lineno} imports {m}" for m in modules
                             if m.split(".")[0] in SPREADSHEET_MODULES]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                bypasses += [f"{relative}:{node.lineno} writes {t}" for t in SPREADSHEET_TEXT if t in node.value]
    assert bypasses == [], "write CSV and XLSX with portal.exports.csv_response / xlsx_response"


def test_every_function_that_writes_an_export_is_registered():
    found = [item for relative, tree in _sources() if relative != HELPER for item in _export_functions(relative, tree)]
    assert [path for path, name in found if name is None] == [], "decorate it with @portal.exports.register(name)"
    assert {name: path for path, name in found} == REGISTRY
    assert len(found) == len(REGISTRY) >= 7


# The sweep: one case per registered export, which plants hostile values in the fields outsiders or
# tenants fill in and downloads the file as staff would.

@dataclass
class Planted:
    responses: list = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # must come back as text behind an apostrophe
    numbers: list = field(default_factory=list)  # must come back as numbers


CASES: dict[str, Callable] = {}


def case(name):
    def decorate(func):
        CASES[name] = func
        return func
    return decorate


@case("security-events")
def _security_events(client):
    """The login name and the browser's User-Agent are typed by anyone on the internet."""
    client.post("/accounts/login/", {"username": CMD, "password": "guess"}, HTTP_USER_AGENT="@SUM(1+1)")
    client.post("/accounts/login/", {"username": "+82-2-1234@x.kr", "password": "guess"},
                HTTP_USER_AGENT="\t=1+2")
    client.post("/accounts/login/", {"username": "-1+2@x.kr", "password": "guess"}, HTTP_USER_AGENT="\r=1+2")
    staff = UserFactory(role="district_staff")
    client.force_login(staff)  # recorded with the staff member's id: a number
    from accounts.models import SecurityEvent

    ids = list(SecurityEvent.objects.values_list("pk", flat=True))
    response = client.post("/admin/accounts/securityevent/", {"action": "export_csv", "_selected_action": ids})
    return Planted([response], [CMD.lower(), "@SUM(1+1)", "+82-2-1234@x.kr", "\t=1+2", "-1+2@x.kr", "\r=1+2"],
                   [staff.pk])


def _billing_month(client):
    """A tenant names its company; a credit note makes negative amounts."""
    from billing import services
    from tests.factories import BankBuildingFactory, BillingLeaseFactory, FloorFactory, StaffFactory, UnitFactory

    today = datetime.date(2026, 12, 1)
    lease = BillingLeaseFactory(unit=UnitFactory(floor=FloorFactory(building=BankBuildingFactory())),
                                company__name_ko=HYPERLINK)
    invoice = services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=today)
    services.credit_note_issue(invoice=invoice, reason="면적 오기", today=today, supply=100_000)
    client.force_login(StaffFactory())
    return [HYPERLINK], [invoice.total, -100_000, -10_000, -110_000]


@case("billing-report-csv")
def _billing_report_csv(client):
    texts, numbers = _billing_month(client)
    return Planted([client.get("/admin/billing/invoice/report.csv", {"month": "2026-12"})], texts, numbers)


@case("billing-report-xlsx")
def _billing_report_xlsx(client):
    texts, numbers = _billing_month(client)
    return Planted([client.get("/admin/billing/invoice/report.xlsx", {"month": "2026-12"})], texts, numbers)


@case("deemed-rent-xlsx")
def _deemed_rent_xlsx(client):
    """A tenant names its company; deposits and amounts stay numbers."""
    from tests.factories import BillingLeaseFactory, StaffFactory

    lease = BillingLeaseFactory(company__name_ko=HYPERLINK, deposit=30_000_000)
    client.force_login(StaffFactory())
    response = client.get("/admin/billing/deemedrentrate/report.xlsx",
                          {"lessor": lease.unit.floor.building.lessor_id, "year": 2026, "quarter": 4})
    return Planted([response], [HYPERLINK], [30_000_000, 92])


@case("tax-invoices-hometax")
def _tax_invoices_hometax(client):
    """A tenant names its company, and its representative and business type, which the file repeats."""
    from billing.models import BillingRun
    from taxinvoices.hometax import columns_seed
    from tests.factories import BillingLeaseFactory, StaffFactory

    columns_seed()
    lease = BillingLeaseFactory(company__name_ko=HYPERLINK, company__representative="\t=1+2",
                                company__business_type="@SUM(1+1)")
    invoice = services_issue(lease)
    run = BillingRun.objects.create(year=2026, month=12)
    client.force_login(StaffFactory())
    lessor = lease.unit.floor.building.lessor
    response = client.get(f"/admin/taxinvoices/taxinvoice/hometax/{run.pk}/{lessor.pk}/file.xlsx")
    return Planted([response], [HYPERLINK, "\t=1+2", "@SUM(1+1)"], [invoice.supply, invoice.vat, 660_000])


def services_issue(lease):
    from billing import services

    return services.invoice_issue_for_lease(lease_id=lease.pk, year=2026, month=12, today=datetime.date(2026, 12, 1))


@case("exemption-documents")
def _exemption_documents(client):
    from django.urls import reverse

    from exemptions import services
    from tests.exemptions.conftest import approved_patent, make_tenant
    from tests.factories import StaffFactory, exemption_types_seed

    exemption_types_seed()
    staff = StaffFactory()
    tenant = make_tenant(name_ko=HYPERLINK)
    document = services.document_issue(request_id=approved_patent(tenant, staff).pk)
    services.document_revoke(document=document, actor=staff, reason="-1+2 잘못 발급")
    client.force_login(staff)
    return Planted([client.get(reverse("admin:exemptions_issueddocument_export"))], [HYPERLINK, "-1+2 잘못 발급"])


def _performance_reports():
    from tenants.models import PerformanceReport
    from tests.factories import CompanyFactory, StaffFactory

    report = PerformanceReport.objects.create(
        company=CompanyFactory(name_ko="@SUM(1+1)"), year=2026, half=1, employees=12, foreign_employees=3,
        revenue=1_500_000_000, investment=0, patents_filed=2, patents_granted=1)
    return report, StaffFactory()


@case("performance-totals")
def _performance_totals(client):
    """Sums only: nothing to neutralise, and the numbers stay numbers."""
    _report, staff = _performance_reports()
    client.force_login(staff)
    return Planted([client.get("/admin/tenants/performancereport/totals.csv")], [], [2026, 12, 1_500_000_000])


@case("performance-reports")
def _performance_reports_selected(client):
    report, staff = _performance_reports()
    client.force_login(staff)
    response = client.post("/admin/tenants/performancereport/",
                           {"action": "export_selected", "_selected_action": [report.pk]})
    return Planted([response], ["@SUM(1+1)"], [2026, 12, 1_500_000_000])


@case("call-applications")
def _call_applications(client):
    """Applicants name their company in Korean and English."""
    from applications.workflow import Status
    from tests.factories import ClosedCallFactory, ScorecardFactory, StaffFactory, SubmittedApplicationFactory

    call = ClosedCallFactory(code="2026-9")
    application = SubmittedApplicationFactory(call=call, status=Status.STAGE2, company_name_ko=HYPERLINK,
                                              company_name_en="\t=1+2", headcount=7)
    ScorecardFactory(application=application, stage=2, total=88)
    client.force_login(StaffFactory())
    url = f"/admin/applications/application/calls/{call.pk}/export"
    return Planted([client.get(f"{url}.csv"), client.get(f"{url}.xlsx")], [HYPERLINK, "\t=1+2"], [1, 7, 88.0])


@case("access-log")
def _access_log(client):
    """A company names itself; staff opening its page writes that name into the access log."""
    from privacy.models import AccessLog
    from tests.factories import CompanyFactory, StaffFactory

    company = CompanyFactory(name_ko=HYPERLINK)
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(f"/admin/tenants/company/{company.pk}/change/").status_code == 200
    ids = list(AccessLog.objects.values_list("pk", flat=True))
    response = client.post("/admin/privacy/accesslog/", {"action": "export_csv", "_selected_action": ids})
    return Planted([response], [HYPERLINK], [staff.pk])


@case("destruction-register")
def _destruction_register(client):
    """The approver's address is typed by whoever created the staff account."""
    import datetime

    from django.utils import timezone

    from notifications.services import notification_create
    from privacy.models import DestructionRecord, RetentionSchedule
    from privacy.retention import retention_run, retention_schedule_sync
    from tests.factories import StaffFactory, UserFactory

    approver = StaffFactory(email="-1+2@seocho.go.kr")
    retention_schedule_sync()
    RetentionSchedule.objects.filter(rule="notifications.notifications").update(approved_by=approver,
                                                                                approved_at=timezone.now())
    notification_create(recipient=UserFactory(), template="portal/test_message", send_email=False)
    retention_run(now=timezone.now() + datetime.timedelta(days=4000))
    client.force_login(StaffFactory())
    ids = list(DestructionRecord.objects.values_list("pk", flat=True))
    response = client.post("/admin/privacy/destructionrecord/", {"action": "export_csv", "_selected_action": ids})
    return Planted([response], ["-1+2@seocho.go.kr"], [1])


def _read_back(response) -> list:
    """The cells of the download as a spreadsheet program gets them."""
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    if response["Content-Type"].startswith("text/csv"):
        assert response.content.startswith("\ufeff".encode())
        return [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    cells = [cell for row in load_workbook(io.BytesIO(response.content)).active.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    return [cell.value for cell in cells]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_export_keeps_hostile_text_as_text_and_numbers_as_numbers(client, name):
    if name not in CASES:
        pytest.fail(f"the export {name!r} has no case here: plant hostile values in what users type into it")
    remember_reason(client, *(f"export.{each}" for each in REGISTRY), reason="월간 점검")
    planted = CASES[name](client)
    assert planted.responses
    logged = AccessLog.objects.filter(action="export", object_label__startswith=name, reason="월간 점검")
    assert logged.count() == len(planted.responses), f"{name}: each file is in the access log with its reason"
    for response in planted.responses:
        cells = _read_back(response)
        is_csv = response["Content-Type"].startswith("text/csv")
        texts = [c for c in cells if isinstance(c, str)]
        number = re.compile(r"-?\d+(\.\d+)?")  # a CSV holds a negative amount as "-110000"
        live = [c for c in texts if c.startswith(FORMULA_PREFIXES) and not (is_csv and number.fullmatch(c))]
        assert live == [], f"{name}: cells a spreadsheet would run"
        for text in planted.texts:
            expected = "'" + (text if is_csv else text.replace("\r", "\n"))  # XML reads a CR as a line feed
            assert expected in texts, f"{name}: {text!r} did not come back as text"
        for number in planted.numbers:
            if is_csv:
                assert str(number) in cells, f"{name}: {number} is not written as a plain number"
            else:
                assert any(type(c) in (int, float) and c == number for c in cells), f"{name}: {number} is not a number"


def test_every_case_belongs_to_a_registered_export():
    assert set(CASES) <= set(REGISTRY)
