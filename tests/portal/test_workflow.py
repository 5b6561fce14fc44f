"""The workflow engine (portal.workflow): one locked, checked, logged write per status change."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from applications.workflow import WORKFLOW, Status
from portal import workflow as engine
from portal.exceptions import DomainError, PermissionRefused, TransitionNotAllowed
from portal.models import StatusChange
from portal.workflow import ActorKind, State, Transition, Workflow, transition_apply
from tests.factories import StaffFactory, SubmittedApplicationFactory
from tests.tenants.concurrency import run_concurrently

pytestmark = pytest.mark.django_db


def test_the_caller_gets_the_locked_row_and_its_own_object_is_left_alone():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    application.company_name_ko = "메모리에만 있는 이름"  # an unsaved edit must not ride along with the status
    result = transition_apply(workflow=WORKFLOW, instance=application, name="start_review", actor=StaffFactory())
    assert result is not application
    assert result.status == Status.ELIGIBILITY_REVIEW
    assert application.status == Status.SUBMITTED
    application.refresh_from_db()
    assert application.status == Status.ELIGIBILITY_REVIEW
    assert application.company_name_ko != "메모리에만 있는 이름"


def test_changes_are_written_in_the_same_update():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    transition_apply(workflow=WORKFLOW, instance=application, name="request_information", actor=StaffFactory(),
                     reason="사업계획서를 보완해 주십시오.", changes={"reopened_fields": ["headcount"]})
    application.refresh_from_db()
    assert (application.status, application.reopened_fields) == (Status.INFO_REQUESTED, ["headcount"])


@pytest.mark.parametrize(("name", "reason", "code"), [
    ("no_such_action", "", "unknown_transition"),
    ("mark_ineligible", "   ", "reason_required"),
    ("select", "", "not_allowed_from_status"),
])
def test_refusals_carry_a_code_and_change_nothing(name, reason, code):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    with pytest.raises(TransitionNotAllowed) as refused:
        transition_apply(workflow=WORKFLOW, instance=application, name=name, actor=StaffFactory(), reason=reason)
    assert refused.value.code == code
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert not StatusChange.objects.filter(application=application).exists()


def test_the_refusal_names_the_action_and_status_in_the_users_language():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    with translation.override("ko"), pytest.raises(TransitionNotAllowed) as refused:
        transition_apply(workflow=WORKFLOW, instance=application, name="select", actor=StaffFactory())
    assert str(refused.value) == "신청서가 “제출됨” 상태일 때는 “선정” 처리를 할 수 없습니다."


def test_the_log_shows_the_declared_labels():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    transition_apply(workflow=WORKFLOW, instance=application, name="start_review", actor=StaffFactory())
    change = application.transitions.get()
    with translation.override("en"):
        assert (change.get_from_status_display(), change.get_to_status_display()) == (
            "Submitted", "Eligibility review")
        assert str(change) == "Submitted → Eligibility review"


def test_system_changes_are_logged_as_the_portals_and_refuse_a_person(system_workflow):
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    with pytest.raises(PermissionRefused) as refused:
        transition_apply(workflow=system_workflow, instance=application, name="lapse", actor=StaffFactory())
    assert refused.value.code == "system_only"
    transition_apply(workflow=system_workflow, instance=application, name="lapse", actor=None)
    change = StatusChange.objects.get(application=application)
    assert (change.actor_id, change.actor_kind, change.to_status) == (None, ActorKind.SYSTEM, Status.INELIGIBLE)


def test_a_table_naming_an_unknown_status_or_a_name_twice_is_refused_at_declaration(monkeypatch):
    monkeypatch.setattr(engine, "WORKFLOWS", dict(engine.WORKFLOWS))
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(model="applications.Application", states=[State(Status.DRAFT)],
                 transitions=[Transition("go", (Status.DRAFT,), Status.SELECTED, "staff", "Go")],
                 check_actor=lambda *a: None)
    with pytest.raises(ValueError, match="declared twice"):
        Workflow(model="applications.Application", states=[State(Status.DRAFT)],
                 transitions=[Transition("go", (Status.DRAFT,), Status.DRAFT, "staff", "Go")] * 2,
                 check_actor=lambda *a: None)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_changes_from_one_status_cannot_both_pass():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    staff = StaffFactory()

    def start_review():
        return transition_apply(workflow=WORKFLOW, instance=application, name="start_review", actor=staff).status

    results = run_concurrently(start_review, start_review)
    assert sorted(kind for kind, _value in results) == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, DomainError) and error.code == "not_allowed_from_status"
    assert StatusChange.objects.filter(application=application).count() == 1


def _application_with_history():
    application = SubmittedApplicationFactory(status=Status.SUBMITTED)
    transition_apply(workflow=WORKFLOW, instance=application, name="request_information", actor=StaffFactory(),
                     reason="보완 요청")


def _lease_with_history():
    from tenants import services
    from tests.factories import CompanyFactory, UnitFactory

    staff = StaffFactory()
    lease = services.lease_create(company=CompanyFactory(), unit=UnitFactory(), start_date=date(2027, 3, 1),
                                  actor=staff)
    services.lease_terminate(lease=lease, actor=staff, reason="본사 이전 불이행")


def _exemption_request_with_history():
    from exemptions import services
    from tests.exemptions.conftest import _type, make_tenant
    from tests.factories import exemption_types_seed, patent_answers

    exemption_types_seed()
    tenant = make_tenant()
    request = services.request_submit(company=tenant.company, exemption_type=_type("PAT"), actor=tenant.owner,
                                      data=patent_answers(tenant.company), sensitive={}, files={})
    services.request_reject(request=request, actor=StaffFactory(), reason="출원번호를 확인할 수 없습니다.")


def _offer_with_history():
    from tenants import services
    from tests.factories import SelectedApplicationFactory, UnitFactory

    unit = UnitFactory()
    application = SelectedApplicationFactory(call__building=unit.floor.building)
    offer = services.offer_create(application=application, unit=unit, actor=StaffFactory(), note="창가 호실")
    services.offer_decline(offer=offer, actor=application.applicant, reason="다른 곳에 입주합니다.")


def _invoice_with_history():
    from billing import services
    from tests.factories import BillingLeaseFactory

    invoice = services.invoice_issue_for_lease(lease_id=BillingLeaseFactory().pk, year=2026, month=12,
                                               today=date(2026, 12, 1))
    services.payment_record(invoice=invoice, paid_on=date(2026, 12, 10), amount=500_000, actor=StaffFactory(),
                            today=date(2026, 12, 10))
    services.invoices_mark_overdue(today=date(2027, 1, 20))


# The logs of their own that models kept before the one status log, the migration before each moved into it, and
# the data that fills them. All of them go back in one step and forward in one (each step takes the whole graph).
OWN_LOGS = [
    ("tenants", "0006_stored_file_names_generated", "LeaseTransition", "lease", _lease_with_history),
    ("tenants", "0006_stored_file_names_generated", "OfferTransition", "offer", _offer_with_history),
    ("billing", "0002_outbox_pending_invoices", "InvoiceStatusChange", "invoice", _invoice_with_history),
    ("exemptions", "0004_outbox_pending_documents", "RequestTransition", "request", _exemption_request_with_history),
    ("applications", "0003_application_application_newest_first", "ApplicationTransition", "application",
     _application_with_history),
]


@pytest.mark.django_db(transaction=True)
def test_each_models_own_log_moves_into_status_change_and_back():
    """Only each model's own rows move: other workflows' rows (a tax invoice issued with an invoice) stay."""
    from django.contrib.contenttypes.models import ContentType

    fields = ("object_id", "from_status", "to_status", "actor_id", "reason", "at")
    cases = []
    for *_case, make in OWN_LOGS:
        make()
    for app_label, _before, log_model, subject_field, _make in OWN_LOGS:
        subject_model = StatusChange.objects.model._meta.apps.get_model(app_label, {
            "lease": "Lease", "offer": "Offer", "invoice": "Invoice", "request": "ExemptionRequest",
            "application": "Application"}[subject_field])
        own = {"content_type": ContentType.objects.get_for_model(subject_model)}
        expected = list(StatusChange.objects.filter(**own).order_by("id").values_list(*fields))
        names = list(StatusChange.objects.filter(**own).order_by("id").values_list("name", flat=True))
        assert expected, log_model
        cases.append((app_label, log_model, subject_field, own, expected, names))
    targets = sorted({(app_label, before) for app_label, before, *_rest in OWN_LOGS})
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    old_apps = executor.loader.project_state(targets).apps
    for app_label, log_model, subject_field, own, expected, _names in cases:
        Log = old_apps.get_model(app_label, log_model)
        moment = "at" if log_model == "ApplicationTransition" else "created_at"
        assert list(Log.objects.order_by("id").values_list(f"{subject_field}_id", *fields[1:-1], moment)) \
            == expected, log_model
        assert not StatusChange.objects.filter(**own).exists(), log_model
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for _app_label, log_model, _subject_field, own, expected, names in cases:
        assert list(StatusChange.objects.filter(**own).order_by("id").values_list(*fields)) == expected, log_model
        assert list(StatusChange.objects.filter(**own).order_by("id").values_list("name", flat=True)) == names
        # A change someone made comes back as theirs, not the portal's.
        assert set(StatusChange.objects.filter(**own, actor__isnull=False).values_list("actor_kind", flat=True)) \
            <= {ActorKind.USER}, log_model


def test_every_declared_workflow_is_walked_by_its_apps_tests():
    """Some test module of each app (tests/<app>/test_*.py) walks every (status, transition, actor) triple of
    each of its tables with `walk_cases`."""
    import sys
    from pathlib import Path

    assert {"applications.application", "exemptions.exemptionrequest", "billing.invoice", "tenants.offer",
            "tenants.lease", "tenants.leaserenewal"} <= set(engine.WORKFLOWS)
    for label, declared in engine.WORKFLOWS.items():
        app = label.split(".")[0]
        names = {name for module_name, module in list(sys.modules.items())
                 if module_name == app or module_name.startswith(f"{app}.")
                 for name, value in vars(module).items() if value is declared and name.isupper()}
        folder = Path(__file__).parents[1] / app
        sources = [path.read_text() for path in folder.glob("test_*.py")]
        assert any(f"walk_cases({name}," in source for name in names for source in sources), \
            f"{label} is not walked in {folder}"
