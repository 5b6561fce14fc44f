"""The evaluator area: only assigned applications in the open stage, declaration first, own scores only."""

import pytest
from django.contrib.messages import get_messages

from applications.workflow import Status
from evaluations.models import ConflictDeclaration, Scorecard
from evaluations.services import scorecard_reopen
from tests.factories import (
    ApplicationDocumentFactory,
    AssignmentFactory,
    EvaluatorFactory,
    ScorecardFactory,
    StaffFactory,
    SubmittedApplicationFactory,
)
from tests.privacy.reasons import remember_reason


@pytest.fixture
def setup(db):
    assignment = AssignmentFactory(stage=1, evaluator__name="이평가")
    document = ApplicationDocumentFactory(application__call=assignment.call, application__status=Status.STAGE1)
    return assignment.evaluator, document.application, document


def _declare(client, application, *, conflict=False, note=""):
    return client.post(f"/evaluations/applications/{application.pk}/declare/",
                       {"has_conflict": "yes" if conflict else "no", "note": note})


def _scores(application, points, submit=True, confirm=True):
    """The scorecard's POST: a draft, or a submission from the confirmation page (`confirm`) or not."""
    criteria = list(application.call.criteria.filter(stage=1))
    data = {f"points_{c.pk}": p for c, p in zip(criteria, points, strict=True)}
    data |= {f"comment_{c.pk}": f"심사 메모 {c.pk}" for c in criteria}
    data["submit" if submit else "save"] = "1"
    if submit and confirm:
        data["confirm"] = "yes"
    return data


def test_evaluator_declares_then_opens_scores_and_is_locked(client, setup):
    evaluator, application, document = setup
    client.force_login(evaluator)
    remember_reason(client)  # the reason page is tested in tests/privacy
    home = client.get("/evaluations/").content.decode()
    assert application.receipt_number in home
    # before declaring: the detail and the documents redirect / refuse
    assert client.get(f"/evaluations/applications/{application.pk}/")["Location"].endswith("/declare/")
    assert client.get(f"/evaluations/applications/{application.pk}/documents/{document.pk}/").status_code == 404
    assert _declare(client, application).status_code == 302
    page = client.get(f"/evaluations/applications/{application.pk}/")
    assert page.status_code == 200
    download = client.get(f"/evaluations/applications/{application.pk}/documents/{document.pk}/")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")

    # out-of-range points: message beside the field, typed values kept, nothing saved
    response = client.post(f"/evaluations/applications/{application.pk}/", _scores(application, [41, 20, 20]))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert 'value="41"' in response.content.decode()
    assert not Scorecard.objects.exists()
    # a draft may be incomplete; submitting needs every criterion
    client.post(f"/evaluations/applications/{application.pk}/",
                {**_scores(application, [30, 20, 20], submit=False),
                 f"points_{application.call.criteria.filter(stage=1).last().pk}": ""})
    card = Scorecard.objects.get()
    assert card.total == 50 and card.submitted_at is None and not card.locked
    client.post(f"/evaluations/applications/{application.pk}/", _scores(application, [35, 25, 22]))
    card.refresh_from_db()
    assert card.total == 82 and card.locked and card.submitted_at is not None
    # locked: a new post changes nothing
    response = client.post(f"/evaluations/applications/{application.pk}/", _scores(application, [1, 1, 1]))
    card.refresh_from_db()
    assert card.total == 82
    assert any("locked" in str(m) or "잠긴" in str(m) for m in get_messages(response.wsgi_request))

    # staff reopen it; the evaluator can then correct it
    scorecard_reopen(scorecard=card, actor=StaffFactory())
    client.post(f"/evaluations/applications/{application.pk}/", _scores(application, [40, 30, 30]))
    card.refresh_from_db()
    assert card.total == 100 and card.locked and card.reopened_by is not None


def test_unassigned_evaluator_gets_404_everywhere(client, setup):
    _evaluator, application, document = setup
    stranger = EvaluatorFactory()
    AssignmentFactory(evaluator=stranger, stage=2)  # assigned elsewhere only
    client.force_login(stranger)
    assert application.receipt_number not in client.get("/evaluations/").content.decode()
    for url in (f"/evaluations/applications/{application.pk}/",
                f"/evaluations/applications/{application.pk}/declare/",
                f"/evaluations/applications/{application.pk}/documents/{document.pk}/"):
        assert client.get(url).status_code == 404, url
    assert _declare(client, application).status_code == 404
    assert not ConflictDeclaration.objects.exists()


