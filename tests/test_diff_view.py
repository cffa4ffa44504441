"""`cleaner diff` without colour, its windows, and separator-only edits hidden in the diff and the page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import SAMPLE

from cleaner.cli import main
from cleaner.pipeline import Cleaner
from cleaner.report.html import render_html
from cleaner.report.json_report import build_report

# One paragraph per line (common), with one real repair: every line break is a separator edit.
PER_LINE = "".join(f"第{n}段，我们坚持稳中求进工作总基调。\n" for n in range(1, 40)) + "对类烦农村改厕。\n"


def test_no_color_marks_deletions_and_insertions(runner: CliRunner) -> None:
    result = runner.invoke(main, ["diff", str(SAMPLE), "--no-color"])
    assert "[-类烦-]{+娄烦+}" in result.output


def test_piped_diff_has_markers_too() -> None:
    proc = subprocess.run([sys.executable, "-m", "cleaner", "diff", str(SAMPLE)], capture_output=True, text=True)
    assert "[-类烦-]{+娄烦+}" in proc.stdout and "\x1b[" not in proc.stdout


def test_each_change_is_shown_in_a_window_not_a_whole_paragraph(runner: CliRunner, tmp_path: Path) -> None:
    # A 1,000-character paragraph with a repair every 10 characters: the changes chain, the window must not.
    doc = tmp_path / "long.txt"
    doc.write_text("对类烦农村改厕，推进。" * 100 + "\n", encoding="utf-8")
    result = runner.invoke(main, ["diff", str(doc), "--no-color", "--context", "12"])
    lines = result.output.splitlines()
    assert len(lines) >= 10
    assert max(len(line) for line in lines) < 160


def test_separator_only_edits_are_hidden_unless_asked(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "lines.txt"
    doc.write_text(PER_LINE, encoding="utf-8")
    result_hidden = runner.invoke(main, ["diff", str(doc), "--no-color"])
    shown = result_hidden.stdout.splitlines()
    assert [line for line in shown if "LX05" in line] and not [line for line in shown if "LY12" in line]
    assert "separator" in result_hidden.stderr and "--separators" in result_hidden.stderr  # says how many were hidden
    every = runner.invoke(main, ["diff", str(doc), "--no-color", "--separators"]).output
    assert every.count("LY12") >= 39


@pytest.mark.browser
def test_review_page_hides_separator_edits_until_asked(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    result = Cleaner().clean(PER_LINE)
    report = build_report(result, profile="default", rules=Cleaner().all_rules)
    page_path = tmp_path / "review.html"
    page_path.write_text(render_html(report, PER_LINE), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless"])
        page = browser.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector("body[data-ready='1']")
        rules = page.evaluate("cleanerReview.order().map(it => it.rule)")
        assert rules == ["LX05"]
        page.check("#f-sep")
        rules = page.evaluate("cleanerReview.order().map(it => it.rule)")
        assert rules.count("LY12") >= 39 and "LX05" in rules
        browser.close()
