"""Demo data of evaluations: the two demo evaluators sit on the committee of call 2026-1, stage 1."""

from applications.models import Call

from .models import Assignment, Stage

DEMO_EVALUATORS = ["evaluator@demo.yangjae-ai.kr", "evaluator2@demo.yangjae-ai.kr"]


def seed_evaluations(*, users, building=None, stdout=None) -> None:
    call = Call.objects.filter(code="2026-1").first()
    if call is None:
        return
    staff = users.get("staff@demo.yangjae-ai.kr")
    for email in DEMO_EVALUATORS:
        evaluator = users.get(email)
        if evaluator is not None:
            Assignment.objects.get_or_create(
                evaluator=evaluator, call=call, stage=Stage.WRITTEN, defaults={"assigned_by": staff}
            )