def test_assigned_to_the_other_stage_gets_404(client, setup):
    evaluator, application, document = setup
    second = AssignmentFactory(call=application.call, stage=2)
    client.force_login(second.evaluator)
    assert client.get(f"/evaluations/applications/{application.pk}/declare/").status_code == 404


def test_recused_evaluator_cannot_open_or_download_or_score(client, setup):
    evaluator, application, document = setup
    client.force_login(evaluator)
    # a conflict needs a note
    response = _declare(client, application, conflict=True)
    assert response.status_code == 200 and response.context["form"].errors["note"]
    _declare(client, application, conflict=True, note="자문 계약 관계")
    declaration = ConflictDeclaration.objects.get()
    assert declaration.has_conflict
    for url in (f"/evaluations/applications/{application.pk}/",
                f"/evaluations/applications/{application.pk}/declare/",
                f"/evaluations/applications/{application.pk}/documents/{document.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/evaluations/applications/{application.pk}/",
                       _scores(application, [30, 20, 20])).status_code == 404
    assert not Scorecard.objects.exists()
    assert "Recused" in client.get("/evaluations/").content.decode() or \
        "회피" in client.get("/evaluations/").content.decode()


def test_document_download_is_private_and_never_rendered_inline(client, setup):
    evaluator, application, document = setup
    client.force_login(evaluator)
    remember_reason(client)  # the reason page is tested in tests/privacy
    _declare(client, application)
    download = client.get(f"/evaluations/applications/{application.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private, no-store"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == b"%PDF-1.7 business plan"


def test_document_of_another_application_by_url_is_404(client, setup):
    evaluator, application, _document = setup
    foreign = ApplicationDocumentFactory()
    client.force_login(evaluator)
    _declare(client, application)
    assert client.get(f"/evaluations/applications/{application.pk}/documents/{foreign.pk}/").status_code == 404


def test_an_application_outside_the_open_stage_is_404(client, setup):
    evaluator, application, _document = setup
    client.force_login(evaluator)
    _declare(client, application)
    application.status = Status.STAGE2
    application.save(update_fields=["status"])
    assert client.get(f"/evaluations/applications/{application.pk}/").status_code == 404


def test_evaluators_never_see_each_others_scores(client, setup):
    evaluator, application, _document = setup
    colleague = AssignmentFactory(call=application.call, stage=1, evaluator__name="박심사").evaluator
    client.force_login(colleague)
    _declare(client, application)
    client.post(f"/evaluations/applications/{application.pk}/", _scores(application, [37, 23, 19]))
    client.force_login(evaluator)
    _declare(client, application)
    html = client.get(f"/evaluations/applications/{application.pk}/").content.decode()
    html += client.get("/evaluations/").content.decode()
    assert "박심사" not in html
    assert 'value="37"' not in html
    assert "심사 메모" not in html


def test_the_area_needs_the_evaluator_role(client, db):
    client.force_login(SubmittedApplicationFactory().applicant)
    assert client.get("/evaluations/").status_code == 403
    client.logout()
    assert client.get("/evaluations/").status_code == 302


def test_nav_shows_evaluations_to_evaluators_only(client, setup):
    evaluator, application, _document = setup
    client.force_login(evaluator)
    assert 'href="/evaluations/"' in client.get("/").content.decode()
    client.force_login(application.applicant)
    assert 'href="/evaluations/"' not in client.get("/").content.decode()


def test_a_conflict_declared_at_stage_1_keeps_the_evaluator_recused_at_stage_2(client, setup):
    from evaluations.selectors import call_ranking
    from evaluations.services import application_staff_transition

    evaluator, application, document = setup
    client.force_login(evaluator)
    _declare(client, application, conflict=True, note="자문 계약 관계")
    application_staff_transition(application=application, name="move_to_stage2", actor=StaffFactory())
    AssignmentFactory(call=application.call, stage=2, evaluator=evaluator)

    # shown as recused at stage 2, with no new declaration asked for
    row = client.get("/evaluations/").content.decode().split(f'data-application="{application.pk}"')[1]
    row = row.split("</tr>")[0]
    assert "Recused" in row or "회피" in row
    assert "/declare/" not in row and f"/evaluations/applications/{application.pk}/" not in row
    # cannot declare "no conflict", open, download or score
    assert client.get(f"/evaluations/applications/{application.pk}/declare/").status_code == 404
    assert _declare(client, application).status_code == 404
    for url in (f"/evaluations/applications/{application.pk}/",
                f"/evaluations/applications/{application.pk}/documents/{document.pk}/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/evaluations/applications/{application.pk}/",
                       _scores(application, [30, 20, 20])).status_code == 404
    # the audit trail is the stage-1 declaration, unchanged
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.stage, declaration.has_conflict, declaration.note) == (1, True, "자문 계약 관계")
    assert not Scorecard.objects.exists()

    # the ranking ignores them for it, even if a card of theirs exists (recorded before this was enforced)
    ConflictDeclaration.objects.create(evaluator=evaluator, application=application, stage=2, has_conflict=False)
    ScorecardFactory(application=application, evaluator=evaluator, stage=2, total=10)
    other = AssignmentFactory(call=application.call, stage=2)
    ScorecardFactory(application=application, evaluator=other.evaluator, stage=2, total=80)
    [entry] = call_ranking(call=application.call, statuses=(Status.STAGE2,))
    assert entry.stage2 == 80
    assert client.get(f"/evaluations/applications/{application.pk}/").status_code == 404


