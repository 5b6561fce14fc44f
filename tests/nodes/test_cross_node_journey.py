"""The applicant's journey through haproxy and two gunicorn nodes, each request answered by the other node
than the one before: nothing the journey needs (session, CSRF, messages, the login lockout, uploaded
documents, the public pages' cache and its invalidation, the e-mails sent by the workers) is node-local."""

import pytest

from applications.models import Application
from bench.nodes_journey import applicant_journey, call_documents
from tests.applications.conftest import make_call

# The nodes cache content types and permissions by id: each test ends by restoring the rows they had.
pytestmark = [pytest.mark.nodes, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_applicant_journey_with_each_request_on_the_other_node(cluster, mail_sink, cluster_cache):
    call = make_call(code="2026-7")
    unit_type = call.units_on_offer.get().unit_type

    def mail_to(address):
        return [message.get_body(("plain",)).get_content() for message in mail_sink.messages
                if address in message["To"]]

    def rename_call(title):
        call.title_ko = title
        call.save()

    journey = applicant_journey(cluster.url, call_code=call.code, unit_type_pk=unit_type.pk,
                                documents=call_documents(call), mail_to=mail_to, rename_call=rename_call)

    assert set(journey.nodes) == {"a", "b"}
    assert all(a != b for a, b in zip(journey.nodes, journey.nodes[1:], strict=False))
    application = Application.objects.get(contact_email="cross-node@startup.kr")
    assert application.status == "submitted" and application.receipt_number == "2026-7-0001"
    # Stored in the object store, not on either node's disk.
    stored = cluster.object_keys("portal-private")
    assert {document.file.name for document in application.documents.all()} <= stored
