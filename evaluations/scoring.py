"""Pure arithmetic of the evaluation: trimmed means, weighted final scores, ranking and decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def stage_score(totals: list[int], *, trim_extremes_from: int) -> Decimal | None:
    """Mean of the evaluators' totals, dropping the highest and lowest when there are at least
    `trim_extremes_from` of them (0 = never; at least three are needed so that one remains)."""
    if not totals:
        return None
    values = sorted(totals)
    if trim_extremes_from and len(values) >= max(trim_extremes_from, 3):
        values = values[1:-1]
    return (Decimal(sum(values)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def final_score(
    stage1: Decimal | None, stage2: Decimal | None, *, stage1_weight: Decimal, stage2_weight: Decimal,
) -> Decimal | None:
    """stage1_weight × stage 1 + stage2_weight × stage 2; None while a weighted stage has no score."""
    total = Decimal(0)
    for score, weight in ((stage1, stage1_weight), (stage2, stage2_weight)):
        if weight:
            if score is None:
                return None
            total += Decimal(weight) * score
    return total.quantize(CENT, ROUND_HALF_UP)


class Decision:
    SELECT = "select"
    WAITLIST = "waitlist"
    NOT_SELECT = "not_select"


@dataclass
class Entry:
    application_id: int
    submitted_at: datetime | None
    stage1: Decimal | None
    stage2: Decimal | None
    final: Decimal | None = None
    passed: bool = False
    rank: int | None = None
    decision: str = ""
    extra: dict = field(default_factory=dict)


def _sort_key(entry: Entry):
    def desc(value):
        return (value is None, -(value or 0))

    return (*desc(entry.final), *desc(entry.stage2), *desc(entry.stage1),
            entry.submitted_at is None, entry.submitted_at or datetime.max, entry.application_id)


def rank(
    entries: list[Entry], *, pass_mark: Decimal, stage1_weight: Decimal, stage2_weight: Decimal,
) -> list[Entry]:
    """Order by final score; ties broken by stage 2, then stage 1, then earlier submission.

    Below the pass mark (or without a final score) an applicant fails whatever its rank."""
    for entry in entries:
        entry.final = final_score(entry.stage1, entry.stage2, stage1_weight=stage1_weight,
                                  stage2_weight=stage2_weight)
        entry.passed = entry.final is not None and entry.final >= Decimal(pass_mark)
    ordered = sorted(entries, key=_sort_key)
    for position, entry in enumerate(ordered, start=1):
        entry.rank = position
    return ordered


def decide(ranked: list[Entry], *, places: int) -> list[Entry]:
    """The first `places` passing applicants are selected, the other passing ones waitlisted in rank
    order, the rest not selected."""
    selected = 0
    for entry in ranked:
        if not entry.passed:
            entry.decision = Decision.NOT_SELECT
        elif selected < places:
            entry.decision = Decision.SELECT
            selected += 1
        else:
            entry.decision = Decision.WAITLIST
    return ranked
