"""The README documents every command, and every option of clean, check and batch (as sqlite-utils checks)."""

from __future__ import annotations

import click
import pytest
from helpers.paths import ROOT

from cleaner.cli import main

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_is_documented_and_has_help(name: str) -> None:
    command = main.commands[name]
    assert f"cleaner {name}" in README
    assert command.help
    if isinstance(command, click.Group):
        for sub in command.commands:
            assert f"cleaner {name} {sub}" in README


@pytest.mark.parametrize("name", ["clean", "check", "batch"])
def test_every_option_of_the_everyday_commands_is_documented(name: str) -> None:
    missing = [opt for param in main.commands[name].params if isinstance(param, click.Option)
               for opt in param.opts if opt.startswith("--") and opt not in README
               and opt not in ("--output", "--outdir")]  # documented as -o
    assert not missing, f"cleaner {name}: {missing} not in README.md"
