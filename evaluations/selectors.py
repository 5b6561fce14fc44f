"""Reads of the evaluation: scores annotated in SQL, rankings, the evaluator's worklist, the dashboard."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from applications.models import Application, Call, EvaluationCriterion
from applications.workflow import Status

from .models import Assignment, ConflictDeclaration, PresentationSlot, Scorecard, ScoringDeadline, Stage
from .scoring import Entry, decide, rank

STAGE_STATUS = {Stage.WRITTEN: Status.STAGE1, Stage.PRESENTATION: Status.STAGE2}
STATUS_STAGE = {status.value: stage for stage, status in STAGE_STATUS.items()}
SCORE_FIELD = DecimalField(max_digits=7, decimal_places=2)
TWO_PLACES = Decimal("0.01")


class _Exact(Cast):
    """A cast to an exact decimal for the division of the mean. SQLite has no such type (its NUMERIC
    keeps a whole number an integer, so the division would drop the fraction): a REAL there, rounded
    to two places just after, as on PostgreSQL. SQLite serves only the local demo of `make run`."""

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(%(expressions)s AS REAL)", **extra_context)


class _ScoreSubquery(Subquery):
    """A stage score, always with two decimal places (SQLite returns 77 for PostgreSQL's 77.00)."""

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _two_places]


def _two_places(value, expression, connection):
    return None if value is None else value.quantize(TWO_PLACES)


def _recused_q(*, evaluator, application, stage) -> Q:
    """A conflict declared by the evaluator for the application at this stage or an earlier one: a
    conflict with a company stays in force for that application at every later stage."""
    return Q(evaluator=evaluator, application=application, stage__lte=stage, has_conflict=True)


@functools.cache
def _stage_score_subquery(stage: int) -> Subquery:
    """The stage score of the outer application: the mean of submitted totals, trimmed of the highest
    and lowest when there are at least max(call.trim_extremes_from, 3) and trimming is on. The cards of
    an evaluator recused from the application (at this stage or an earlier one) do not count.

    Built once per stage: the expression takes milliseconds to build and is copied whenever a query uses it.

    The call's setting is read inside the subquery (through the scorecards' application), so the outer
    query gains no join: counting an annotated list (the admin's pages) stays a scan of one table."""
    trim_from = F("trim_from")
    numeric = DecimalField(max_digits=9, decimal_places=4)
    cards = (
        Scorecard.objects.filter(application=OuterRef("pk"), stage=stage, submitted_at__isnull=False)
        .exclude(Exists(ConflictDeclaration.objects.filter(
            _recused_q(evaluator=OuterRef("evaluator"), application=OuterRef("application"), stage=stage))))
        .order_by().values("application", trim_from=F("application__call__trim_extremes_from"))
        .annotate(n=Count("id"), s=Sum("total"), hi=Max("total"), lo=Min("total"))
        .annotate(
            mean=Case(
                When(
                    GreaterThan(trim_from, 0) & GreaterThanOrEqual(F("n"), trim_from) & Q(n__gte=3),
                    then=_Exact(F("s") - F("hi") - F("lo"), numeric) / _Exact(F("n") - 2, numeric),
                ),
                default=_Exact(F("s"), numeric) / _Exact(F("n"), numeric),
                output_field=numeric,
            )
        )
        .annotate(score=Func(F("mean"), Value(2), function="ROUND", output_field=SCORE_FIELD))
        .values("score")
    )
    return _ScoreSubquery(cards, output_field=SCORE_FIELD)


_OUTER_PK = "__outer_application_pk__"


@functools.cache
def _stage_score_sql(stage: int, vendor: str) -> tuple[str, tuple]:
    """The SQL of `_stage_score_subquery(stage)` for a database vendor, compiled once, with a marker where it
    refers to the outer application's primary key."""
    from django.db import connections

    alias = next(name for name in connections if connections[name].vendor == vendor)
    query = Application.objects.annotate(score=_stage_score_subquery(stage)).values("score").query
    sql, params = query.get_compiler(alias).as_sql()
    outer = connections[alias].ops.quote_name(Application._meta.db_table) + "." + \
        connections[alias].ops.quote_name(Application._meta.pk.column)
    subquery = sql[len("SELECT "):sql.rindex(" AS ")]
    if subquery.count(outer) != 1:  # the outer table appears once, as the correlation; anything else is aliased
        raise RuntimeError(f"unexpected stage score SQL: {subquery}")
    # Its own tables get names of their own (U0 → score1_U0): nested in a query whose tables Django has renamed
    # to the same letters, the correlation would otherwise find the subquery's table instead of the outer one.
    subquery = re.sub(r"\b([A-Z])(\d+)\b", lambda match: f"score{stage}_{match[1]}{match[2]}", subquery)
    return subquery.replace(outer, _OUTER_PK), tuple(params)


