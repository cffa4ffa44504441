"""The options decorator: the rule options, wherever their decorators sit, reach a command as one Config."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from cleaner.cli.options import config_options, paragraphs_option, vocabulary_options
from cleaner.pipeline import Config

seen: list[Config] = []


@click.command()
@vocabulary_options
@click.option("--name", default="x")
@paragraphs_option("The layout.")
@config_options
def probe(name: str, config: Config) -> None:
    """A command that keeps the Config it is handed."""
    assert name == "y"
    seen.append(config)


def run(*args: str) -> click.testing.Result:
    seen.clear()
    return CliRunner().invoke(probe, ["--name", "y", *args])


def test_the_options_become_one_config(tmp_path: Path) -> None:
    pack = tmp_path / "pack.toml"
    pack.write_text("", encoding="utf-8")
    words = tmp_path / "words.txt"
    words.write_text("太原\n娄烦\n", encoding="utf-8")
    result = run("--disable", "ly01,lx05", "--disable", "CH02", "--rules", str(pack), "--unsafe",
                 "--paragraphs", "line", "--convert", "t2s", "--protect", str(words))
    assert result.exit_code == 0, result.output
    assert seen == [Config(disable=frozenset({"LY01", "LX05", "CH02"}), rules=(pack.resolve(),), unsafe=True,
                           paragraphs="line", convert="t2s", protect=frozenset({"太原", "娄烦"}))]


def test_no_options_give_the_default_config() -> None:
    assert run().exit_code == 0
    assert seen == [Config()]


def test_a_missing_pack_or_word_list_is_one_line_and_status_2(tmp_path: Path) -> None:
    for option, missing in (("--rules", "nope.toml"), ("--protect", str(tmp_path / "nope.txt"))):
        result = run(option, missing)
        assert (result.exit_code, seen) == (2, [])
        assert result.output.count("\n") == 1 and result.output.startswith(f"cleaner: error: {missing}")
