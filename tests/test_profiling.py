"""--profile-time: seconds per stage and per rule on stderr; the text and report do not change."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from helpers.paths import SAMPLE

from cleaner import profiling
from cleaner.api import get_cleaner
from cleaner.cli import main
from cleaner.profiling import TimeProfile


def test_profile_time_prints_every_rule_and_changes_nothing(tmp_path: Path) -> None:
    runner = CliRunner()
    plain = runner.invoke(main, ["clean", str(SAMPLE), "--report", str(tmp_path / "a.json")])
    timed = runner.invoke(main, ["clean", str(SAMPLE), "--report", str(tmp_path / "b.json"), "--profile-time"])
    assert plain.exit_code == timed.exit_code == 0
    assert timed.stdout == plain.stdout
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert "time profile: 1 text(s)" in timed.stderr and "time profile" not in plain.stderr
    for rule in get_cleaner().rules:
        assert f"\n{rule.code} " in timed.stderr
    for step in ("report (edit log)", "outside the rules", "layout", "lexical"):
        assert step in timed.stderr
    assert get_cleaner().timing is None and profiling.current is None  # timing stops with the command


def test_profile_sums_runs_and_sorts_slowest_first() -> None:
    profile = TimeProfile()
    profile.add("AA01", "layout", "regex", 0.5, 1000)
    profile.add("BB02", "lexical", "table", 0.25, 1000)
    profile.add("BB02", "lexical", "table", 1.0, 1000)
    table = profile.table()
    assert table.index("BB02") < table.index("AA01")
    assert "BB02     table                  lexical         2     1.250" in table


def test_preload_loads_the_tables_and_freezes_them_once() -> None:
    import gc

    from cleaner import preload as preload_module

    preload_module.preload(get_cleaner())
    frozen = gc.get_freeze_count()
    assert frozen > 0 and preload_module._frozen
    preload_module.preload(get_cleaner())
    assert gc.get_freeze_count() == frozen  # once per process


def test_profile_time_covers_a_streamed_file(tmp_path: Path) -> None:
    """A file too big to clean whole is cleaned in chunks, by cleaners of their own configurations."""
    text = SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    big = tmp_path / "big.txt"
    big.write_text(text * 8, encoding="utf-8")
    result = CliRunner().invoke(main, ["clean", str(big), "-o", str(tmp_path / "out.txt"), "--memory-budget", "1MB",
                                       "--profile-time"])
    assert result.exit_code == 0, result.stderr
    first = result.stderr.splitlines()[0]
    assert "time profile:" in first and " 0 text(s)" not in first
    assert "\nLY05 " in result.stderr
