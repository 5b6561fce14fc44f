"""Fixtures of the applicant's application tests."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services
from tests.factories import ApplicationFactory, CallFactory, UnitFactory, UnitTypeFactory, UserFactory
from tests.samples import pdf_bytes


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def make_call(**fields):
    """An open call with the usual document types and criteria, and one 33-pyeong unit on offer."""
    call = CallFactory(**fields)
    services.call_add_defaults(call=call)
    call.units_on_offer.add(UnitFactory(unit_type=UnitTypeFactory(code="33")))
    return call


@pytest.fixture
def call(db):
    return make_call()


def make_form_call():
    """An open call with its own form of every type of question (tests/factories.py, `call_form_create`), the
    usual documents optional."""
    from tests.factories import call_form_create

    call = CallFactory()
    services.call_add_defaults(call=call)
    call.document_types.update(required=False)
    call_form_create(call=call)
    return call


@pytest.fixture
def form_call(db):
    return make_form_call()


@pytest.fixture
def applicant(db):
    return UserFactory(name="Jiwon Kim", phone="010-2222-3333", preferred_language="en")


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def staff(db):
    return UserFactory(name="박주무관", role="district_staff")


def make_complete_draft(*, applicant, call, **fields):
    """A draft with every field filled in and every required document uploaded."""
    application = ApplicationFactory(applicant=applicant, call=call, **fields)
    for document_type in call.document_types.filter(required=True):
        services.application_document_upload(
            application=application, actor=applicant, document_type=document_type,
            uploaded_file=upload(f"doc-{document_type.position}.pdf", pdf_bytes()),
        )
    return application


@pytest.fixture
def complete_draft(applicant, call):
    return make_complete_draft(applicant=applicant, call=call)


def make_submitted(*, applicant, call, **fields):
    application = make_complete_draft(applicant=applicant, call=call, **fields)
    services.application_submit(application=application, actor=applicant, declared_true=True)
    application.refresh_from_db()
    return application


@pytest.fixture
def submitted(applicant, call):
    return make_submitted(applicant=applicant, call=call)


@pytest.fixture
def other_applicant(db):
    return UserFactory(name="Other Applicant", preferred_language="en")
