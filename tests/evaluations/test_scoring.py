"""Aggregation and ranking with worked numbers: trimmed mean, pass mark, weights, ties, waitlist order."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.models import Application
from applications.workflow import Status
from evaluations.models import Scorecard
from evaluations.scoring import Entry, decide, final_score, rank, stage_score
from evaluations.selectors import application_annotate_scores, call_decision_plan, call_ranking
from tests.factories import ClosedCallFactory, ScorecardFactory, StaffFactory, SubmittedApplicationFactory, UnitFactory

D = Decimal


def test_trimmed_mean_with_five_evaluators_drops_highest_and_lowest():
    # 92, 80, 75, 71, 40: without 92 and 40 → (80 + 75 + 71) / 3 = 75.333… → 75.33
    assert stage_score([80, 92, 40, 75, 71], trim_extremes_from=5) == D("75.33")
    # four evaluators: no trimming → (80 + 92 + 40 + 75) / 4 = 71.75
    assert stage_score([80, 92, 40, 75], trim_extremes_from=5) == D("71.75")
    # trimming off (0): plain mean of all five = 358 / 5 = 71.60
    assert stage_score([80, 92, 40, 75, 71], trim_extremes_from=0) == D("71.60")
    # no scores yet
    assert stage_score([], trim_extremes_from=5) is None
    # a setting of 2 still keeps one score: two evaluators are never trimmed to nothing
    assert stage_score([60, 70], trim_extremes_from=2) == D("65.00")
    # rounded to cents: (70 + 71 + 70) / 3 = 70.333… → 70.33; (70 + 71 + 70 + 70) / 4 = 70.25
    assert stage_score([70, 71, 70], trim_extremes_from=0) == D("70.33")
    assert stage_score([70, 71, 70, 70], trim_extremes_from=0) == D("70.25")
    # half a cent rounds up: (70 + 71 + 71 + 71 + 70 + 70 + 70 + 70) / 8 = 70.375 → 70.38
    assert stage_score([70, 71, 71, 71, 70, 70, 70, 70], trim_extremes_from=0) == D("70.38")


def test_final_score_weights_the_stages():
    assert final_score(D("80"), D("70"), stage1_weight=D("0"), stage2_weight=D("1")) == D("70.00")
    assert final_score(D("80"), D("70"), stage1_weight=D("0.3"), stage2_weight=D("0.7")) == D("73.00")
    assert final_score(D("80"), None, stage1_weight=D("0.3"), stage2_weight=D("0.7")) is None
    assert final_score(D("80"), None, stage1_weight=D("1"), stage2_weight=D("0")) == D("80.00")


def test_ties_are_broken_by_stage2_then_stage1_then_earlier_submission():
    t0 = timezone.now()
    entries = [
        Entry(1, t0, D("90"), D("70")),          # final 0.5×90 + 0.5×70 = 80
        Entry(2, t0, D("70"), D("90")),          # final 80, better stage 2 → before 1
        Entry(3, t0 + timedelta(hours=1), D("80"), D("80")),   # final 80, stage 2 = 80 → between 2 and 1
        Entry(4, t0 - timedelta(hours=1), D("80"), D("80")),   # same as 3, submitted earlier → before 3
        Entry(5, t0, D("50"), D("50")),          # final 50: below the pass mark
    ]
    ranked = rank(entries, pass_mark=D("60"), stage1_weight=D("0.5"), stage2_weight=D("0.5"))
    assert [e.application_id for e in ranked] == [2, 4, 3, 1, 5]
    assert [e.rank for e in ranked] == [1, 2, 3, 4, 5]
    assert [e.passed for e in ranked] == [True, True, True, True, False]


def test_places_selected_then_waitlist_in_rank_order_and_failures_not_selected():
    t0 = timezone.now()
    entries = [Entry(i, t0, None, D(score)) for i, score in enumerate(["59.99", "85", "60", "72", "91", "40"], 1)]
    ranked = decide(rank(entries, pass_mark=D("60"), stage1_weight=D(0), stage2_weight=D(1)), places=2)
    plan = [(e.application_id, e.decision) for e in ranked]
    # 91 (5), 85 (2) selected; 72 (4), 60 (3, exactly the pass mark) waitlisted; 59.99 and 40 fail whatever rank
    assert plan == [(5, "select"), (2, "select"), (4, "waitlist"), (3, "waitlist"), (1, "not_select"),
                    (6, "not_select")]


def test_a_high_rank_below_the_pass_mark_is_never_selected():
    entries = [Entry(1, timezone.now(), None, D("55"))]
    ranked = decide(rank(entries, pass_mark=D("60"), stage1_weight=D(0), stage2_weight=D(1)), places=10)
    assert ranked[0].rank == 1 and ranked[0].decision == "not_select"


@pytest.mark.django_db
def test_sql_scores_equal_the_worked_numbers():
    call = ClosedCallFactory(trim_extremes_from=5)
    five = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    for total in (80, 92, 40, 75, 71):
        ScorecardFactory(application=five, stage=1, total=total)
    four = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    for total in (80, 92, 40, 75):
        ScorecardFactory(application=four, stage=1, total=total)
    # a draft (not submitted) scorecard does not count
    ScorecardFactory(application=four, stage=1, total=0, submitted_at=None, locked=False)
    ScorecardFactory(application=four, stage=2, total=66)
    rows = {a.pk: a for a in application_annotate_scores(Application.objects.filter(call=call))}
    assert rows[five.pk].stage1_score == D("75.33")
    assert rows[four.pk].stage1_score == D("71.75")
    assert rows[five.pk].stage2_score is None
    assert rows[four.pk].stage2_score == D("66.00")

    call.trim_extremes_from = 0
    call.save(update_fields=["trim_extremes_from"])
    rows = {a.pk: a for a in application_annotate_scores(Application.objects.filter(call=call))}
    assert rows[five.pk].stage1_score == D("71.60")

    # The same scores where the list is nested in another query (its tables renamed) and ordered by a score.
    above = application_annotate_scores(Application.objects.filter(call=call)).filter(stage1_score__gt=D("71.70"))
    assert list(Application.objects.filter(pk__in=above.values("pk"))) == [four]
    assert Scorecard.objects.filter(application__in=above.values("pk"), stage=1).count() == 5  # four's cards
    ordered = application_annotate_scores(Application.objects.filter(call=call)).order_by("-stage1_score")
    assert [a.pk for a in ordered] == [four.pk, five.pk]


@pytest.mark.django_db
def test_call_ranking_and_decision_plan_from_the_database():
    call = ClosedCallFactory(places=0, pass_mark=D("60"))
    UnitFactory.create_batch(2)  # units exist, but only those on offer count
    call.units_on_offer.set(UnitFactory.create_batch(2))
    t0 = timezone.now()
    apps = {}
    for name, stage2, submitted in [("a", 85, t0), ("b", 85, t0 - timedelta(minutes=5)), ("c", 70, t0),
                                    ("d", 61, t0), ("e", 58, t0)]:
        apps[name] = SubmittedApplicationFactory(call=call, status=Status.STAGE2, submitted_at=submitted)
        ScorecardFactory(application=apps[name], stage=2, total=stage2)
    apps["b_stage1"] = SubmittedApplicationFactory(call=call, status=Status.STAGE1)
    ranked = call_ranking(call=call, statuses=(Status.STAGE2,))
    by_id = {v.pk: k for k, v in apps.items()}
    # a and b tie on 85 with no stage 1: b submitted earlier
    assert [by_id[e.application_id] for e in ranked] == ["b", "a", "c", "d", "e"]
    plan = {by_id[e.application_id]: e.decision for e in call_decision_plan(call=call)}
    assert plan == {"b": "select", "a": "select", "c": "waitlist", "d": "waitlist", "e": "not_select",
                    "b_stage1": "not_select"}


@pytest.mark.django_db
def test_prepare_decisions_preview_then_apply_through_the_admin(client):
    staff = StaffFactory()
    call = ClosedCallFactory(places=1)
    best = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    second = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    failing = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    for application, total in ((best, 90), (second, 75), (failing, 50)):
        ScorecardFactory(application=application, stage=2, total=total)
    client.force_login(staff)
    url = f"/admin/applications/application/calls/{call.pk}/decisions/"
    preview = client.get(url)
    assert preview.status_code == 200
    html = preview.content.decode()
    assert html.count('data-decision="select"') == 1
    assert html.count('data-decision="waitlist"') == 1
    assert html.count('data-decision="not_select"') == 1
    # nothing changed by the preview
    assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {Status.STAGE2}
    response = client.post(url, follow=True)
    assert response.status_code == 200
    statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
    assert statuses == {best.pk: Status.SELECTED, second.pk: Status.WAITLISTED, failing.pk: Status.NOT_SELECTED}
    reasons = failing.transitions.get().reason
    assert "50.00" in reasons and "60.00" in reasons
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 3


@pytest.mark.django_db
def test_the_not_select_decision_reads_not_selected_in_english(client):
    call = ClosedCallFactory(places=1)
    SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    failing = SubmittedApplicationFactory(call=call, status=Status.STAGE2)
    ScorecardFactory(application=failing, stage=2, total=40)
    client.force_login(StaffFactory(preferred_language="en"))
    preview = client.get(f"/admin/applications/application/calls/{call.pk}/decisions/").content.decode()
    row = preview.split('data-decision="not_select"')[1].split("</tr>")[0]
    assert "Not selected" in row
    changelist = client.get("/admin/applications/application/").content.decode()
    option = changelist.split('value="workflow_not_select"')[1].split("</option>")[0]
    assert option.strip(">").strip() == "Not selected"
    assert "Not select<" not in preview + changelist
