"""`cleaner clean` loses nothing under faults: outputs never land on inputs, a full disk is an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.disk import small_tmpfs
from helpers.paths import SAMPLE

from cleaner.cli import main

CLEANER = [sys.executable, "-m", "cleaner"]


@pytest.mark.parametrize("option", ["--report", "--diff", "--html", "-o"])
def test_no_output_lands_on_the_input(runner: CliRunner, tmp_path: Path, option: str) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("好", encoding="utf-8")
    args = ["clean", str(doc), "-o", str(tmp_path / "o.txt"), option, str(doc)]
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "would overwrite the input file" in result.stderr
    assert doc.read_text(encoding="utf-8") == "好"


@pytest.mark.parametrize(("first", "second"), [("-o", "--report"), ("--report", "--html"), ("--diff", "--report")])
def test_two_outputs_may_not_name_one_file(runner: CliRunner, tmp_path: Path, first: str, second: str) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("好", encoding="utf-8")
    target = tmp_path / "x"
    args = ["clean", str(doc), first, str(target), second, str(target)]
    if "-o" not in (first, second):
        args += ["-o", str(tmp_path / "o.txt")]
    result = runner.invoke(main, args)
    assert result.exit_code == 2 and "name the same file" in result.stderr
    assert not target.exists()


def test_no_output_lands_on_a_rule_pack_or_protect_file(runner: CliRunner, tmp_path: Path) -> None:
    doc, terms = tmp_path / "d.txt", tmp_path / "terms.txt"
    doc.write_text("好", encoding="utf-8")
    terms.write_text("太原\n", encoding="utf-8")
    result = runner.invoke(main, ["clean", str(doc), "--protect", str(terms), "--report", str(terms)])
    assert result.exit_code == 2 and terms.read_text(encoding="utf-8") == "太原\n"


def test_apply_output_may_not_land_on_the_decisions_file(runner: CliRunner, tmp_path: Path) -> None:
    decisions = tmp_path / "decisions.json"
    decisions.write_text('{"decisions": []}', encoding="utf-8")
    result = runner.invoke(main, ["apply", str(SAMPLE), "--decisions", str(decisions), "-o", str(decisions)])
    assert result.exit_code == 2 and decisions.read_text(encoding="utf-8") == '{"decisions": []}'


def _clean_to(target_dir: Path, name: str = "x.txt") -> subprocess.CompletedProcess[bytes]:
    with open(target_dir / name, "wb") as out:
        return subprocess.run([*CLEANER, "clean", str(SAMPLE)], stdout=out, stderr=subprocess.PIPE, check=False)


def test_full_disk_on_stdout_is_an_error(tmp_path: Path) -> None:
    """Disk full on stdout: a 16 KB tmpfs (the sample's clean text is 29 KB); without mount, /dev/full."""
    with small_tmpfs(tmp_path / "disk", "16k") as disk:
        if disk is not None:
            done = _clean_to(disk)
            kept = (disk / "x.txt").stat().st_size
        else:
            with open("/dev/full", "wb") as full:
                done = subprocess.run([*CLEANER, "clean", str(SAMPLE)], stdout=full, stderr=subprocess.PIPE, check=False)
            kept = 0
    assert done.returncode == 1, (disk, kept)
    assert b"standard output: cannot write: No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr


def test_full_disk_on_stdout_is_an_error_when_clean_streams_too(tmp_path: Path) -> None:
    """A file bigger than --memory-budget is streamed as batch does; a 16 KB tmpfs on stdout, else /dev/full."""
    args = [*CLEANER, "clean", str(SAMPLE), "--memory-budget", "4KB"]
    with small_tmpfs(tmp_path / "disk", "16k") as disk:
        with open(disk / "x.txt" if disk is not None else "/dev/full", "wb") as out:
            done = subprocess.run(args, stdout=out, stderr=subprocess.PIPE, check=False)
    assert done.returncode == 1, disk
    assert done.stderr.decode().strip() == "cleaner: error: standard output: cannot write: No space left on device"


def test_full_disk_on_an_output_file_is_an_error(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "disk", "16k") as disk:
        if disk is None:
            pytest.skip("cannot mount a tmpfs here (needs root); /dev/full covers stdout only")
        done = subprocess.run([*CLEANER, "clean", str(SAMPLE), "-o", str(disk / "x.txt")],
                              capture_output=True, check=False)
        assert done.returncode == 1 and b"No space left on device" in done.stderr
        assert b"Traceback" not in done.stderr
        assert list(disk.iterdir()) == []  # no half-written file, no temporary left


def test_stdin_without_end_is_refused_at_the_limit() -> None:
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run([*CLEANER, "clean", "-", "--max-input-size", "1MB"], stdin=zeros,
                              capture_output=True, check=False, timeout=120)
    assert done.returncode == 1
    assert done.stderr.decode().strip() == (
        "cleaner: error: <stdin>: more than 1,048,576 bytes; raise --max-input-size, or clean a file instead")


def test_stdin_within_the_limit_is_cleaned(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", "-", "--max-input-size", "1KB"], input="你好。\n".encode())
    assert result.exit_code == 0 and result.stdout == "你好。\n"


def test_learn_and_report_outputs_may_not_land_on_their_inputs(runner: CliRunner, tmp_path: Path) -> None:
    noisy, gold = tmp_path / "noisy.txt", tmp_path / "gold.txt"
    noisy.write_text("全市经济发展初性明显增强。\n", encoding="utf-8")
    gold.write_text("全市经济发展韧性明显增强。\n", encoding="utf-8")
    result = runner.invoke(main, ["learn", str(noisy), str(gold), "-o", str(gold)])
    assert result.exit_code == 2 and gold.read_text(encoding="utf-8") == "全市经济发展韧性明显增强。\n"
    report = tmp_path / "r.json"
    runner.invoke(main, ["clean", str(SAMPLE), "-o", str(tmp_path / "o.txt"), "--report", str(report)])
    before = report.read_bytes()
    result = runner.invoke(main, ["report", str(report), "--html", str(report)])
    assert result.exit_code == 2 and report.read_bytes() == before
