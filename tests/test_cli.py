"""The command line, driven through click's CliRunner and, for pipes, a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import packs
from helpers.paths import GOLDEN, SAMPLE

from cleaner import __version__, apply_edits
from cleaner.cli import main
from cleaner.model import default_model
from cleaner.report.json_report import edits_from_report

GOLDEN_TEXT = (GOLDEN / "taiyuan.clean.txt").read_text(encoding="utf-8")


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_clean_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", str(SAMPLE)])
    assert result.exit_code == 0
    assert result.stdout == GOLDEN_TEXT


def test_clean_writes_text_report_and_diff(runner: CliRunner, tmp_path: Path) -> None:
    out, report_path, diff_path = tmp_path / "clean.txt", tmp_path / "report.json", tmp_path / "changes.patch"
    result = runner.invoke(main, ["clean", str(SAMPLE), "-o", str(out), "--report", str(report_path), "--diff", str(diff_path)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == GOLDEN_TEXT
    report = json.loads(report_path.read_text(encoding="utf-8"))
    source = SAMPLE.read_text(encoding="utf-8")
    assert report["source"]["encoding"] == "utf-8"
    assert len(report["source"]["sha256"]) == 64
    assert apply_edits(source, edits_from_report(report)) == GOLDEN_TEXT
    doubles = {"LX10", "LX11"} if default_model() is not None else {"LX01", "LX02"}  # the model's rules, or the word list's
    assert set(report["stats"]["per_rule"]) >= {"LY01", "LY02", "LX03", "LX04", "LX05"} | doubles
    for edit in report["edits"]:
        assert {"id", "rule", "stage", "start", "end", "before", "after", "safety", "applied"} <= set(edit)
    diff = diff_path.read_text(encoding="utf-8")
    assert "@@" in diff and "LX05" in diff and "LY01" in diff


@pytest.mark.skipif(shutil.which("patch") is None, reason="GNU patch is not installed")
def test_diff_applies_with_patch(runner: CliRunner, tmp_path: Path) -> None:
    copy = tmp_path / "doc.txt"
    shutil.copy(SAMPLE, copy)
    diff_path = tmp_path / "changes.patch"
    runner.invoke(main, ["clean", str(copy), "-o", str(tmp_path / "ignored.txt"), "--diff", str(diff_path)])
    subprocess.run(["patch", "--quiet", str(copy), str(diff_path)], check=True)
    assert copy.read_text(encoding="utf-8") == GOLDEN_TEXT


def test_unsafe_suggestions_are_reported_not_applied(runner: CliRunner, tmp_path: Path) -> None:
    pack = packs.pack("unsafe_guess")
    report_path = tmp_path / "r.json"
    result = runner.invoke(main, ["clean", str(SAMPLE), "--rules", str(pack), "--report", str(report_path),
                                  "-o", str(tmp_path / "o.txt")])
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    suggestions = [e for e in report["edits"] if e["rule"] == "LX90"]
    assert suggestions and not any(e["applied"] for e in suggestions)
    assert (tmp_path / "o.txt").read_text(encoding="utf-8") == GOLDEN_TEXT
    runner.invoke(main, ["clean", str(SAMPLE), "--rules", str(pack), "--unsafe", "-o", str(tmp_path / "u.txt")])
    assert "加强" not in (tmp_path / "u.txt").read_text(encoding="utf-8")


def test_disable_a_rule(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", str(SAMPLE), "--disable", "LX05"])
    assert result.exit_code == 0
    assert "类烦" in result.stdout and "发展初性" in result.stdout


def test_jsonl_keeps_fields_and_adds_edits(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 7, "text": "发展初性明显增强。", "meta": {"page": 3}}, ensure_ascii=False) + "\n"
        + json.dumps({"id": 8, "text": "千方百计稳就业。"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["clean", "--jsonl", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [7, 8]
    assert records[0]["meta"] == {"page": 3}
    assert records[0]["text"] == "发展韧性明显增强。"  # a record keeps its form: no final newline added
    assert records[0]["edits"][0]["rule"] == "LX05"
    assert records[1]["text"] == "千方百计稳就业。" and records[1]["edits"] == []


def test_stdin_to_stdout_in_a_real_pipe() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "-"],
        input=SAMPLE.read_bytes(), capture_output=True, check=True,
    )
    assert proc.stdout.decode("utf-8") == GOLDEN_TEXT


def test_rules_list_show_test(runner: CliRunner) -> None:
    listing = runner.invoke(main, ["rules", "list"])
    assert listing.exit_code == 0 and "LY01" in listing.output and "layout.page_continuation_marker" in listing.output
    shown = runner.invoke(main, ["rules", "show", "LY01"])
    assert shown.exit_code == 0 and "（下转第4版）" in shown.output and "Passes" in shown.output
    tested = runner.invoke(main, ["rules", "test"])
    assert tested.exit_code == 0 and " 0 failed" in tested.output


def test_rules_test_reports_a_failing_example(runner: CliRunner, tmp_path: Path) -> None:
    pack = packs.pack("wrong_example")
    result = runner.invoke(main, ["rules", "test", str(pack)])
    assert result.exit_code == 1
    assert "FAIL LX91 fail example" in result.output


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "bin.dat", b"\x00\x01\x02\x03PNG\x00\x00"), "binary file"),
        (lambda d: _write(d / "bad.txt", bytes(range(0x80, 0x100)) * 3), "cannot decode with confidence"),
        (lambda d: _write(d / "empty.txt", b""), "empty file"),
    ],
    ids=["missing", "directory", "binary", "undecodable", "empty"],
)
def test_bad_input_gets_one_line_and_nonzero_exit(runner: CliRunner, tmp_path: Path, make: Callable[[Path], Path],
                                                   message: str) -> None:
    path = make(tmp_path)
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0]


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_malformed_rule_file_names_file_line_and_field(runner: CliRunner, tmp_path: Path) -> None:
    pack = packs.pack("missing_fields")
    result = runner.invoke(main, ["clean", str(SAMPLE), "--rules", str(pack)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and f"{pack}:1" in line and "LX92" in line and "'description'" in line


def test_invalid_toml_names_the_line(runner: CliRunner, tmp_path: Path) -> None:
    pack = packs.pack("bad_toml")
    result = runner.invoke(main, ["rules", "test", str(pack)])
    assert result.exit_code == 2
    assert str(pack) in result.stderr and "line 2" in result.stderr


def test_unknown_rule_code(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", str(SAMPLE), "--disable", "ZZ99"])
    assert result.exit_code == 2 and "ZZ99" in result.stderr
    shown = runner.invoke(main, ["rules", "show", "LX77"])
    assert shown.exit_code == 2 and "LX77" in shown.stderr


def test_output_equal_to_input_is_refused_unless_in_place(runner: CliRunner, tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    shutil.copy(SAMPLE, doc)
    refused = runner.invoke(main, ["clean", str(doc), "-o", str(doc)])
    assert refused.exit_code == 2 and "--in-place" in refused.stderr
    assert doc.read_bytes() == SAMPLE.read_bytes()
    done = runner.invoke(main, ["clean", str(doc), "-o", str(doc), "--in-place"])
    assert done.exit_code == 0
    assert doc.read_text(encoding="utf-8") == GOLDEN_TEXT
    assert (tmp_path / "doc.txt.bak").read_bytes() == SAMPLE.read_bytes()


def test_rules_hash_follows_the_options_that_change_the_output() -> None:
    from cleaner.pipeline import Cleaner, Config

    base = Cleaner(Config()).rules_hash
    assert Cleaner(Config()).rules_hash == base
    assert Cleaner(Config(paragraphs="line")).rules_hash != base
    assert Cleaner(Config(convert="t2s")).rules_hash != Cleaner(Config(convert="s2t")).rules_hash
    assert Cleaner(Config(protect=frozenset({"类烦"}))).rules_hash != base
