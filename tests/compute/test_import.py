"""The compute operator's usage file: every row recorded, or none and each bad row with its reason."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from compute.imports import usage_import
from compute.models import UsageImport, UsageReport, month_first
from portal.exceptions import DomainError
from portal.imports import TableError
from tests.factories import CapacityPoolFactory, ProgrammeFactory, StaffFactory, gpu_allocation

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return f"{month_first(timezone.localdate()):%Y-%m}"


def csv(*rows: str, header: str = "할당번호,사용월,사용시간") -> bytes:
    return "\n".join([header, *rows]).encode("utf-8-sig")


def test_a_valid_file_records_every_row_as_imported_usage():
    a, b = gpu_allocation(hours=100), gpu_allocation(hours=200)
    staff = StaffFactory()
    result = usage_import(data=csv(f"{a.number},{this_month()},40.5", f"{b.number},{this_month()},\"1,20\""),
                          filename="operator.csv", actor=staff, programme_ids=None)
    assert result.errors == []
    record = result.usage_import
    assert (record.rows, record.hours, record.imported_by) == (2, Decimal("160.5"), staff)
    assert {(r.allocation_id, r.hours, r.source) for r in UsageReport.objects.all()} == {
        (a.pk, Decimal("40.5"), "import"), (b.pk, Decimal("120"), "import")}


def test_one_bad_row_records_nothing_and_each_refusal_names_its_row():
    a = gpu_allocation(hours=100)
    data = csv(f"{a.number},{this_month()},60", f"{a.number},{this_month()},50", "GPU-1999-0001,2026-03,1",
               f"{a.number},13월,1", f"{a.number},{this_month()},abc")
    result = usage_import(data=data, filename="operator.csv", actor=None, programme_ids=None)
    assert result.usage_import is None
    assert [line for line, _number, _message in result.errors] == [3, 4, 5, 6]
    messages = dict((line, message) for line, _number, message in result.errors)
    assert "remain" in messages[3] or "남은" in messages[3]  # the second row goes beyond the first's remainder
    assert not UsageReport.objects.exists() and not UsageImport.objects.exists()


def test_an_xlsx_file_reads_like_a_csv():
    from openpyxl import Workbook

    allocation = gpu_allocation(hours=100)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Allocation", "Month", "Hours"])
    sheet.append([allocation.number, month_first(timezone.localdate()), 12.25])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = usage_import(data=buffer.getvalue(), filename="operator.xlsx", actor=None, programme_ids=None)
    assert result.errors == [] and UsageReport.objects.get().hours == Decimal("12.25")


def test_the_same_file_is_never_imported_twice():
    allocation = gpu_allocation(hours=100)
    data = csv(f"{allocation.number},{this_month()},10")
    usage_import(data=data, filename="operator.csv", actor=None, programme_ids=None)
    with pytest.raises(DomainError) as refused:
        usage_import(data=data, filename="again.csv", actor=None, programme_ids=None)
    assert refused.value.code == "duplicate"
    assert UsageReport.objects.count() == 1


def test_a_file_without_the_columns_is_refused_as_a_whole():
    with pytest.raises(TableError):
        usage_import(data=b"company,hours\nA,1\n", filename="x.csv", actor=None, programme_ids=None)


def test_another_programmes_allocation_is_unknown_to_its_staff():
    allocation = gpu_allocation(hours=100)
    other = CapacityPoolFactory(programme=ProgrammeFactory(code="gpu-2", outcome="gpu_allocation")).programme
    result = usage_import(data=csv(f"{allocation.number},{this_month()},10"), filename="x.csv", actor=None,
                          programme_ids=frozenset({other.pk}))
    assert len(result.errors) == 1 and not UsageReport.objects.exists()


def test_the_admin_lists_the_refused_rows_and_records_nothing(client):
    allocation = gpu_allocation(hours=100)
    client.force_login(StaffFactory())
    url = reverse("admin:compute_usagereport_import")
    assert client.get(url).status_code == 200
    bad = SimpleUploadedFile("operator.csv", csv(f"{allocation.number},{this_month()},10",
                                                 f"{allocation.number},{this_month()},95"))
    response = client.post(url, {"file": bad})
    assert response.status_code == 200
    rows = response.context["report"]["rows"]
    assert [line for line, _n, _m in rows] == [3]
    assert 'data-testid="report"' in response.content.decode()
    assert not UsageReport.objects.exists()
    good = SimpleUploadedFile("operator.csv", csv(f"{allocation.number},{this_month()},10"))
    response = client.post(url, {"file": good})
    assert response.status_code == 302
    assert UsageReport.objects.get().hours == Decimal("10")
