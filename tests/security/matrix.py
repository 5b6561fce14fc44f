"""The permission matrix's world: a user per role, objects of applicant A / tenant A, and URL arguments.

Add the arguments of a new URL to URL_KWARGS and the objects it needs to a @world_builder function.
The expected answers live in docs/security.md (see its "Permission matrix" section)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.roles import Role
from tests.factories import UserFactory

ROLES = [
    "anonymous", "applicant A (own)", "applicant B (other's)", "evaluator assigned", "evaluator unassigned",
    "tenant member A", "tenant owner A", "tenant B", "staff", "superuser",
]
# Namespaces whose URLs are the admin's own (covered by its permissions, not by this table).
EXCLUDED_NAMESPACES = {"admin"}


@dataclass
class World:
    users: dict[str, object] = field(default_factory=dict)
    objects: dict[str, object] = field(default_factory=dict)


WORLD_BUILDERS: list[Callable[[World], None]] = []


def world_builder(function: Callable[[World], None]) -> Callable[[World], None]:
    """Register a function that adds objects (or role links, e.g. an evaluator's assignment) to the world."""
    WORLD_BUILDERS.append(function)
    return function


def _users(world: World) -> None:
    roles = {
        "applicant A (own)": Role.APPLICANT, "applicant B (other's)": Role.APPLICANT,
        "evaluator assigned": Role.EVALUATOR, "evaluator unassigned": Role.EVALUATOR,
        "tenant member A": Role.TENANT_MEMBER, "tenant owner A": Role.TENANT_MEMBER, "tenant B": Role.TENANT_MEMBER,
        "staff": Role.DISTRICT_STAFF,
    }
    for name, role in roles.items():
        world.users[name] = UserFactory(role=role)
    world.users["superuser"] = UserFactory(is_staff=True, is_superuser=True)


@world_builder
def notifications(world: World) -> None:
    from notifications.services import notification_create

    world.objects["notification_a"] = notification_create(
        recipient=world.users["applicant A (own)"], template="portal/test_message", link="/", send_email=False
    )


def _uid(user) -> str:
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    return urlsafe_base64_encode(force_bytes(user.pk))


def _password_reset_link(world: World) -> dict:
    """Made at request time: a login (as each role's request does) spends the links made before it."""
    from django.contrib.auth.tokens import default_token_generator

    owner = world.users["applicant A (own)"]
    return {"uidb64": _uid(owner), "token": default_token_generator.make_token(owner)}


def _email_verification_link(world: World) -> dict:
    from accounts.tokens import email_verification_token

    owner = world.users["applicant A (own)"]
    return {"uidb64": _uid(owner), "token": email_verification_token.make_token(owner)}


def _two_factor_setup_link(world: World) -> dict:
    """Made at request time: each link spends the ones made before it."""
    from accounts.services import two_factor_link_start

    owner = world.users["applicant A (own)"]
    return {"uidb64": _uid(owner), "token": two_factor_link_start(user=owner)}


@world_builder
def calls(world: World) -> None:
    from tests.factories import CallFactory

    world.objects["call"] = CallFactory()


@world_builder
def evaluations(world: World) -> None:
    """Applicant A's application in the written stage with a document and a presentation slot; "evaluator
    assigned" sits on its call's stage-1 committee and declared no conflict, "evaluator unassigned" does not."""
    from evaluations.models import ConflictDeclaration
    from tests.factories import (
        ApplicationDocumentFactory,
        AssignmentFactory,
        ClosedCallFactory,
        PresentationSlotFactory,
        SubmittedApplicationFactory,
    )

    call = ClosedCallFactory()
    application = SubmittedApplicationFactory(call=call, applicant=world.users["applicant A (own)"], status="stage1")
    evaluator = world.users["evaluator assigned"]
    AssignmentFactory(evaluator=evaluator, call=call, stage=1)
    ConflictDeclaration.objects.create(evaluator=evaluator, application=application, stage=1, has_conflict=False)
    world.objects.update(
        evaluated_application_a=application,
        evaluated_document_a=ApplicationDocumentFactory(application=application),
        evaluated_answer_file_a=_answer_file(application),
        presentation_slot_a=PresentationSlotFactory(call=call, application=application),
    )


def _answer_file(application):
    """A file answer to a question of a call's own form, stored like an upload."""
    from django.core.files.base import ContentFile

    from applications.models import AnswerFile
    from tests.samples import pdf_bytes

    stored = AnswerFile(application=application, question_key="pitch", original_name="deck.pdf",
                        size=len(pdf_bytes()), detected_format="pdf", sha256="0" * 64,
                        uploaded_by=application.applicant)
    stored.file.save("deck.pdf", ContentFile(pdf_bytes()), save=False)
    stored.save()
    return stored


def _evaluated_application(world: World) -> dict:
    return {"application_id": world.objects["evaluated_application_a"].pk}


@world_builder
def applications(world: World) -> None:
    """Applicant A's draft to the call, with one uploaded document."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.services import application_document_upload, call_add_defaults
    from tests.factories import ApplicationFactory
    from tests.samples import pdf_bytes

    call = world.objects["call"]
    call_add_defaults(call=call)
    owner = world.users["applicant A (own)"]
    application = ApplicationFactory(applicant=owner, call=call)
    world.objects["application_a"] = application
    world.objects["document_type_a"] = document_type = call.document_types.first()
    world.objects["answer_file_a"] = _answer_file(application)
    world.objects["document_a"] = application_document_upload(
        application=application, actor=owner, document_type=document_type,
        uploaded_file=SimpleUploadedFile("plan.pdf", pdf_bytes()),
    )


@world_builder
def coapplicants(world: World) -> None:
    """On applicant A's draft: a colleague who joined as a viewer, and an open invitation to an address that has
    no account."""
    from applications.services_collaborators import collaborator_invitation_accept, collaborator_invite

    application = world.objects["application_a"]
    owner = world.users["applicant A (own)"]
    colleague = UserFactory()
    world.objects["application_collaborator_a"] = collaborator_invitation_accept(
        invitation=collaborator_invite(application=application, email=colleague.email, role="viewer", actor=owner),
        user=colleague)
    world.objects["application_invitation_a"] = world.objects["application_invitation_link"] = collaborator_invite(
        application=application, email="colleague.without.account@example.kr", role="editor", actor=owner)


# The co-applicants' matrix (docs/security.md, "Co-applicants"): applicant A's application as its colleagues see it.
COAPPLICANT_ROLES = ["owner", "editor", "viewer", "stranger", "expired invitee"]
COAPPLICANT_TABLES = {"draft": "Co-applicant URL (draft)", "submitted": "Co-applicant URL (submitted)"}


def build_coapplicant_world(target: str) -> World:
    """Applicant A's application (a draft, or submitted) with an uploaded document and a file answer; an editor
    and a viewer who accepted their invitations; a stranger; an invitee whose invitation expired unaccepted
    (its link is `application_invitation_link`); a second colleague and an open invitation to remove and
    withdraw."""
    from datetime import timedelta

    from django.utils import timezone

    from applications.services import application_submit
    from applications.services_collaborators import collaborator_invitation_accept, collaborator_invite

    world = World()
    for role in COAPPLICANT_ROLES:
        world.users[role] = UserFactory(role=Role.APPLICANT)
    owner = world.users["owner"]
    world.users["applicant A (own)"] = owner
    calls(world)
    applications(world)
    application = world.objects["application_a"]

    def join(user, role):
        invitation = collaborator_invite(application=application, email=user.email, role=role, actor=owner)
        return collaborator_invitation_accept(invitation=invitation, user=user)

    join(world.users["editor"], "editor")
    join(world.users["viewer"], "viewer")
    world.objects["application_collaborator_a"] = join(UserFactory(), "viewer")
    world.objects["application_invitation_a"] = collaborator_invite(
        application=application, email="colleague.without.account@example.kr", role="editor", actor=owner)
    expired = collaborator_invite(application=application, email=world.users["expired invitee"].email,
                                  role="editor", actor=owner)
    type(expired).objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    world.objects["application_invitation_link"] = expired
    if target == "submitted":
        application.call.document_types.update(required=False)  # one document is enough here
        application_submit(application=application, actor=owner, declared_true=True)
    return world


def build_world() -> World:
    world = World()
    _users(world)
    for builder in WORLD_BUILDERS:
        builder(world)
    return world


def _rights_link(world: World) -> dict:
    """The link the public form e-mails to a data subject (privacy:rights_new)."""
    from privacy.rights import rights_link_make

    return {"token": rights_link_make({"kind": "correction", "name": "Nguyen Van An", "email": "an@example.com",
                                        "details": "Correct my name", "language": "en"})}


# URL name -> the keyword arguments to reverse it with (objects of applicant A / tenant A).
URL_KWARGS: dict[str, Callable[[World], dict]] = {
    "privacy:rights_confirm": _rights_link,
    "notifications:open": lambda world: {"pk": world.objects["notification_a"].pk},
    "accounts:verify_email": _email_verification_link,
    "accounts:password_reset_confirm": _password_reset_link,
    "accounts:consent_change": lambda world: {"purpose": "news"},
    "accounts:otp_setup_link": _two_factor_setup_link,
    "applications:programme_detail": lambda world: {"code": world.objects["call"].programme.code},
    "applications:call_detail": lambda world: {"code": world.objects["call"].code},
    "applications:consent_form": lambda world: {"code": world.objects["call"].code, "language": "ko"},
    "applications:call_file": lambda world: {"code": world.objects["call"].code, "pk": world.objects["call_file"].pk},
    "evaluations:application": _evaluated_application,
    "evaluations:declare": _evaluated_application,
    "evaluations:document": lambda world: {
        **_evaluated_application(world), "document_id": world.objects["evaluated_document_a"].pk},
    "evaluations:presentation": _evaluated_application,
    "evaluations:presentation_confirm": _evaluated_application,
    "applications:start": lambda world: {"code": world.objects["call"].code},
    "applications:detail": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:step": lambda world: {"pk": world.objects["application_a"].pk, "step": "company"},
    "applications:documents": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:document_download": lambda world: {
        "pk": world.objects["application_a"].pk, "document_pk": world.objects["document_a"].pk},
    "applications:answer_file_download": lambda world: {
        "pk": world.objects["application_a"].pk, "file_pk": world.objects["answer_file_a"].pk},
    "evaluations:answer_file": lambda world: {
        **_evaluated_application(world), "file_id": world.objects["evaluated_answer_file_a"].pk},
    "applications:document_remove": lambda world: {
        "pk": world.objects["application_a"].pk, "document_pk": world.objects["document_a"].pk},
    "applications:review": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:receipt": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:submit": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:resubmit": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:withdraw": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:message": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:collaborator_invite": lambda world: {"pk": world.objects["application_a"].pk},
    "applications:collaborator_invitation_revoke": lambda world: {
        "pk": world.objects["application_a"].pk, "invitation_pk": world.objects["application_invitation_a"].pk},
    "applications:collaborator_remove": lambda world: {
        "pk": world.objects["application_a"].pk, "collaborator_pk": world.objects["application_collaborator_a"].pk},
    "applications:invitation": lambda world: {"token": world.objects["application_invitation_link"].token},
}
# (URL name, method) -> form data of the request.
POST_DATA: dict[tuple[str, str], Callable[[World], dict]] = {
    ("set_language", "POST"): lambda world: {"language": "en", "next": "/"},
    ("accounts:consent_change", "POST"): lambda world: {"give": "1"},
    ("evaluations:application", "POST"): lambda world: {
        f"points_{criterion.pk}": 10
        for criterion in world.objects["evaluated_application_a"].call.criteria.filter(stage=1)},
    ("evaluations:declare", "POST"): lambda world: {"has_conflict": "no"},
    ("applications:documents", "POST"): lambda world: {"document_type": world.objects["document_type_a"].pk},
    # The reason page of a staff member's or evaluator's download (privacy/access_reason.py).
    ("applications:document_download", "POST"): lambda world: {"access_reason": "심사", "access_reason_method": "GET"},
    ("evaluations:document", "POST"): lambda world: {"access_reason": "평가", "access_reason_method": "GET"},
    ("applications:answer_file_download", "POST"): lambda world: {"access_reason": "심사",
                                                                  "access_reason_method": "GET"},
    ("evaluations:answer_file", "POST"): lambda world: {"access_reason": "평가", "access_reason_method": "GET"},
    ("applications:message", "POST"): lambda world: {"body": "안녕하세요"},
    ("applications:start", "POST"): lambda world: {"consent_collection": "on", "consent_committee": "on"},
    ("applications:submit", "POST"): lambda world: {"declared_true": "on"},
    ("applications:collaborator_invite", "POST"): lambda world: {"email": "new.colleague@example.kr",
                                                                 "role": "editor"},
    ("privacy:rights_new", "POST"): lambda world: {
        "kind": "access", "name": "홍길동", "email": "gildong@example.kr", "details": "제 신청서 열람을 요청합니다."},
}


def named_urls() -> tuple[set[str], list[str]]:
    """Every named URL of the project outside the admin, and the routes of unnamed ones."""
    names: set[str] = set()
    unnamed: list[str] = []
    admin_prefix = settings.ADMIN_URL

    def walk(patterns, namespace: str, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.namespace in EXCLUDED_NAMESPACES or route == admin_prefix:
                    continue
                child_ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, child_ns, route)
            elif isinstance(entry, URLPattern):
                if entry.name:
                    names.add(namespace + entry.name)
                else:
                    unnamed.append(route)

    walk(get_resolver().url_patterns, "", "")
    return names, unnamed


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    expected: dict[str, int]

    @property
    def id(self) -> str:
        return f"{self.name} {self.method}"


_NAME_CELL = re.compile(r"^`(?P<name>[\w:.-]+)`(?:\s+(?P<method>GET|POST|PUT|PATCH|DELETE))?$")


def read_matrix(path=None, *, title: str = "URL name", roles: list[str] = ROLES) -> list[Row]:
    """The rows of the table whose header starts with `| URL name |` (or `title`) in docs/security.md."""
    path = path or settings.BASE_DIR / "docs" / "security.md"
    rows: list[Row] = []
    header: list[str] | None = None
    for line in path.read_text().splitlines():
        if not line.startswith("|"):
            header = None  # the table ended
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] == title:
            header = cells[1:]
            if header != roles:
                raise AssertionError(f"the matrix's columns must be {roles}, not {header}")
            continue
        if header is None or set(cells[0]) <= {"-", " "}:
            continue
        match = _NAME_CELL.match(cells[0])
        if not match:
            raise AssertionError(f"bad URL cell in docs/security.md: {cells[0]!r}")
        codes = [int(cell) for cell in cells[1:]]
        if len(codes) != len(roles):
            raise AssertionError(f"row {cells[0]} has {len(codes)} codes for {len(roles)} roles")
        rows.append(Row(match["name"], match["method"] or "GET", dict(zip(roles, codes, strict=True))))
    return rows


@world_builder
def tenants(world: World) -> None:
    """Company A (a member and an owner) with a published profile and logo, a lease in its renewal window
    with relocation proof, a booking, an invitation; company B for tenant B."""
    import datetime as dt
    import io

    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone
    from PIL import Image

    from tenants import services
    from tests.factories import CompanyFactory, LeaseFactory, MeetingRoomFactory, MembershipFactory

    company_a = CompanyFactory(is_published=True)
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 80, 160)).save(buffer, format="PNG")
    company_a.logo.save("logo.png", ContentFile(buffer.getvalue()), save=True)
    member = MembershipFactory(company=company_a, user=world.users["tenant member A"], role="member")
    owner = MembershipFactory(company=company_a, user=world.users["tenant owner A"], role="owner")
    MembershipFactory(user=world.users["tenant B"], role="owner")
    today = timezone.localdate()
    lease = LeaseFactory(company=company_a, status="active", start_date=today - dt.timedelta(days=600),
                         end_date=today + dt.timedelta(days=90))
    services.lease_relocation_proof_upload(
        lease=lease, actor=owner.user, upload=SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 A")
    )
    room = MeetingRoomFactory()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(10)))
    booking = services.booking_create(room=room, company=company_a, actor=owner.user, starts_at=start,
                                      ends_at=start + dt.timedelta(hours=1))
    invitation = services.invitation_create(company=company_a, email="invitee@example.kr", role="member",
                                            actor=owner.user)
    world.objects.update(company_a=company_a, member_a=member, lease_a=lease, room=room, booking_a=booking,
                         invitation_a=invitation)


def _company(world: World) -> dict:
    return {"company_id": world.objects["company_a"].pk}


URL_KWARGS.update({
    "tenants:directory_detail": _company,
    "tenants:directory_logo": _company,
    "tenants:invitation": lambda world: {"token": world.objects["invitation_a"].token},
    "tenants:company": _company,
    "tenants:company_edit": _company,
    "tenants:company_logo": _company,
    "tenants:team": _company,
    "tenants:team_leave": _company,
    "tenants:team_remove": lambda world: {**_company(world), "member_id": world.objects["member_a"].pk},
    "tenants:team_role": lambda world: {**_company(world), "member_id": world.objects["member_a"].pk},
    "tenants:invitation_withdraw": lambda world: {**_company(world), "invitation_id": world.objects["invitation_a"].pk},
    "tenants:lease": lambda world: {**_company(world), "lease_id": world.objects["lease_a"].pk},
    "tenants:lease_relocation_proof": lambda world: {**_company(world), "lease_id": world.objects["lease_a"].pk},
    "tenants:lease_renewal": lambda world: {**_company(world), "lease_id": world.objects["lease_a"].pk},
    "tenants:lease_summary": lambda world: {**_company(world), "lease_id": world.objects["lease_a"].pk},
    "tenants:rooms": _company,
    "tenants:room_week": lambda world: {**_company(world), "room_id": world.objects["room"].pk},
    "tenants:booking_cancel": lambda world: {**_company(world), "booking_id": world.objects["booking_a"].pk},
    "tenants:indicators": _company,
})
POST_DATA.update({
    ("tenants:company_edit", "POST"): lambda world: {"name_ko": "주식회사 에이", "ai_field": "vision",
                                                     "representative": "김대표", "tax_invoice_email": "tax@a.kr"},
    ("tenants:team", "POST"): lambda world: {"email": "colleague@example.kr", "role": "member"},
    ("tenants:team_role", "POST"): lambda world: {"role": "admin"},
    ("tenants:lease_renewal", "POST"): lambda world: {"term_months": 24},
    ("tenants:indicators", "POST"): lambda world: {
        "year": 2025, "half": 2, "employees": 20, "foreign_employees": 2, "revenue": 1, "investment": 0,
        "patents_filed": 0, "patents_granted": 0,
    },
})


@world_builder
def exemptions(world: World) -> None:
    """Company A's immigration request, sent back for more information (so it can be edited), and an
    issued document of an approved one whose verification code is known."""
    from unittest import mock

    from django.core.files.base import ContentFile

    from exemptions import services
    from exemptions.models import IssuedDocument
    from exemptions.selectors import verification_hash
    from tests.factories import StaffFactory, exemption_types_seed, immigration_answers

    types = exemption_types_seed()
    company, owner = world.objects["company_a"], world.users["tenant owner A"]
    staff = StaffFactory()
    answers = immigration_answers()
    answers.pop("identifier_consent")
    sensitive = {name: answers.pop(name) for name in ("passport_number", "alien_registration_number")}

    def awaiting():
        return services.request_submit(
            company=company, exemption_type=types["IMM"], actor=owner, data=answers, sensitive=sensitive,
            files={"employment_contract": ContentFile(b"%PDF-1.4 contract", name="contract.pdf")},
            identifier_consent=True,
        )

    def filed():
        request = awaiting()
        services.employee_consent_give(request_id=request.pk, ip=None, language="ko",
                                       token=services.employee_consent_link_send(request=request))
        return request

    pending = filed()
    services.request_ask_info(request=pending, actor=staff, reason="여권 사본을 다시 올려 주세요.")
    approved = services.request_approve(request=filed(), actor=staff)
    with mock.patch("exemptions.services.documents.render_pdf", return_value=b"%PDF-1.4 document"):
        document = services.document_issue(request_id=approved.pk)
    IssuedDocument.objects.filter(pk=document.pk).update(verification_code_hash=verification_hash(EXEMPTION_CODE))
    waiting = awaiting()
    consent_token = services.employee_consent_link_send(request=waiting)
    given = awaiting()
    withdraw_token = services.employee_consent_give(
        request_id=given.pk, ip=None, language="ko", token=services.employee_consent_link_send(request=given))
    world.objects.update(exemption_request_a=pending, exemption_document_a=document, awaiting_request_a=waiting,
                         consent_link={"request_id": waiting.pk, "token": consent_token},
                         withdraw_link={"request_id": given.pk, "token": withdraw_token})


EXEMPTION_CODE = "ABCD-EFGH-JKLM-NPQR"
URL_KWARGS.update({
    "exemptions:list": _company,
    "exemptions:create": lambda world: {**_company(world), "type_code": "IMM"},
    "exemptions:request": lambda world: {**_company(world), "request_id": world.objects["exemption_request_a"].pk},
    "exemptions:request_edit": lambda world: {
        **_company(world), "request_id": world.objects["exemption_request_a"].pk},
    "exemptions:request_upload": lambda world: {
        **_company(world), "request_id": world.objects["exemption_request_a"].pk, "code": "employment_contract"},
    "exemptions:document": lambda world: {
        **_company(world), "document_id": world.objects["exemption_document_a"].pk},
    "exemptions:document_en": lambda world: {
        **_company(world), "document_id": world.objects["exemption_document_a"].pk},
    "exemptions:document_hwpx": lambda world: {
        **_company(world), "document_id": world.objects["exemption_document_a"].pk},
    "exemptions:document_en_hwpx": lambda world: {
        **_company(world), "document_id": world.objects["exemption_document_a"].pk},
    "exemptions:verify_link": lambda world: {
        "number": world.objects["exemption_document_a"].number, "code": EXEMPTION_CODE},
    "exemptions:consent_resend": lambda world: {
        **_company(world), "request_id": world.objects["exemption_request_a"].pk},
    "exemptions:employee_consent": lambda world: world.objects["consent_link"],
    "exemptions:consent_form": lambda world: {**_company(world), "request_id": world.objects["awaiting_request_a"].pk},
    "exemptions:consent_form_upload": lambda world: {
        **_company(world), "request_id": world.objects["awaiting_request_a"].pk},
    "exemptions:employee_consent_withdraw": lambda world: world.objects["withdraw_link"],
})


@world_builder
def billing(world: World) -> None:
    """This month's invoice of company A's lease, with its PDF."""
    from django.utils import timezone

    from billing.services import invoice_issue_for_lease

    today = timezone.localdate()
    world.objects["invoice_a"] = invoice_issue_for_lease(
        lease_id=world.objects["lease_a"].pk, year=today.year, month=today.month)


URL_KWARGS.update({
    "billing:company": _company,
    "billing:invoice_pdf": lambda world: {**_company(world), "invoice_id": world.objects["invoice_a"].pk},
})


@world_builder
def offers(world: World) -> None:
    """Applicant A's selected application (another call) with a pending offer of a unit."""
    from tenants import services
    from tests.factories import SelectedApplicationFactory, UnitFactory

    unit = UnitFactory()
    application = SelectedApplicationFactory(applicant=world.users["applicant A (own)"],
                                             call__building=unit.floor.building)
    world.objects["offer_a"] = services.offer_create(application=application, unit=unit, actor=world.users["staff"])


URL_KWARGS["tenants:offer"] = lambda world: {"offer_id": world.objects["offer_a"].pk}
POST_DATA[("tenants:offer", "POST")] = lambda world: {"decision": "decline"}


@world_builder
def policies(world: World) -> None:
    """Version 1.0 of the privacy policy and of the terms, published."""
    import datetime

    from privacy.models import PolicyKind, PolicyVersion
    from privacy.policy import policy_version_publish

    for kind in (PolicyKind.PRIVACY, PolicyKind.TERMS):
        version = PolicyVersion.objects.create(kind=kind, version="1.0", effective_on=datetime.date(2026, 1, 1))
        world.objects[f"{kind}_version"] = policy_version_publish(version=version, actor=world.users["staff"])


URL_KWARGS.update({
    "privacy:policy_version": lambda world: {"version": world.objects["privacy_version"].version},
    "privacy:terms_version": lambda world: {"version": world.objects["terms_version"].version},
})


@world_builder
def helpdesk(world: World) -> None:
    """A published notice with a PDF, and applicant A's inquiry with an attachment."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from helpdesk.models import NoticeAttachment
    from helpdesk.services import inquiry_submit
    from tests.factories import NoticeFactory
    from tests.samples import pdf_bytes

    notice = NoticeFactory()
    world.objects["notice"] = notice
    world.objects["notice_attachment"] = NoticeAttachment.objects.create(
        notice=notice, file=SimpleUploadedFile("공고문.pdf", pdf_bytes()), name="공고문.pdf", size=10)
    inquiry = inquiry_submit(asker=world.users["applicant A (own)"], category="other", subject="문의",
                             body="질문입니다.", files=[SimpleUploadedFile("자료.pdf", pdf_bytes())])
    world.objects.update(inquiry_a=inquiry, inquiry_attachment_a=inquiry.attachments.get())


URL_KWARGS.update({
    "helpdesk:notice_detail": lambda world: {"pk": world.objects["notice"].pk},
    "helpdesk:notice_attachment": lambda world: {
        "pk": world.objects["notice"].pk, "attachment_id": world.objects["notice_attachment"].pk},
    "helpdesk:inquiry_detail": lambda world: {"pk": world.objects["inquiry_a"].pk},
    "helpdesk:inquiry_reopen": lambda world: {"pk": world.objects["inquiry_a"].pk},
    "helpdesk:inquiry_resolve": lambda world: {"pk": world.objects["inquiry_a"].pk},
    "helpdesk:inquiry_attachment": lambda world: {
        "pk": world.objects["inquiry_a"].pk, "attachment_id": world.objects["inquiry_attachment_a"].pk},
})
POST_DATA.update({
    ("helpdesk:inquiry_create", "POST"): lambda world: {"category": "other", "subject": "문의", "body": "질문"},
    ("helpdesk:inquiry_reopen", "POST"): lambda world: {"reason": "추가 질문입니다."},
})


@world_builder
def outreach(world: World) -> None:
    """A group message sent to applicant A alone."""
    from django.utils import timezone

    from outreach.models import GroupMessage, GroupMessageRecipient

    call = world.objects["call"]
    message = GroupMessage.objects.create(audience="applicants", call=call, subject_ko="안내", subject_en="Notice",
                                          body_ko="본문", body_en="Body", status="sent", sent_at=timezone.now())
    GroupMessageRecipient.objects.create(message=message, user=world.users["applicant A (own)"])
    world.objects["group_message_a"] = message


URL_KWARGS["outreach:message"] = lambda world: {"pk": world.objects["group_message_a"].pk}


@world_builder
def decisions(world: World) -> None:
    """A decision notice (its PDF stored) about applicant A's application and about company A's request."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.utils import timezone

    from applications.models import CallFile
    from decisions.models import DecisionKind, DecisionNotice
    from tests.samples import pdf_bytes

    world.objects["call_file"] = CallFile.objects.create(
        call=world.objects["call"], title_ko="모집 공고문", original_name="공고문.pdf", detected_format="pdf",
        file=ContentFile(pdf_bytes(), name="notice.pdf"), size=1024)
    for key, kind in (("application_a", DecisionKind.APPLICATION_INELIGIBLE),
                      ("exemption_request_a", DecisionKind.EXEMPTION_REFUSAL)):
        subject = world.objects[key]
        DecisionNotice.objects.create(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk, kind=kind,
            reasons="서류 미비", decided_at=timezone.now(), notice_date=timezone.localdate(),
            pdf_path=storages["private"].save(f"decisions/test-{key}.pdf", ContentFile(b"%PDF-1.4 notice")),
        )


URL_KWARGS.update({
    "applications:decision_notice": lambda world: {"pk": world.objects["application_a"].pk},
    "exemptions:decision_notice": lambda world: {
        **_company(world), "request_id": world.objects["exemption_request_a"].pk},
})


# ---------------------------------------------------------------------------------------------
# Staff of one programme in the admin (applications/permissions.py)
# ---------------------------------------------------------------------------------------------
# Another programme's object must look like a missing one ("missing": the answer an id that exists nowhere
# gets, whatever it is) and stay out of lists; "open": the page answers 200; "listed": the list shows it.
PROGRAMME_STAFF = ["staff of tenancy", "staff of GPU", "staff of all programmes", "superuser"]


@world_builder
def programmes(world: World) -> None:
    """A GPU programme with applicant A's application (and a document, a committee member) to its closed call,
    beside the tenancy programme's evaluated application of applicant A; staff of each programme and of all."""
    from tests.factories import (
        ApplicationDocumentFactory,
        AssignmentFactory,
        ClosedCallFactory,
        ProgrammeFactory,
        SubmittedApplicationFactory,
    )

    tenancy_application = world.objects["evaluated_application_a"]
    gpu = ProgrammeFactory(code="gpu", name_ko="고성능 컴퓨팅(GPU) 지원", outcome="gpu_allocation")
    call = ClosedCallFactory(programme=gpu)
    gpu_application = SubmittedApplicationFactory(call=call, applicant=world.users["applicant A (own)"],
                                                  status="stage1")
    world.objects.update({
        "tenancy application": tenancy_application, "tenancy document": world.objects["evaluated_document_a"],
        "tenancy assignment": AssignmentFactory(call=tenancy_application.call, stage=1),
        "GPU application": gpu_application, "GPU document": ApplicationDocumentFactory(application=gpu_application),
        "GPU assignment": AssignmentFactory(call=call, stage=1),
    })
    world.users["staff of tenancy"] = UserFactory(role=Role.DISTRICT_STAFF, programmes=[tenancy_application.call
                                                                                       .programme])
    world.users["staff of GPU"] = UserFactory(role=Role.DISTRICT_STAFF, programmes=[gpu])
    world.users["staff of all programmes"] = UserFactory(role=Role.DISTRICT_STAFF)


@world_builder
def compute(world: World) -> None:
    """Applicant A's selected application to the GPU programme, with the registration number of company A, and
    its active allocation of the GPU programme's pool (tenant A's members see it too)."""
    from decimal import Decimal

    from django.utils import timezone

    from compute.services import usage_record
    from tests.factories import CapacityPoolFactory, gpu_allocation

    pool = CapacityPoolFactory(programme=world.objects["GPU application"].call.programme)
    applicant = world.users["applicant A (own)"]
    allocation = gpu_allocation(
        pool=pool, applicant=applicant,
        business_registration_number=world.objects["company_a"].business_registration_number.replace("-", ""))
    usage_record(allocation_id=allocation.pk, month=timezone.localdate().replace(day=1), hours=Decimal(2),
                 source="grantee", actor=applicant)
    world.objects.update({"allocation_a": allocation, "GPU allocation": allocation, "GPU pool": pool})


def _gpu_month(world: World) -> dict:
    from django.utils import timezone

    return {"month": f"{timezone.localdate():%Y-%m}", "hours": "1.5"}


URL_KWARGS["compute:allocation"] = lambda world: {"allocation_id": world.objects["allocation_a"].pk}
POST_DATA[("compute:allocation", "POST")] = _gpu_month


# (admin URL name, method) -> the object of each programme (world.objects["<programme> <kind>"]) and its URL
# arguments; a POST sends REPLY.
PROGRAMME_ADMIN_URLS: dict[tuple[str, str], tuple[str, Callable[[object], list]]] = {
    ("admin:applications_application_change", "GET"): ("application", lambda application: [application.pk]),
    ("admin:applications_application_document", "GET"): ("document", lambda document: [document.application_id,
                                                                                        document.pk]),
    ("admin:applications_application_reply", "POST"): ("application", lambda application: [application.pk]),
    ("admin:applications_call_change", "GET"): ("application", lambda application: [application.call_id]),
    ("admin:evaluations_call_ranking", "GET"): ("application", lambda application: [application.call_id]),
    ("admin:evaluations_call_export", "GET"): ("application", lambda application: [application.call_id, "csv"]),
    ("admin:evaluations_assignment_change", "GET"): ("assignment", lambda assignment: [assignment.pk]),
    # GPU allocations and pools exist in the GPU programme only: tenancy staff find them missing.
    ("admin:compute_allocation_change", "GET"): ("allocation", lambda allocation: [allocation.pk]),
    ("admin:compute_allocation_adjust", "GET"): ("allocation", lambda allocation: [allocation.pk]),
    ("admin:compute_capacitypool_change", "GET"): ("pool", lambda pool: [pool.pk]),
}
REPLY = {"body": "보완 서류를 확인했습니다."}
# Admin lists -> the object of each programme and the text of it a list showing it contains.
PROGRAMME_ADMIN_LISTS: dict[str, tuple[str, Callable[[object], str]]] = {
    "admin:applications_application_changelist": ("application", lambda application: application.receipt_number),
    "admin:applications_call_changelist": ("application", lambda application: f">{application.call.code}<"),
    "admin:evaluations_assignment_changelist": ("assignment", lambda assignment: reverse(
        "admin:evaluations_assignment_change", args=[assignment.pk])),
    "admin:compute_allocation_changelist": ("allocation", lambda allocation: f">{allocation.number}<"),
    "admin:compute_usagereport_changelist": ("allocation", lambda allocation: f">{allocation}<"),
}
# Programme -> what staff of each programme get for its objects: "open" (200, or listed), "missing" (the answer
# an id that exists nowhere gets; left out of lists).
PROGRAMME_ADMIN_EXPECTED: dict[str, dict[str, str]] = {
    "tenancy": {"staff of tenancy": "open", "staff of GPU": "missing", "staff of all programmes": "open",
                "superuser": "open"},
    "GPU": {"staff of tenancy": "missing", "staff of GPU": "open", "staff of all programmes": "open",
            "superuser": "open"},
}
