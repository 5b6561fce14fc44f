"""The exemption-request workflow walked through every (status, transition, actor) triple of its table."""

import pytest

from exemptions import services
from exemptions.models import ExemptionRequest
from exemptions.workflow import REQUEST_WORKFLOW, Actor
from tests.exemptions.conftest import _type
from tests.factories import StaffFactory, patent_answers
from tests.workflows import assert_triple, walk_cases


@pytest.mark.parametrize(("status", "name", "role"), walk_cases(REQUEST_WORKFLOW, [*Actor.values, "member"]))
def test_exemption_request(tenant, status, name, role):
    request = services.request_submit(company=tenant.company, exemption_type=_type("PAT"), actor=tenant.owner,
                                      data=patent_answers(tenant.company), sensitive={}, files={})
    ExemptionRequest.objects.filter(pk=request.pk).update(status=status)
    request.refresh_from_db()
    user = {Actor.STAFF: StaffFactory(), Actor.MANAGER: tenant.owner, "member": tenant.member}.get(role)
    assert_triple(workflow=REQUEST_WORKFLOW, instance=request, name=name, role=role, user=user)
