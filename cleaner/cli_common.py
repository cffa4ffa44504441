"""What the command modules share: errors, output, and the options that build a Config."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from cleaner.api import get_cleaner
from cleaner.io import InputError, atomic_write
from cleaner.pipeline import Cleaner, Config
from cleaner.rules import RuleError


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"cleaner: error: {message}", err=True)
    sys.exit(code)


def make_cleaner(config: Config) -> Cleaner:
    try:
        return get_cleaner(config)
    except RuleError as exc:
        fail(str(exc), 2)


def write_output(target: str, data: str | bytes) -> None:
    if target == "-":
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    try:
        atomic_write(target, data)
    except InputError as exc:
        fail(str(exc))


def same_file(a: str, b: str) -> bool:
    if a == "-" or b == "-":
        return False
    pa, pb = Path(a), Path(b)
    try:
        return pa.resolve() == pb.resolve() or (pb.exists() and pa.exists() and pa.samefile(pb))
    except OSError:
        return False


def config_options(func: Any) -> Any:
    """The options every cleaning command shares."""
    func = click.option("--unsafe", is_flag=True, help="Also apply unsafe edits (otherwise they are suggestions).")(func)
    func = click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                        help="An extra rule pack (TOML); repeatable.")(func)
    func = click.option("--disable", multiple=True, metavar="CODE", help="Turn off a rule by code; repeatable.")(func)
    func = click.option("--profile", default="default", show_default=True, help="Profile name or path.")(func)
    return func


def build_config(profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> Config:
    for path in rule_files:
        if not Path(path).is_file():
            fail(f"{path}: no such rule pack", 2)
    codes = frozenset(c.strip() for item in disable for c in item.split(",") if c.strip())
    return Config(profile=profile, rules=tuple(Path(p).resolve() for p in rule_files), disable=codes, unsafe=unsafe)