class _StageScore(Expression):
    """A stage score of the outer application (see `_stage_score_subquery`), as SQL compiled once per process.

    Building and compiling the subquery's expression tree takes several milliseconds, more than the database
    takes to run it for a page of the admin's list; the SQL is the same every time but for the outer table's
    alias, which is filled in for the query being compiled (also when that query is nested in another)."""

    output_field = SCORE_FIELD

    def __init__(self, stage: int) -> None:
        super().__init__(output_field=SCORE_FIELD)
        self.stage = stage

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.stage})"

    @property
    def identity(self):
        return (self.__class__, self.stage)

    def as_sql(self, compiler, connection):
        sql, params = _stage_score_sql(self.stage, connection.vendor)
        alias = compiler.query.get_initial_alias()
        outer = f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(Application._meta.pk.column)}"
        return sql.replace(_OUTER_PK, outer), params

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), _two_places]


def application_annotate_scores(queryset: QuerySet) -> QuerySet:
    """Add stage1_score and stage2_score (None until an evaluator submits) in the same query."""
    return queryset.annotate(stage1_score=_StageScore(Stage.WRITTEN), stage2_score=_StageScore(Stage.PRESENTATION))


def call_places(*, call: Call) -> int:
    return call.places or call.units_on_offer.count()


def call_ranking(*, call: Call, statuses: tuple[str, ...] | None = None) -> list[Entry]:
    """The call's applications (by default those still in evaluation or decided) ranked by final score."""
    statuses = statuses or (Status.STAGE1, Status.STAGE2, Status.SELECTED, Status.WAITLISTED,
                            Status.NOT_SELECTED)
    applications = application_annotate_scores(
        Application.objects.filter(call=call, status__in=statuses).select_related("call", "desired_unit_type")
    )
    entries = [
        Entry(application_id=a.pk, submitted_at=a.submitted_at, stage1=a.stage1_score, stage2=a.stage2_score,
              extra={"application": a})
        for a in applications
    ]
    return rank(entries, pass_mark=call.pass_mark, stage1_weight=call.stage1_weight,
                stage2_weight=call.stage2_weight)


def call_decision_plan(*, call: Call) -> list[Entry]:
    """What "prepare decisions" would do: rank the applicants in stage 2, select up to the places,
    waitlist the other passing ones, not-select the rest; those left in stage 1 are not selected."""
    ranked = decide(call_ranking(call=call, statuses=(Status.STAGE2,)), places=call_places(call=call))
    left_in_stage1 = call_ranking(call=call, statuses=(Status.STAGE1,))
    for entry in left_in_stage1:
        entry.decision = "not_select"
        entry.extra["not_shortlisted"] = True
    return ranked + left_in_stage1


def criteria_for(*, call_id: int, stage: int) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(call_id=call_id, stage=stage))


def scoring_deadline_for(*, call_id: int, stage: int) -> ScoringDeadline | None:
    """The day by which the evaluators of the call's stage submit their scorecards, when staff set one."""
    return ScoringDeadline.objects.filter(call_id=call_id, stage=stage).first()


def call_unscored_applications(*, call: Call) -> list[Application]:
    """The call's decided applications (selected, waitlisted, not selected) that were evaluated at a stage
    and have no score for it (no evaluator's scorecard of that stage submitted): they block the release of
    the results, as the applications still without a decision do (`services.call_pending_applications`).

    Which stages an application went through is read from its status log, so an application decided
    without evaluation (ineligible, withdrawn) is not asked for scores."""
    from portal.models import StatusChange

    statuses = (Status.SELECTED, Status.WAITLISTED, Status.NOT_SELECTED)
    visited: dict[int, set[int]] = defaultdict(set)
    for object_id, to_status in (StatusChange.objects.filter(
            application__call=call, to_status__in=list(STATUS_STAGE)).values_list("object_id", "to_status")):
        visited[int(object_id)].add(STATUS_STAGE[to_status])
    if not visited:
        return []
    applications = application_annotate_scores(
        Application.objects.filter(call=call, status__in=statuses, pk__in=list(visited))
    ).order_by("receipt_number", "id")
    unscored = []
    for application in applications:
        scores = {Stage.WRITTEN: application.stage1_score, Stage.PRESENTATION: application.stage2_score}
        application.unscored_stages = [Stage(stage).label for stage in sorted(visited[application.pk])
                                       if scores[stage] is None]
        if application.unscored_stages:
            unscored.append(application)
    return unscored