def _declared_in_english(client, evaluator, application) -> str:
    """The evaluator reads English, has declared no conflict and opens the scorecard: its URL."""
    evaluator.preferred_language = "en"
    evaluator.save(update_fields=["preferred_language"])
    client.force_login(evaluator)
    _declare(client, application)
    return f"/evaluations/applications/{application.pk}/"


def test_submitting_scores_asks_for_confirmation_first_and_only_the_confirmation_locks(client, setup):
    evaluator, application, _document = setup
    url = _declared_in_english(client, evaluator, application)
    # "Review and submit": the scores once more, their total and what submitting does; nothing is locked
    response = client.post(url, _scores(application, [35, 25, 22], confirm=False))
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Submit your scores</h1>" in html
    assert "Once submitted, your scores are locked" in html
    assert 'data-testid="confirm-total">82 / 100<' in html
    assert 'name="confirm" value="yes"' in html and 'name="back"' in html
    assert not Scorecard.objects.filter(locked=True).exists()
    # "Back to change them": the form again with the typed points, still nothing saved
    response = client.post(url, {**_scores(application, [35, 25, 22], confirm=False), "back": "1"})
    assert response.templates[0].name == "evaluations/application.html"
    assert 'value="35"' in response.content.decode() and not Scorecard.objects.exists()
    # an incomplete card is refused beside the field before any confirmation
    criteria = list(application.call.criteria.filter(stage=1))
    response = client.post(url, {**_scores(application, [35, 25, 22]), f"points_{criteria[2].pk}": ""})
    assert response.templates[0].name == "evaluations/application.html" and not Scorecard.objects.exists()
    # the confirmation's button submits and locks
    assert client.post(url, _scores(application, [35, 25, 22])).status_code == 302
    card = Scorecard.objects.get()
    assert card.locked and card.total == 82


def test_the_scorecard_shows_the_rubric_the_running_total_and_the_deadline(client, setup):
    import datetime as dt

    from django.utils import timezone
    from django.utils.html import escape

    from evaluations.models import ScoringDeadline

    evaluator, application, document = setup
    url = _declared_in_english(client, evaluator, application)
    html = client.get(url).content.decode()
    assert "Scoring deadline" not in html  # none set for the stage
    ScoringDeadline.objects.create(call=application.call, stage=1, due_on=timezone.localdate() + dt.timedelta(days=5))
    client.post(url, _scores(application, [30, 20, 20], submit=False))
    html = client.get(url).content.decode()
    assert "Scoring deadline:" in html and "5 days left." in html
    # each criterion with its description and maximum
    for criterion in application.call.criteria.filter(stage=1):
        assert f"{criterion.name_en} <span" in html and f"(up to {criterion.max_points} points)" in html
        assert criterion.description_en and escape(criterion.description_en) in html
    # the total is computed by the server (right without the script), the script only keeps it current
    assert '<output id="score-total" aria-live="polite">70</output> / 100' in html
    assert "js/score-total.js" in html
    # typed points that are refused count as nothing in the total shown beside their error
    criteria = list(application.call.criteria.filter(stage=1))
    response = client.post(url, {**_scores(application, [30, 20, 20], submit=False), f"points_{criteria[0].pk}": 99})
    assert '<output id="score-total" aria-live="polite">40</output>' in response.content.decode()
    # the documents are listed once the declaration is made
    assert f"/evaluations/applications/{application.pk}/documents/{document.pk}/" in html
    ScoringDeadline.objects.filter(call=application.call).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert "The deadline has passed" in client.get(url).content.decode()
