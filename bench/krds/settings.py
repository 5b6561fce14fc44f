"""Test settings for bench/krds/measure.py: both ways of adopting KRDS can be served by one live server.

The templates of the whole-KRDS way (a base without Bootstrap, the application step and the "krds"
crispy-forms template pack) live in bench/krds/templates and are put first by the measurement only."""

from portal.settings.test import *  # noqa: F403
from portal.settings.test import BASE_DIR, STATICFILES_DIRS

CRISPY_ALLOWED_TEMPLATE_PACKS = ("bootstrap5", "krds")
BENCH_KRDS_TEMPLATES = BASE_DIR / "bench" / "krds" / "templates"
# KRDS's own script (its header, menus and components) for the whole-KRDS page.
STATICFILES_DIRS = [*STATICFILES_DIRS,
                    ("vendor/krds-uiux", BASE_DIR / "node_modules" / "krds-uiux" / "resources" / "cdn")]
