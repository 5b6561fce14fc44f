"""The registry of personal-data files covers every model field that holds personal data, found from
the models themselves (privacy/registry.py)."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models

from privacy.registry import NOT_PERSONAL_FIELDS, NOT_PERSONAL_MODELS, RECIPIENTS, files, registered_fields, tables

REPOSITORY = Path(settings.BASE_DIR).resolve()
# The project's own apps: those of INSTALLED_APPS whose code is in this repository (not an installed package).
PROJECT_APPS = {config.label for config in apps.get_app_configs()
                if Path(config.path).resolve().is_relative_to(REPOSITORY)
                and "site-packages" not in Path(config.path).resolve().parts}
PERSONAL_NAME = re.compile(
    r"(^|_)(name|phone|e?mail|address|birth|passport|registration|ip|user_agent|contact|representative|ceo|"
    r"nationality|resident)(_|$)"
)


def _looks_personal(field: models.Field) -> bool:
    if isinstance(field, (models.EmailField, models.GenericIPAddressField, models.FileField)):
        return True
    if field.is_relation and field.related_model is get_user_model():
        return True
    return bool(PERSONAL_NAME.search(field.name))


def _base(model):
    """A change-history model (simple_history) stands for the model it records."""
    return getattr(model, "instance_type", model)


def personal_fields_in_models() -> set[tuple[str, str]]:
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        base = _base(model)
        for field in model._meta.concrete_fields:
            if base is not model and field.name.startswith("history_"):
                continue  # who made a change and when: the account is anonymised, the record stays
            if _looks_personal(field):
                found.add((base._meta.label_lower, field.name))
    return found


def test_the_search_covers_every_project_app():
    assert {"portal", "accounts", "privacy", "decisions", "applications", "compute", "demo"} <= PROJECT_APPS
    assert not {"auth", "admin", "contenttypes", "django_celery_beat", "simple_history"} & PROJECT_APPS


def test_every_personal_field_is_registered_or_explained():
    registered = registered_fields()
    missing = sorted(
        f"{label}.{name}" for label, name in personal_fields_in_models()
        if (label, name) not in registered and label not in NOT_PERSONAL_MODELS
        and f"{label}.{name}" not in NOT_PERSONAL_FIELDS
    )
    assert not missing, (
        "Fields that look like personal data are neither in a personal-data file (privacy/registry.py, "
        f"<app>/privacy.py) nor in its reviewed exceptions: {missing}"
    )


def test_the_exceptions_name_real_fields_and_no_registered_one():
    labels = {model._meta.label_lower: model for model in apps.get_models()}
    for label in NOT_PERSONAL_MODELS:
        assert label in labels, label
    registered = registered_fields()
    for dotted in NOT_PERSONAL_FIELDS:
        label, name = dotted.rsplit(".", 1)
        labels[label]._meta.get_field(name)
        assert (label, name) not in registered, dotted


def test_every_file_is_complete():
    assert {file.key for file in files()} >= {
        "account", "security_log", "notifications", "applications", "evaluations", "tenancy", "bookings",
        "billing", "exemptions",
    }
    for file in files():
        assert file.name and file.purpose and file.items and file.destruction and file.subjects, file.key
        assert hasattr(settings, file.retention.setting), f"{file.key}: {file.retention.setting} is not a setting"
        for key in file.recipients:
            assert hasattr(settings, RECIPIENTS[key].name_setting)
    for _file, table in tables():
        model = table.model_class
        for name in table.fields:
            model._meta.get_field(name)  # FieldDoesNotExist for a typo
        if isinstance(table.owner, str):
            assert model._default_manager.filter(**{table.owner: None}).query is not None  # FieldError for a bad path


@pytest.mark.parametrize("dotted", ["applications.application.contact_email", "exemptions.exemptionrequest.filed_by",
                                    "decisions.decisionwording.contact_phone"])
def test_the_search_finds_known_personal_fields(dotted):
    label, name = dotted.rsplit(".", 1)
    assert (label, name) in personal_fields_in_models()
