"""Hostile rule packs are refused when they load, in one line, before anything compiles them."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.packs import pack_with
from helpers.paths import SAMPLE


def run_capped(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in a process capped at 2 GB of address space, so a regression fails instead of eating the machine."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    return subprocess.run([sys.executable, "-m", "cleaner", *args], capture_output=True, text=True,
                          preexec_fn=cap, timeout=300, check=False)


@pytest.mark.parametrize(("pattern", "why"), [
    ("a{1000000000}", "repeats 1,000,000,000 times (at most 1,000)"),
    ("((a{1000}){1000}){1000}", "spells out to more than 100,000 items"),
    ("(" * 200 + "a" + ")" * 200, "nests groups 51 deep"),
])
@pytest.mark.parametrize("command", [["rules", "lint"], ["rules", "test"], ["clean", str(SAMPLE), "--rules"]])
def test_pattern_bombs_are_refused_before_compiling(tmp_path: Path, pattern: str, why: str, command: str) -> None:
    pack = pack_with("hostile", tmp_path, pattern=pattern)
    done = run_capped(*command, str(pack))
    assert done.returncode == 2, done.stderr[-500:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(pack) in lines[0] and "rule LX93" in lines[0] and "field 'pattern'" in lines[0]
    assert why in lines[0]


@pytest.mark.parametrize(("replace", "why"), [
    (r"\2", "refers to group 2, but the pattern has 1 group(s)"),
    (r"\g<name>", "refers to group 'name', which the pattern does not have"),
])
def test_a_replacement_naming_a_missing_group_is_refused_at_load(tmp_path: Path, replace: str, why: str) -> None:
    pack = pack_with("hostile", tmp_path, replace=replace)
    done = run_capped("clean", str(SAMPLE), "--rules", str(pack))
    assert done.returncode == 2 and done.stdout == ""
    # The line of the key (``replace = ...``), not of the rule's [[rule]] header.
    assert done.stderr.strip().splitlines() == [f"cleaner: error: {pack}:9: rule LX93: field 'replace' {why}"]


def test_a_toml_bomb_is_one_line_with_exit_code_2(tmp_path: Path) -> None:
    pack = tmp_path / "bomb.toml"
    pack.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    for args in (["clean", str(SAMPLE), "--rules", str(pack)], ["rules", "lint", str(pack)],
                 ["clean", str(SAMPLE), "--profile", str(pack)]):
        done = run_capped(*args)
        assert done.returncode == 2
        assert done.stderr.strip().splitlines() == [f"cleaner: error: {pack}: not valid TOML: nested too deep"]
