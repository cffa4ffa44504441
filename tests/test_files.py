"""Files: modes, --in-place, directory outputs, two outputs on standard output."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli import main
from cleaner.io import atomic_write

DIRTY = "发展初性明显增强。\n"
CLEAN = "发展韧性明显增强。\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_outputs_respect_the_umask(runner: CliRunner, tmp_path: Path, umask_022: None) -> None:
    src = tmp_path / "in.txt"
    src.write_text(DIRTY, encoding="utf-8")
    out, report = tmp_path / "out.txt", tmp_path / "r.json"
    assert runner.invoke(main, ["clean", str(src), "-o", str(out), "--report", str(report)]).exit_code == 0
    assert mode(out) == mode(report) == 0o644
    atomic_write(tmp_path / "direct.txt", "x")
    assert mode(tmp_path / "direct.txt") == 0o644


def test_batch_outputs_respect_the_umask(runner: CliRunner, tmp_path: Path, umask_022: None) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(DIRTY, encoding="utf-8")
    assert runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "-q"]).exit_code == 0
    assert mode(tmp_path / "out" / "a.txt") == mode(tmp_path / "out" / "a.txt.report.json") == 0o644
    # and a streamed (bigger than the memory budget) file too
    assert runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out2"), "-q", "--memory-budget", "1"]).exit_code == 0
    assert mode(tmp_path / "out2" / "a.txt") == 0o644


def test_replacing_a_file_keeps_its_mode(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o640)
    atomic_write(out, "new")
    assert mode(out) == 0o640


def test_in_place_edits_the_file_and_keeps_its_mode(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "f.txt"
    src.write_text(DIRTY, encoding="utf-8")
    src.chmod(0o664)
    result = runner.invoke(main, ["clean", str(src), "--in-place"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert src.read_text(encoding="utf-8") == CLEAN
    assert mode(src) == 0o664
    assert (tmp_path / "f.txt.bak").read_text(encoding="utf-8") == DIRTY


def test_a_second_in_place_run_keeps_the_original_backup(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "f.txt"
    src.write_text(DIRTY, encoding="utf-8")
    assert runner.invoke(main, ["clean", str(src), "--in-place"]).exit_code == 0
    result = runner.invoke(main, ["clean", str(src), "--in-place"])
    assert result.exit_code == 0
    assert (tmp_path / "f.txt.bak").read_text(encoding="utf-8") == DIRTY  # the original is never lost


def test_in_place_with_another_output_or_stdin_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "f.txt"
    src.write_text(DIRTY, encoding="utf-8")
    other = runner.invoke(main, ["clean", str(src), "--in-place", "-o", str(tmp_path / "o.txt")])
    assert other.exit_code == 2 and "--in-place" in other.stderr
    stdin = runner.invoke(main, ["clean", "-", "--in-place"], input=DIRTY)
    assert stdin.exit_code == 2 and "--in-place" in stdin.stderr
    assert src.read_text(encoding="utf-8") == DIRTY


@pytest.mark.parametrize("option", ["-o", "--report", "--diff", "--html"])
def test_a_directory_as_output_is_refused_before_any_output(runner: CliRunner, tmp_path: Path, option: str) -> None:
    src = tmp_path / "f.txt"
    src.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "some_dir").mkdir()
    args = ["clean", str(src), option, str(tmp_path / "some_dir") + "/"]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "is a directory" in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""  # refused before the text went anywhere


@pytest.mark.parametrize("option", ["--report", "--html", "--diff"])
def test_two_outputs_on_stdout_are_refused(runner: CliRunner, tmp_path: Path, option: str) -> None:
    src = tmp_path / "f.txt"
    src.write_text(DIRTY, encoding="utf-8")
    result = runner.invoke(main, ["clean", str(src), option, "-"])
    assert result.exit_code == 2 and "standard output" in result.stderr
    assert result.stdout == ""
    alone = runner.invoke(main, ["clean", str(src), "-o", str(tmp_path / "o.txt"), option, "-"])
    assert alone.exit_code == 0 and alone.stdout


def test_in_place_jsonl_keeps_a_backup(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    original = '{"text": "发展初性明显增强。"}\n'
    src.write_text(original, encoding="utf-8")
    result = runner.invoke(main, ["clean", "--jsonl", str(src), "--in-place"])
    assert result.exit_code == 0, result.output
    assert "韧性" in src.read_text(encoding="utf-8")
    assert (tmp_path / "r.jsonl.bak").read_text(encoding="utf-8") == original
