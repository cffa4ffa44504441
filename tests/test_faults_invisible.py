"""Invisible characters do not pass silently: zero-width characters and soft hyphens inside Chinese
runs are removed (CH30); bidirectional controls (CH31) and control characters (CH32) are suggestions,
applied with --unsafe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import clean_text
from cleaner.cli import main


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"])
def test_zero_width_inside_chinese_is_removed_as_a_safe_edit(char: str) -> None:
    result = clean_text(f"太原{char}市人民{char}{char}群众。\n")
    assert result.text == "太原市人民群众。\n"
    assert {e.rule for e in result.edits} == {"CH30"}


@pytest.mark.parametrize(("text", "code"), [
    ("账户\u202e1000\u202c余额。\n", "CH31"),
    ("\u2066重要\u2069通知。\n", "CH31"),
    ("文件\u001b[2J内容。\n", "CH32"),
    ("第一段\u0085落。\n", "CH32"),
    ("第一\u0007段落。\n", "CH32"),
])
def test_bidi_and_control_characters_are_flagged_and_removed_with_unsafe(runner: CliRunner, tmp_path: Path, text: str,
                                                                         code: str) -> None:
    doc, report = tmp_path / "d.txt", tmp_path / "r.json"
    doc.write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["clean", str(doc), "--report", str(report)])
    assert result.exit_code == 0 and result.stdout == text  # reported, not applied
    edits = [e for e in json.loads(report.read_text(encoding="utf-8"))["edits"] if e["rule"] == code]
    assert edits and all(not e["applied"] and e["after"] == "" for e in edits)
    unsafe = runner.invoke(main, ["clean", str(doc), "--unsafe"])
    assert unsafe.exit_code == 0
    assert not any(ch in unsafe.stdout for ch in "\u202e\u202c\u2066\u2069\u001b\u0085\u0007")


def test_invisible_characters_outside_chinese_runs_are_kept() -> None:
    for text in ("co\u00adoperation\n", "👩\u200d💻\n", "zero\u200bwidth\n"):
        assert clean_text(text).text == text