# ---------------------------------------------------------------------------------------------
# The evaluator's area
# ---------------------------------------------------------------------------------------------

def _assigned_q(user) -> Q:
    """Applications in an open stage whose call and stage the user is assigned to."""
    q = Q(pk__in=[])
    for stage, status in STAGE_STATUS.items():
        assigned = Assignment.objects.filter(evaluator=user, stage=stage).values("call_id")
        q |= Q(status=status, call_id__in=assigned)
    return q


def evaluator_application_list(*, user) -> QuerySet:
    """The evaluator's worklist, with their own declaration and scorecard state (never anyone else's)."""
    def own(model, stage_status_pairs, *, recusal=False, **extra):
        def rows(stage):
            if recusal:  # a conflict declared at an earlier stage stays in force
                return model.objects.filter(_recused_q(evaluator=user, application=OuterRef("pk"), stage=stage))
            return model.objects.filter(evaluator=user, application=OuterRef("pk"), stage=stage, **extra)

        return Case(*[
            When(status=status, then=Subquery(
                # At most one row (unique per evaluator, application and stage), or the earliest
                # conflict: no default ordering, which would join and sort for every row listed.
                rows(stage).order_by("stage").values("pk")[:1]
            )) for stage, status in stage_status_pairs
        ], default=None, output_field=IntegerField())

    pairs = list(STAGE_STATUS.items())
    return (
        Application.objects.filter(_assigned_q(user))
        .select_related("call")
        .annotate(
            declaration_id=own(ConflictDeclaration, pairs),
            recused_id=own(ConflictDeclaration, pairs, recusal=True),
            scorecard_id=own(Scorecard, pairs),
            submitted_scorecard_id=own(Scorecard, pairs, submitted_at__isnull=False),
        )
        .order_by("call__code", "receipt_number")
    )


def evaluator_application_get(*, user, application_id: int) -> tuple[Application, int] | None:
    """An application the evaluator may see now (assigned, stage open), with its stage; None otherwise.
    Whether they declared a conflict is checked by the caller (see `evaluator_declaration`)."""
    application = Application.objects.filter(_assigned_q(user), pk=application_id).select_related("call").first()
    if application is None:
        return None
    return application, STATUS_STAGE[application.status]


def evaluator_recusal(*, user, application: Application, stage: int) -> ConflictDeclaration | None:
    """The conflict the evaluator declared for the application at this stage or an earlier one."""
    return (ConflictDeclaration.objects.filter(_recused_q(evaluator=user, application=application, stage=stage))
            .order_by("stage").first())


def evaluator_declaration(*, user, application: Application, stage: int) -> ConflictDeclaration | None:
    """The declaration in force for the stage: a conflict declared at an earlier stage, else the stage's own."""
    declarations = list(ConflictDeclaration.objects.filter(
        evaluator=user, application=application, stage__lte=stage).order_by("stage"))
    conflicts = [d for d in declarations if d.has_conflict]
    if conflicts:
        return conflicts[0]
    return next((d for d in declarations if d.stage == stage), None)


def evaluator_scorecard(*, user, application: Application, stage: int) -> Scorecard | None:
    return Scorecard.objects.filter(evaluator=user, application=application, stage=stage).first()


def evaluator_can_open(*, user, application_id: int) -> tuple[Application, int] | None:
    """Assigned, stage open, and declared free of conflict: the evaluator may read and score it."""
    found = evaluator_application_get(user=user, application_id=application_id)
    if found is None:
        return None
    application, stage = found
    declaration = evaluator_declaration(user=user, application=application, stage=stage)
    declared = declaration is not None and not declaration.has_conflict
    return found if declared else None


# ---------------------------------------------------------------------------------------------
# Staff dashboard
# ---------------------------------------------------------------------------------------------

def dashboard_calls(*, limit: int = 6) -> list[dict]:
    """Per recent call: counts per status, outstanding evaluations per evaluator, score histogram."""
    calls = list(Call.objects.order_by("-opens_at")[:limit])
    if not calls:
        return []
    call_ids = [c.pk for c in calls]
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in (Application.objects.filter(call_id__in=call_ids).values("call_id", "status")
                .annotate(n=Count("id")).order_by()):
        counts[row["call_id"]][row["status"]] = row["n"]

    outstanding = evaluator_outstanding(call_ids=call_ids)
    histograms = score_histograms(call_ids=call_ids)
    result = []
    for call in calls:
        result.append({
            "call": call,
            "statuses": [(s.label, counts[call.pk][s.value], s.value) for s in Status],
            "total": sum(counts[call.pk].values()),
            "outstanding": outstanding.get(call.pk, []),
            "histogram": histograms.get(call.pk),
        })
    return result


