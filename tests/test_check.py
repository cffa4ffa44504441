"""`cleaner check FILES`: one line per edit and suspect, for CI and editors; exit 1 when a file would change."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from cleaner.cli import main

DIRTY = "第一段。\n\n发展初性明显增强。\n"
CLEAN = "第一段。\n\n发展韧性明显增强。\n"


def files(tmp_path: Path) -> tuple[Path, Path]:
    dirty, clean = tmp_path / "dirty.txt", tmp_path / "clean.txt"
    dirty.write_text(DIRTY, encoding="utf-8")
    clean.write_text(CLEAN, encoding="utf-8")
    return dirty, clean


def test_text_format_names_path_line_column_and_code(runner: CliRunner, tmp_path: Path) -> None:
    dirty, clean = files(tmp_path)
    result = runner.invoke(main, ["check", str(dirty), str(clean)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{dirty}:3:3: LX05 ")  # 初 is the third character of line 3
    assert "初" in lines[0] and "韧" in lines[0]
    assert not any(line.startswith(str(clean)) for line in lines)
    assert re.search(r"1 file would change", result.stderr)


def test_a_clean_file_exits_0_and_prints_nothing(runner: CliRunner, tmp_path: Path) -> None:
    _, clean = files(tmp_path)
    result = runner.invoke(main, ["check", str(clean)])
    assert result.exit_code == 0 and result.stdout == ""


def test_json_format(runner: CliRunner, tmp_path: Path) -> None:
    dirty, _ = files(tmp_path)
    result = runner.invoke(main, ["check", str(dirty), "--format", "json"])
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert items == [{
        "path": str(dirty), "line": 3, "column": 3, "end_line": 3, "end_column": 5, "code": "LX05",
        "kind": "edit", "message": items[0]["message"], "before": "初性", "after": "韧性",
    }]


def test_github_format(runner: CliRunner, tmp_path: Path) -> None:
    dirty, _ = files(tmp_path)
    result = runner.invoke(main, ["check", str(dirty), "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"::error file={dirty},line=3,col=3,endLine=3,endColumn=5,title=LX05::")


def test_suggestions_and_suspects_are_listed_but_do_not_fail(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "quote.txt"
    doc.write_text("他说：“我们要坚持下去。\n", encoding="utf-8")  # an unbalanced quote: a suspect
    result = runner.invoke(main, ["check", str(doc)])
    assert result.exit_code == 0
    assert re.search(rf"^{re.escape(str(doc))}:1:4: SU\d\d ", result.stdout, re.M)


def test_unreadable_file_is_an_error_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "missing.txt: no such file" in result.stderr
