"""The options that decide how text is cleaned, and the decorator that turns them into one :class:`Config`.

A command that cleans takes ``config: Config`` and nothing else of the rules::

    @click.command()
    @paragraphs_option("The paragraph layout to check against (as clean).")   # optional
    @config_options
    def check(files: tuple[str, ...], config: Config) -> None: ...

:func:`config_options` goes right above the function: it adds ``--profile``, ``--disable``,
``--rules`` and ``--unsafe`` (last in ``--help``) and wraps the function, so that every option
of the Config, wherever its decorator sits in the stack (:func:`paragraphs_option`,
:func:`vocabulary_options`), reaches the function already built into ``config``. A bad value
(a missing rule pack, an unreadable word list) ends the command with one line and exit status 2,
before the command does anything.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cleaner.cli.common import fail
from cleaner.io import check_encoding
from cleaner.kinds.variants import CONVERSIONS
from cleaner.model.channel import load_channel_table
from cleaner.pipeline import PARAGRAPH_LAYOUTS, Config, load_protect_terms
from cleaner.rules import RuleError

Command = Callable[..., None]

# The parameters config_options takes from a command's options into the Config (with their defaults).
CONFIG_PARAMS: dict[str, Any] = {
    "profile": "default", "rule_files": (), "disable": (), "unsafe": False, "paragraphs": None,
    "convert": None, "protect_path": None, "lexicon_path": None, "channel_paths": (),
}


def config_options(func: Command) -> Command:
    """Add the rule options and hand ``func`` a finished ``config`` in place of every Config option."""

    @functools.wraps(func)
    def command(**params: Any) -> None:
        values = {name: params.pop(name, default) for name, default in CONFIG_PARAMS.items()}
        func(config=build_config(**values), **params)

    options = (
        click.option("--unsafe", is_flag=True, help="Also apply unsafe edits (otherwise they are suggestions)."),
        click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                     help="An extra rule pack (TOML); repeatable."),
        click.option("--disable", multiple=True, metavar="CODE", help="Turn off a rule by code; repeatable."),
        click.option("--profile", default="default", show_default=True, help="Profile name or path."),
    )
    return functools.reduce(lambda f, option: option(f), options, command)


def paragraphs_option(help_text: str) -> Callable[[Command], Command]:
    """``--paragraphs``: the paragraph layout (Config.paragraphs); needs :func:`config_options` below it."""
    return click.option("--paragraphs", type=click.Choice(PARAGRAPH_LAYOUTS), help=help_text)


def vocabulary_options(func: Command) -> Command:
    """``--convert``, ``--protect``, ``--lexicon``, ``--channel``: what ``clean`` adds to the rules
    (Config.convert, .protect, .lexicon, .channel); needs :func:`config_options` below it."""
    options = (
        click.option("--channel", "channel_paths", multiple=True, type=click.Path(exists=True, dir_okay=False),
                     help="A channel table learned by 'cleaner learn --channel' (which characters your OCR reads "
                          "for which); repeatable."),
        click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False),
                     help="A file of your words (one a line: names, places, terms) that the language model's rules "
                          "leave alone."),
        click.option("--protect", "protect_path", type=click.Path(dir_okay=False),
                     help="A file of terms (one a line) inside which no rule may edit."),
        click.option("--convert", type=click.Choice(CONVERSIONS),
                     help="Convert with OpenCC (t2s: traditional to simplified, ...)."),
    )
    return functools.reduce(lambda f, option: option(f), options, func)


def build_config(profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool,
                 paragraphs: str | None, convert: str | None, protect_path: str | None, lexicon_path: str | None,
                 channel_paths: tuple[str, ...]) -> Config:
    """The Config the options name; a file they name that is missing or bad ends the command (status 2)."""
    for path in rule_files:
        if not Path(path).is_file():
            fail(f"{path}: no such rule pack", 2)
    try:
        protect = load_protect_terms(protect_path) if protect_path else frozenset()
        lexicon = load_protect_terms(lexicon_path) if lexicon_path else frozenset()
        for path in channel_paths:
            load_channel_table(Path(path))  # a bad table is a usage error here, not a crash later
    except RuleError as exc:
        fail(str(exc), 2)
    codes = frozenset(c.strip() for item in disable for c in item.split(",") if c.strip())
    return Config(profile=profile, rules=tuple(Path(p).resolve() for p in rule_files), disable=codes, unsafe=unsafe,
                  convert=convert, protect=protect, lexicon=lexicon, paragraphs=paragraphs,
                  channel=tuple(Path(p).resolve() for p in channel_paths))


def config_inputs() -> list[str]:
    """The files the running command's Config options read (word list, rule packs): no output may overwrite them."""
    params = click.get_current_context().params
    return [*([params["protect_path"]] if params.get("protect_path") else []), *params.get("rule_files", ())]


def encoding_option(func: Command) -> Command:
    """``--encoding NAME``: the input's encoding, checked when parsed (an unknown name is a usage error)."""
    return click.option("--encoding", callback=_check_encoding, metavar="NAME",
                        help="The input's encoding (gbk, big5, utf-16-le, latin-1, ...), instead of telling it from "
                             "the bytes.")(func)


def _check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return check_encoding(value)
    except ValueError as exc:
        fail(str(exc), 2)


UNITS = {"": 1, "B": 1, "K": 2**10, "KB": 2**10, "M": 2**20, "MB": 2**20, "G": 2**30, "GB": 2**30}


def parse_size(value: str) -> int:
    """``64MB``, ``512k``, ``1G`` or a number of bytes (for ``--memory-budget``, ``--max-input-size``).

    >>> parse_size("64MB"), parse_size("512k"), parse_size("1000")
    (67108864, 524288, 1000)
    """
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
    if not m or m.group(2).upper() not in UNITS:
        raise click.BadParameter(f"'{value}' is not a size like 64MB, 512KB or 1GB")
    return int(float(m.group(1)) * UNITS[m.group(2).upper()])
