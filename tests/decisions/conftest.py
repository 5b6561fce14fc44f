"""Fixtures of the decision tests: the exemption tests' tenant, types and staff."""

from tests.exemptions.conftest import staff, tenant, types  # noqa: F401
