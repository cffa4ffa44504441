"""Command-line conventions: status on stderr, Ctrl-C, tables when piped, batch inputs, rule codes, learn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.packs import pack_with
from helpers.paths import SAMPLE

from cleaner.cli import main
from cleaner.rules import RuleError, load_pack

CLEANER = [sys.executable, "-m", "cleaner"]


def test_batch_status_and_progress_go_to_stderr(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("发展初性明显增强。\n", encoding="utf-8")
    env = {**os.environ, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}  # rich draws its bar and table as on a terminal
    proc = subprocess.run([*CLEANER, "batch", str(src), "-o", str(tmp_path / "out")], capture_output=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    assert b"documents cleaned" in proc.stderr and b"cleaner batch" in proc.stderr


def _wait_reading_stdin(pid: int) -> None:
    """Until the process blocks reading its standard input (Linux: /proc/PID/syscall shows read on fd 0)."""
    for _ in range(600):
        try:
            fields = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            pytest.skip("/proc/PID/syscall is not readable here")
        if fields[:2] == ["0", "0x0"]:
            return
        time.sleep(0.05)
    pytest.fail("the process never read its standard input")


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    proc = subprocess.Popen([*CLEANER, "clean", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    _wait_reading_stdin(proc.pid)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err and err.count(b"\n") <= 1


def test_stat_table_is_tab_separated_when_piped() -> None:
    proc = subprocess.run([*CLEANER, "diff", str(SAMPLE), "--stat"], capture_output=True, text=True, check=True)
    lines = proc.stdout.splitlines()
    assert lines[0].split("\t") == ["rule", "name", "safety", "applied", "suggested", "suspects"]
    assert len(lines) > 5
    for line in lines[1:]:
        assert len(line.split("\t")) == 6, line
    assert any(line.startswith("LX05\tlexical.") for line in lines)


def test_batch_of_nothing_creates_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "x"
    result = runner.invoke(main, ["batch", str(tmp_path / "nonexist"), "-o", str(out)])
    assert result.exit_code == 1 and "nonexist" in result.stderr
    assert not out.exists()


def test_a_glob_that_matches_nothing_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("正文。\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--glob", "*.md"])
    assert result.exit_code == 1 and "no files" in result.stderr and "*.md" in result.stderr


def test_outdir_inside_an_input_directory_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("正文。\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(src), "-o", str(src / "clean")])
    assert result.exit_code == 2 and "inside" in result.stderr
    assert not (src / "clean").exists()


@pytest.mark.parametrize("code", ["XX01", "ACME12", "ZH101"])
def test_custom_packs_may_use_their_own_prefixes(tmp_path: Path, code: str) -> None:
    pack = pack_with("house_style", tmp_path, code=code)
    assert load_pack(pack)[0].code == code


def test_builtin_prefixes_still_name_their_stage(tmp_path: Path) -> None:
    pack = pack_with("house_style", tmp_path, code="LY91")
    with pytest.raises(RuleError, match="must start with LX"):
        load_pack(pack)


def test_custom_prefix_cleans_through_the_cli(runner: CliRunner, tmp_path: Path) -> None:
    pack = pack_with("house_style", tmp_path, code="XX01")
    result = runner.invoke(main, ["clean", "-", "--rules", str(pack)], input="旧称。\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "新称。\n"


def test_learned_rules_are_unsafe_by_default(runner: CliRunner, tmp_path: Path) -> None:
    noisy, gold = tmp_path / "noisy.txt", tmp_path / "gold.txt"
    noisy.write_text("大歌好。今天大歌都来了。\n", encoding="utf-8")
    gold.write_text("大家好。今天大家都来了。\n", encoding="utf-8")
    out = tmp_path / "learned.toml"
    result = runner.invoke(main, ["learn", str(noisy), str(gold), "-o", str(out), "--min-support", "1"])
    assert result.exit_code == 0, result.output
    assert {rule.safety for rule in load_pack(out)} == {"unsafe"}
