"""Each kind declares its settings: a misspelt key, a value of the wrong type or a missing
required key is refused when the pack loads, in one line naming file, line, rule and key."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path
from typing import Any, Literal

import pytest

from cleaner.cli import main
from cleaner.kinds import KINDS, build
from cleaner.kinds.settings import EngineSettings, read_settings
from cleaner.rules import Rule, RuleError, load_pack, rules_dir

RULE_HEAD = '''[[rule]]
code = "XX01"
name = "test.settings"
description = "A test rule of kind {kind}."
stage = "lexical"
kind = "{kind}"
safety = "flag"
fail = [{{ text = "a", fix = "a" }}]
pass = ["b"]
'''
HEAD_LINES = RULE_HEAD.count("\n")


def toml(value: Any) -> str:
    """A TOML literal for a Python value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return repr(value)


def fields(settings: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(settings)
    return {f.name: hints[f.name] for f in dataclasses.fields(settings)}


def required(kind: str) -> dict[str, Any]:
    """Valid values of the kind's required keys."""
    return {f.name: {"pattern": "a", "channel": "doubled_word", "table": "tables/similar_chars.tsv"}[f.name]
            for f in dataclasses.fields(KINDS[kind].Settings)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}


def write_pack(tmp_path: Path, kind: str, keys: dict[str, Any]) -> tuple[Path, dict[str, int]]:
    """A pack of one rule of ``kind`` with ``keys``; returns it and the line of each key."""
    lines = RULE_HEAD.format(kind=kind).splitlines()
    where = {}
    for key, value in keys.items():
        lines.append(f"{key} = {toml(value)}")
        where[key] = len(lines)
    pack = tmp_path / "pack.toml"
    pack.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pack, where


def refusal(pack: Path) -> str:
    with pytest.raises(RuleError) as caught:
        load_pack(pack)
    message = str(caught.value)
    assert "\n" not in message
    return message


def wrong_value(hint: Any) -> Any:
    """A TOML value that is not of type ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or isinstance(hint, type(int | None)):
        return wrong_value(next(a for a in args if a is not type(None)))
    if origin is Literal:
        return "no-such-choice"
    if origin is tuple:
        return 5  # not a list
    return {str: 5, int: "5", float: "0.5", bool: "yes"}[hint]


def test_every_built_in_kind_declares_frozen_settings() -> None:
    engine = {f.name for f in dataclasses.fields(EngineSettings)}
    for name, kind in KINDS.items():
        settings = kind.Settings
        assert dataclasses.is_dataclass(settings) and settings.__dataclass_params__.frozen, name  # type: ignore[attr-defined]
        assert not engine & set(fields(settings)), f"{name} declares a key the engine reads"


def test_every_kind_is_used_by_a_built_in_rule_and_every_pack_loads() -> None:
    used = {rule.kind for pack in sorted(rules_dir().glob("*.toml")) for rule in load_pack(pack)}
    assert used == set(KINDS)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_misspelt_key_is_refused_naming_file_line_rule_and_key(tmp_path: Path, kind: str) -> None:
    own = list(fields(KINDS[kind].Settings))
    key = own[-1] if own else "reach"
    misspelt = key[:-2] + key[-1] + key[-2]  # requires -> requirse
    keys = {**required(kind), misspelt: "x"}
    pack, where = write_pack(tmp_path, kind, keys)
    message = refusal(pack)
    assert message.startswith(f"{pack}:{where[misspelt]}: rule XX01: unknown field '{misspelt}'"), message
    assert f"did you mean '{key}'?" in message


@pytest.mark.parametrize(("kind", "key"), [(kind, key) for kind in sorted(KINDS)
                                      for key in fields(KINDS[kind].Settings)])
def test_a_value_of_the_wrong_type_is_refused(tmp_path: Path, kind: str, key: str) -> None:
    hint = fields(KINDS[kind].Settings)[key]
    pack, where = write_pack(tmp_path, kind, {**required(kind), key: wrong_value(hint)})
    message = refusal(pack)
    assert message.startswith(f"{pack}:{where[key]}: rule XX01: field '{key}' must be "), message


@pytest.mark.parametrize("kind", sorted(k for k in KINDS if required(k)))
def test_a_missing_required_key_is_refused(tmp_path: Path, kind: str) -> None:
    keys = required(kind)
    missing = next(iter(keys))
    del keys[missing]
    pack, _ = write_pack(tmp_path, kind, keys)
    assert refusal(pack) == f"{pack}:1: rule XX01: field '{missing}' is missing (kind {kind} needs it)"


def test_the_messages_say_what_was_wanted(tmp_path: Path) -> None:
    cases = {
        "min_chars": ("30", "field 'min_chars' must be an integer, not a string: '30'"),
        "requires": (["版", 3], "field 'requires' must be a list of strings; item 2: a string, not an integer: 3"),
        "pairs": ([["a", "b", "c"]], "field 'pairs' must be a list of [string, string] lists; item 1: "
                                     "a list [string, string], not a list of 3: ['a', 'b', 'c']"),
        "unit": ("line", "field 'unit' must be one of char, word, not a string: 'line'"),
        "fix": (1, "field 'fix' must be true or false, not an integer: 1"),
    }
    kinds = {"min_chars": "hard_wrap", "requires": "continuation_marker", "pairs": "table", "unit": "duplicate",
             "fix": "quote_balance"}
    for key, (value, why) in cases.items():
        pack, where = write_pack(tmp_path, kinds[key], {key: value})
        assert refusal(pack) == f"{pack}:{where[key]}: rule XX01: {why}"


def test_engine_keys_and_layout_tables_are_checked_too(tmp_path: Path) -> None:
    pack, where = write_pack(tmp_path, "regex", {"pattern": "a", "reach": "page"})
    assert refusal(pack) == (f"{pack}:{where['reach']}: rule XX01: field 'reach' must be one of line, paragraph, "
                             "document, not a string: 'page'")
    pack, where = write_pack(tmp_path, "regex", {"pattern": "a", "paragraphs_lines": "x"})
    assert refusal(pack).startswith(f"{pack}:{where['paragraphs_lines']}: rule XX01: unknown field 'paragraphs_lines'")
    pack.write_text(RULE_HEAD.format(kind="regex") + 'pattern = "a"\nparagraphs_line = { replce = "" }\n', "utf-8")
    assert refusal(pack) == (f"{pack}:{HEAD_LINES + 2}: rule XX01: unknown field 'paragraphs_line.replce' "
                             "(did you mean 'replace'?)")
    pack.write_text(RULE_HEAD.format(kind="regex") + 'pattern = "a"\n[rule.paragraphs_keep]\nenabled = "no"\n', "utf-8")
    assert refusal(pack) == (f"{pack}:{HEAD_LINES + 2}: rule XX01: field 'paragraphs_keep.enabled' must be "
                             "true or false, not a string: 'no'")
    pack.write_text(RULE_HEAD.format(kind="regex") + 'pattern = "a"\nparagraphs_line = { replace = "" }\n', "utf-8")
    assert [r.params["paragraphs_line"] for r in load_pack(pack)] == [{"replace": ""}]


def test_an_unknown_kind_names_the_known_ones(tmp_path: Path) -> None:
    pack, _ = write_pack(tmp_path, "regexp", {"pattern": "a"})
    assert refusal(pack).startswith(f"{pack}:6: rule XX01: field 'kind' 'regexp' is not a known kind (continuation_marker, ")


def test_a_rule_made_in_code_is_checked_when_it_is_built() -> None:
    rule = Rule("XX01", "test.settings", "A test.", "lexical", "duplicate", "flag", (), (), {"unit": "char", "alow": ["人人"]})
    with pytest.raises(RuleError, match=r"^<inline>: rule XX01: unknown field 'alow' \(did you mean 'allow'\?\)$"):
        build(rule)
    settings = read_settings(Rule("XX02", "test.settings", "A test.", "lexical", "lm_channel", "flag", (), (),
                                  {"channel": "dropped", "cost": 1, "allow": ["商量商量"]}), KINDS["lm_channel"].Settings)
    assert (settings.cost, settings.allow, settings.unsafe_margin) == (1.0, ("商量商量",), None)
    assert isinstance(settings.cost, float)


def test_the_cli_says_it_in_one_line(tmp_path: Path, runner: Any) -> None:
    pack, where = write_pack(tmp_path, "continuation_marker", {"requries": ["版"]})
    done = runner.invoke(main, ["rules", "lint", str(pack)])
    assert done.exit_code == 2
    assert done.output.strip().splitlines()[-1] == (
        f"cleaner: error: {pack}:{where['requries']}: rule XX01: unknown field 'requries' (did you mean 'requires'?)")
