"""Personal-data file of evaluations: who evaluated what, their declarations and scores (privacy/registry.py)."""

import dataclasses

from django.utils.translation import gettext_lazy as _

from privacy.registry import DESTROY_ELECTRONIC, Basis, Erasure, PersonalDataFile, Retention, Subject, Table, register
from privacy.retention import field_rule, register_rule

RETENTION = Retention("PRIVACY_APPLICATION_RETENTION_DAYS", 5 * 365, after=_("the call closes"))

register(PersonalDataFile(
    key="evaluations", name=_("Evaluation records"),
    subjects=(Subject.EVALUATOR, Subject.STAFF),
    purpose=_("Running a fair evaluation: assignments, conflict-of-interest declarations and scorecards"),
    items=_("evaluator's account and name, declarations with notes, scores and comments"),
    basis=Basis.STATUTE, basis_detail=_("the evaluation committee's appointment and the call for applications"),
    retention=RETENTION,
    destruction=DESTROY_ELECTRONIC,
    tables=(
        Table(model="evaluations.Assignment", fields=("evaluator", "assigned_by"), owner="evaluator",
              erasure=Erasure.KEEP),
        Table(model="evaluations.ConflictDeclaration", fields=("evaluator", "note"), owner="evaluator",
              erasure=Erasure.KEEP),
        Table(model="evaluations.Scorecard", fields=("evaluator", "reopened_by"), owner="evaluator",
              erasure=Erasure.KEEP),
        # The evaluator's comment on each criterion: their opinion of the applicant, kept with the scores.
        Table(model="evaluations.ScoreItem", fields=("comment",), owner="scorecard__evaluator",
              erasure=Erasure.KEEP),
    ),
))

for model, counted_from, what, with_rows in (
    ("evaluations.Assignment", "call__closes_at", _("evaluator assignments"), ()),
    ("evaluations.ConflictDeclaration", "application__call__closes_at", _("conflict-of-interest declarations"), ()),
    # A scorecard's items (scores and comments) go with it.
    ("evaluations.Scorecard", "application__call__closes_at", _("scorecards with their scores"),
     (("evaluations.ScoreItem", ()),)),
):
    rule = field_rule(key=model.lower(), file="evaluations", what=what, retention=RETENTION, model=model,
                      counted_from=counted_from)
    register_rule(dataclasses.replace(rule, covers=rule.covers + with_rows))
