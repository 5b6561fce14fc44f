"""Reads of decisions: the notice of a subject's decision."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from .models import DecisionNotice


def decision_notice_for(*, subject) -> DecisionNotice | None:
    """The latest notice given about `subject` (an application, an exemption request), or None."""
    return (DecisionNotice.objects.filter(content_type=ContentType.objects.get_for_model(subject),
                                          object_id=subject.pk).order_by("-notice_date", "-id").first())
