"""App configuration of evaluations: staff review, the committee's scoring, ranking and decisions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("Evaluation")
