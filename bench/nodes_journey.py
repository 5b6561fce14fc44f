"""The applicant's journey across two nodes: every request lands on the other node than the one before.

Used by the drill script (bench/nodes_drill.py) and the cross-node test (tests/nodes/). Each step names
what a node-local state would break: the CSRF token of a form rendered by one node posted to the other,
the session, the flash message set by one node and shown by the other, the login lockout counted across
nodes, a document uploaded through node A downloaded through node B, and the public page cached by one
node and invalidated by a change seen by both.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DOCUMENT_LINK = re.compile(r'href="(/my/applications/\d+/documents/\d+/download/)"')
RECEIPT = re.compile(r"\d{4}-\d+-\d{4}")
PASSWORD = "nodes-journey-password-2026"  # noqa: S105 (a drill account only)
LOCKOUT_SECONDS = 2
# What the nodes need for the journey: the login lockout after three failures, for LOCKOUT_SECONDS.
JOURNEY_ENV = {"PORTAL_LOGIN_FAILURE_LIMIT": "3", "PORTAL_LOGIN_COOLOFF": str(LOCKOUT_SECONDS)}


class JourneyError(AssertionError):
    pass


@dataclass
class Journey:
    """An httpx client through the proxy that checks each answer came from the other node."""

    base_url: str
    nodes: list[str] = field(default_factory=list)  # the node of each answer, in order
    steps: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=30, follow_redirects=False,
                                   headers={"Accept-Language": "ko"})

    def send(self, method: str, path: str, *, expect: tuple[int, ...] = (200,), step: str = "", **kwargs):
        response = self.client.request(method, path, **kwargs)
        node = response.headers.get("X-Portal-Node", "?")
        if self.nodes and node == self.nodes[-1]:
            raise JourneyError(f"{step or path}: answered by node {node} again")
        self.nodes.append(node)
        self.steps.append(f"{method} {path} → {response.status_code} (node {node})")
        if response.status_code not in expect:
            raise JourneyError(f"{step or path}: HTTP {response.status_code}, expected {expect}\n"
                               f"{response.text[:2000]}")
        return response

    def get(self, path: str, **kwargs):
        return self.send("GET", path, **kwargs)

    def post_form(self, path: str, data: dict, *, form_page: httpx.Response | None = None, **kwargs):
        """POST `data` with the CSRF token of `form_page` (rendered by the other node)."""
        token = CSRF_INPUT.search(form_page.text) if form_page is not None else None
        if form_page is not None and token is None:
            raise JourneyError(f"{path}: the form page has no CSRF token")
        payload = {**({"csrfmiddlewaretoken": token.group(1)} if token else {}), **data}
        return self.send("POST", path, data=payload, **kwargs)

    def next_on(self, node: str) -> None:
        """Make the next request land on `node` (a light request to the other one first, if needed)."""
        if self.nodes and self.nodes[-1] == node:
            self.get("/health/live/")

    def close(self) -> None:
        self.client.close()


def mail_link(message: str, marker: str) -> str:
    match = re.search(r"https?://[^/\s]+([^\s]*?" + re.escape(marker) + r"\S*)", message)
    if not match:
        raise JourneyError(f"no link with {marker} in the e-mail:\n{message[:2000]}")
    return match.group(1)


def applicant_journey(base_url: str, *, call_code: str, unit_type_pk: int, documents: dict[int, tuple[str, bytes]],
                      mail_to: Callable[[str], list[str]], rename_call: Callable[[str], None],
                      email: str = "cross-node@startup.kr", timeout: float = 60) -> Journey:
    """Walk the journey; raise JourneyError at the first step that a node-local state breaks.

    documents: the call's required document types, as {pk: (file name, content)}.
    mail_to(address): the bodies of the e-mails received so far for the address (sent by the workers).
    rename_call(title): change the call's Korean title as staff would (its save moves the public pages' version).
    """
    journey = Journey(base_url)
    try:
        _walk(journey, call_code, unit_type_pk, documents, mail_to, rename_call, email, timeout)
    finally:
        journey.close()
    return journey


def _walk(j: Journey, call_code, unit_type_pk, documents, mail_to, rename_call, email, timeout) -> None:
    # The public call page, rendered and cached by one node, served from the shared cache by the other.
    first = j.get(f"/calls/{call_code}/", step="call page")
    second = j.get(f"/calls/{call_code}/", step="call page again")
    if CSRF_INPUT.sub("", first.text) != CSRF_INPUT.sub("", second.text):
        raise JourneyError("the two nodes show different call pages")

    # Sign up: the form of one node posted to the other (CSRF cookie and token shared by secret key).
    form = j.get("/accounts/signup/", step="sign-up form")
    j.post_form("/accounts/signup/", {
        "email": email, "name": "노드 신청자", "phone": "010-5555-7777", "preferred_language": "ko",
        "password1": PASSWORD, "password2": PASSWORD, "consent_personal_data": "on",
    }, form_page=form, expect=(302,), step="sign up")
    j.get("/accounts/signup/check-email/", step="check e-mail page")

    # The verification e-mail is sent by a worker through the outbox; its link opened on a node.
    bodies = _wait(lambda: mail_to(email), timeout, "the verification e-mail")
    verified = j.get(mail_link(bodies[0], "/accounts/verify/"), expect=(302,), step="verification link")
    login_page = j.get(verified.headers["location"], step="login page after verification")
    if "이메일 주소가 인증되었습니다" not in login_page.text:
        raise JourneyError("the message set by one node was not shown by the other")

    # Login lockout counted across nodes: the nodes run with a limit of 3 failures and a cool-off of
    # LOCKOUT_SECONDS; three wrong passwords on alternating nodes, then the right one is refused too.
    page = login_page
    for attempt in range(3):
        page = j.post_form("/accounts/login/", {"username": email, "password": f"wrong-{attempt}"},
                           form_page=page, step=f"wrong password {attempt + 1}")
    refused = j.post_form("/accounts/login/", {"username": email, "password": PASSWORD}, form_page=page,
                          expect=(200, 429), step="right password during the lockout")
    if "로그인에 너무 많이 실패했습니다" not in refused.text:
        raise JourneyError("the lockout counted on one node did not hold on the other")
    time.sleep(LOCKOUT_SECONDS + 0.5)

    page = j.get("/accounts/login/", step="login page")
    j.post_form("/accounts/login/", {"username": email, "password": PASSWORD}, form_page=page, expect=(302,),
                step="log in")

    # The application: start (consents), three steps, each form from one node posted to the other.
    start = j.get(f"/apply/{call_code}/", step="start page")
    started = j.post_form(f"/apply/{call_code}/", {"consent_collection": "on", "consent_committee": "on"},
                          form_page=start, expect=(302,), step="start")
    application = int(re.search(r"/my/applications/(\d+)/", started.headers["location"]).group(1))
    steps = {
        "company": {
            "company_name_ko": "주식회사 양재노드", "company_name_en": "Yangjae Nodes Inc.",
            "business_registration_number": "120-81-47521", "corporate_registration_number": "110111-1234569",
            "ceo_name": "노드 신청자", "founded_on": "2022-03-02",
            "head_office_address": "서울특별시 서초구 강남대로 27",
            "website": "nodes.example.kr", "ai_field": "language",
        },
        "team": {"headcount": "24", "foreign_employees": "1", "desired_unit_type": str(unit_type_pk),
                 "relocation_commitment": "on"},
        "plan": {"business_summary": "두 노드에서 일하는 한국어 LLM", "revenue_last_year": "1,200,000",
                 "total_investment": "1,500,000,000", "contact_name": "노드 신청자",
                 "contact_email": email, "contact_phone": "01055557777", "wants_gpu": "on"},
    }
    for name, data in steps.items():
        path = f"/my/applications/{application}/edit/{name}/"
        form = j.get(path, step=f"{name} step")
        j.post_form(path, {**data, "continue": "1"}, form_page=form, expect=(302,), step=f"{name} saved")

    # Documents: each uploaded through node A (to the object store), listed and downloaded through node B.
    documents_path = f"/my/applications/{application}/documents/"
    for type_pk, (filename, content) in documents.items():
        j.next_on("b")  # the form from B, the upload to A
        form = j.get(documents_path, step="documents page")
        token = CSRF_INPUT.search(form.text).group(1)
        uploaded = j.send("POST", documents_path, data={"csrfmiddlewaretoken": token, "document_type": str(type_pk)},
                          files={f"doc{type_pk}-file": (filename, content, "application/octet-stream")},
                          expect=(302,), step=f"upload {filename}")
        if j.nodes[-1] != "a":
            raise JourneyError("the upload did not land on node A")
        del uploaded
    listing = j.get(documents_path, step="documents listed by node B")
    links = DOCUMENT_LINK.findall(listing.text)
    if len(links) != len(documents):
        raise JourneyError(f"{len(links)} documents listed, {len(documents)} uploaded")
    contents = set()
    for link in links:
        j.next_on("b")
        downloaded = j.get(link, step="download")
        if j.nodes[-1] != "b":
            raise JourneyError("the download did not land on node B")
        contents.add(downloaded.content)
    if contents != {content for _name, content in documents.values()}:
        raise JourneyError("a document downloaded through node B differs from the one uploaded through node A")

    # Submit: the confirmation message and the receipt number on the other node.
    review = j.get(f"/my/applications/{application}/review/", step="review")
    submitted = j.post_form(f"/my/applications/{application}/submit/", {"declared_true": "on"}, form_page=review,
                            expect=(302,), step="submit")
    detail = j.get(submitted.headers["location"], step="confirmation")
    receipt = RECEIPT.search(detail.text)
    if receipt is None or "신청서가 제출되었습니다" not in detail.text:
        raise JourneyError("no confirmation message or receipt number after the submission")
    _wait(lambda: [b for b in mail_to(email) if receipt.group(0) in b], timeout, "the receipt e-mail")

    # The public page: cached on both nodes, a change seen by both at the next request.
    before = j.get(f"/calls/{call_code}/", step="call page cached")
    title = f"노드 공모 {time.monotonic_ns()}"
    if title in before.text:
        raise JourneyError("unexpected title")
    rename_call(title)
    for label in ("node one", "node two"):
        page = j.get(f"/calls/{call_code}/", step=f"call page after the change, {label}")
        if title not in page.text:
            raise JourneyError(f"the call page on node {j.nodes[-1]} still shows the old title")

    # Log out on one node: the session ends on both.
    dashboard = j.get("/my/applications/", step="dashboard")
    if receipt.group(0) not in dashboard.text:
        raise JourneyError("the dashboard does not show the receipt number")
    j.post_form("/accounts/logout/", {}, form_page=dashboard, expect=(302,), step="log out")
    j.get("/my/applications/", expect=(302,), step="dashboard after logging out")


def call_documents(call) -> dict[int, tuple[str, bytes]]:
    """A sample file of an accepted format for each required document type of `call`."""
    from tests.samples import hwp_bytes, pdf_bytes

    documents = {}
    for document_type in call.document_types.filter(required=True).order_by("position"):
        if "pdf" in document_type.allowed_formats:
            documents[document_type.pk] = (f"doc-{document_type.pk}.pdf", pdf_bytes(f"node {document_type.pk}"))
        else:
            documents[document_type.pk] = (f"doc-{document_type.pk}.hwp", hwp_bytes())
    return documents


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.2)
    raise JourneyError(f"{what} did not arrive within {timeout} s")
