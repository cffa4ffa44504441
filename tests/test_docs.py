"""Every command is documented in the README and has --help with an example; every option of clean,
check and batch is in the README (as sqlite-utils' tests/test_docs.py checks)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner
from helpers.paths import ROOT

from cleaner.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand under ``group``, as the words that call it."""
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


COMMANDS = command_paths(main)


def test_the_walk_finds_the_subcommands() -> None:
    assert ("clean",) in COMMANDS and ("rules", "show") in COMMANDS and len(COMMANDS) > 12


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_is_documented_and_has_help_with_an_example(path: tuple[str, ...]) -> None:
    words = " ".join(path)
    assert f"cleaner {words}" in README, f"cleaner {words} is not in README.md"
    result = CliRunner().invoke(main, [*path, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    usage, _, body = result.output.partition("\n\n")
    assert usage.startswith(f"Usage: main {words}")
    examples = body.split("Options:")[0].partition("Example")[2]
    assert examples, f"cleaner {words} --help shows no example"
    assert f"\n    cleaner {words}" in examples, f"cleaner {words} --help has no example of itself"


@pytest.mark.parametrize("name", ["clean", "check", "batch"])
def test_every_option_of_the_everyday_commands_is_documented(name: str) -> None:
    missing = [opt for param in main.commands[name].params if isinstance(param, click.Option)
               for opt in param.opts if opt.startswith("--") and opt not in README
               and opt not in ("--output", "--outdir")]  # documented as -o
    assert not missing, f"cleaner {name}: {missing} not in README.md"
