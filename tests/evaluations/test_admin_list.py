"""The staff's application list renders its rows faster than Django's admin and the same, cell for cell, and
answers with a fixed number of queries whatever the number of applications (bench/admin_list.py measures it
at 100,000)."""

import pytest
from django.contrib.admin.templatetags.admin_list import results
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.admin_rows import fast_results
from tests.evaluations.test_admin import LIST, _bulk_applications
from tests.factories import ClosedCallFactory, ScorecardFactory, StaffFactory, SubmittedApplicationFactory

# The session, the user and their roles and permissions, the programmes they work on, the access log, the page's
# rows with their scores in one query, the filters' choices (calls, unit types) and the ranking links: none per row.
LIST_QUERIES = 14


@pytest.fixture
def staff_client(client, db):
    client.force_login(StaffFactory())
    return client


@pytest.mark.parametrize("query", [
    {}, {"status__exact": "stage1", "o": "-2.5"}, {"q": "회사1"}, {"o": "6"}, {"headcount": "20-29"},
])
def test_the_rows_are_djangos_cell_for_cell(staff_client, query):
    call = ClosedCallFactory()
    applications = _bulk_applications(call, 12)
    applications[4].submitted_at = None
    applications[4].company_name_ko = ""
    applications[4].save()
    SubmittedApplicationFactory(call=call, company_name_ko='<b>"회사 & co"</b>')
    ScorecardFactory(application=applications[5], stage=2, total=81.5)

    response = staff_client.get(LIST, query)
    assert response.status_code == 200
    cl = response.context_data["cl"]
    ours = [list(row) for row in fast_results(cl)]
    assert ours and ours == [list(row) for row in results(cl)]
    assert "&lt;b&gt;&quot;회사 &amp; co&quot;&lt;/b&gt;" in response.content.decode() or query


def test_the_list_answers_with_the_same_queries_at_any_size(staff_client):
    call = ClosedCallFactory()
    _bulk_applications(call, 5)
    staff_client.get(LIST)  # content types and permissions cached, as on a running server
    for total in (5, 150):
        if total > 5:
            _bulk_applications(call, total - 5, start=5)
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(LIST)
        assert response.status_code == 200
        assert response.content.decode().count('class="action-select"') == min(total, 100)
        assert len(queries) == LIST_QUERIES, [q["sql"][:90] for q in queries]