def evaluator_outstanding(*, call_ids: list[int]) -> dict[int, list[dict]]:
    """Per call: each assigned evaluator, the applications they must still score in the open stage."""
    result: dict[int, list[dict]] = defaultdict(list)
    assignments = Assignment.objects.filter(call_id__in=call_ids).select_related("evaluator").order_by(
        "call_id", "stage", "evaluator__name")
    in_stage = {
        (row["call_id"], row["status"]): row["n"]
        for row in Application.objects.filter(call_id__in=call_ids, status__in=list(STATUS_STAGE))
        .values("call_id", "status").annotate(n=Count("id")).order_by()
    }
    done = Counter()
    for row in (Scorecard.objects.filter(application__call_id__in=call_ids, submitted_at__isnull=False)
                .filter(Q(stage=1, application__status=Status.STAGE1) | Q(stage=2, application__status=Status.STAGE2))
                .values("application__call_id", "stage", "evaluator_id").annotate(n=Count("id")).order_by()):
        done[(row["application__call_id"], row["stage"], row["evaluator_id"])] += row["n"]
    # a recusal counts as done; a conflict declared at stage 1 stays in force at stage 2
    for row in (ConflictDeclaration.objects.filter(application__call_id__in=call_ids, has_conflict=True)
                .filter(Q(stage=1, application__status=Status.STAGE1)
                        | Q(stage__lte=2, application__status=Status.STAGE2))
                .values("application__call_id", "application__status", "evaluator_id")
                .annotate(n=Count("application_id", distinct=True)).order_by()):
        stage = STATUS_STAGE[row["application__status"]]
        done[(row["application__call_id"], stage, row["evaluator_id"])] += row["n"]
    for a in assignments:
        total = in_stage.get((a.call_id, STAGE_STATUS[a.stage].value), 0)
        finished = done[(a.call_id, a.stage, a.evaluator_id)]
        result[a.call_id].append({
            "assignment_id": a.pk, "evaluator": a.evaluator, "stage": a.get_stage_display(), "total": total,
            "done": finished, "outstanding": max(total - finished, 0),
        })
    return result


HISTOGRAM_BINS = 10


def score_histograms(*, call_ids: list[int]) -> dict[int, dict]:
    """Per call: how many scorecard totals fall in each tenth of the maximum (both stages)."""
    max_points = {
        (row["call_id"], row["stage"]): row["m"]
        for row in EvaluationCriterion.objects.filter(call_id__in=call_ids).values("call_id", "stage")
        .annotate(m=Sum("max_points")).order_by()
    }
    bins: dict[int, list[int]] = {}
    for row in (Scorecard.objects.filter(application__call_id__in=call_ids, submitted_at__isnull=False)
                .values("application__call_id", "stage", "total")):
        call_id = row["application__call_id"]
        top = max_points.get((call_id, row["stage"])) or 100
        index = min(int(Decimal(row["total"]) * HISTOGRAM_BINS / top), HISTOGRAM_BINS - 1)
        bins.setdefault(call_id, [0] * HISTOGRAM_BINS)[index] += 1
    return {call_id: svg_bars(counts) for call_id, counts in bins.items()}


def svg_bars(counts: list[int], *, width: int = 320, height: int = 120) -> dict:
    """Geometry of a bar chart drawn as inline SVG by the template (no script)."""
    peak = max(counts) or 1
    slot = width / len(counts)
    bars = []
    for i, count in enumerate(counts):
        h = round((height - 32) * count / peak, 1)
        bars.append({
            "x": round(i * slot + 2, 1), "y": round(height - 16 - h, 1), "w": round(slot - 4, 1), "h": h,
            "count": count, "label": f"{i * 100 // len(counts)}–{(i + 1) * 100 // len(counts)}",
            "label_x": round(i * slot + slot / 2, 1), "count_y": round(height - 18 - h, 1),
        })
    return {"width": width, "height": height, "bars": bars, "total": sum(counts), "baseline": height - 16,
            "label_y": height - 3}


def application_slot(*, application: Application) -> PresentationSlot | None:
    return PresentationSlot.objects.filter(application=application).select_related("call").first()

