"""The browser-test helpers themselves: the Chromium rule (skip locally, fail in CI), reports, paths."""

from pathlib import Path

import pytest

from .browser import Screenshots, format_violations, require_chromium

MISSING = Path("/nonexistent/chromium")


def test_missing_chromium_skips_on_a_developer_machine():
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        require_chromium(MISSING, environ={})


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_missing_chromium_fails_in_ci(value):
    with pytest.raises(pytest.fail.Exception, match="cannot be skipped in CI"):
        require_chromium(MISSING, environ={"CI": value})


def test_ci_false_still_skips():
    with pytest.raises(pytest.skip.Exception):
        require_chromium(MISSING, environ={"CI": "false"})


def test_present_chromium_neither_skips_nor_fails(tmp_path):
    executable = tmp_path / "chromium"
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    require_chromium(executable, environ={"CI": "true"})


def test_violations_are_listed_readably():
    report = format_violations(
        [{
            "id": "color-contrast", "impact": "serious",
            "help": "Elements must meet minimum color contrast ratio thresholds",
            "helpUrl": "https://dequeuniversity.com/rules/axe/4.14/color-contrast",
            "nodes": [{"target": f".btn-{n}", "summary": "Fix any of the following:\n  contrast 3.1:1"}
                      for n in range(7)],
        }],
        where="/ (lang=ko, 1280px)",
    )
    assert report.splitlines()[0] == "1 serious or critical accessibility violation(s) on / (lang=ko, 1280px):"
    assert "- [serious] color-contrast: Elements must meet minimum color contrast ratio thresholds" in report
    assert "    .btn-0: Fix any of the following: contrast 3.1:1" in report
    assert "… and 2 more element(s)" in report


def test_screenshots_are_named_by_journey_language_width_and_step(tmp_path):
    shots = Screenshots("visitor", root=tmp_path)
    assert shots.path(lang="ko", width=375, step="1-home") == tmp_path / "visitor" / "ko-375-1-home.png"
