"""Loading rule packs: TOML files of rules, TSV tables, and profiles.

A rule is data. Python holds rule *kinds* (:mod:`cleaner.kinds`); a pack says
which kind a rule is and gives its parameters, its examples and its safety.
Every loading error is a :class:`RuleError` whose message is one line naming
the file, the line where it can be found, the rule and the field.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.edits import SAFETIES
from cleaner.kinds import check_settings
from cleaner.pattern_bounds import pattern_problem
from cleaner.rule import FailExample, Rule, RuleError, rules_dir
from cleaner.tables import load_table

__all__ = [
    "STAGES",
    "FailExample",
    "Profile",
    "Rule",
    "RuleError",
    "load_pack",
    "load_profile",
    "load_table",
    "rules_dir",
    "rules_hash",
]

STAGES = ("layout", "characters", "lexical", "suspects")
CODE_PREFIX = {"layout": "LY", "characters": "CH", "lexical": "LX", "suspects": "SU"}
CODE_RE = re.compile(r"^[A-Z]{1,6}\d{1,4}$")  # a custom pack may use its own prefix (XX01, ACME12)
NAME_RE = re.compile(r"^[a-z]+(\.[a-z0-9_]+)+$")
# Fields that hold a regular expression: measured before anything compiles them.
PATTERN_FIELDS = ("pattern", "line_requires", "after_line", "left", "right", "not_left", "not_right")
COMMON_FIELDS = {"code", "name", "description", "stage", "kind", "safety", "fail", "pass"}


def _rule_lines(text: str) -> list[int]:
    """Line numbers (1-based) of each ``[[rule]]`` header in a TOML pack."""
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[rule]]"]


# A line that sets a key of a rule: ``key =``, ``"key" =``, ``key.inner =`` or ``[rule.key]``.
KEY_LINE = re.compile(r"""\s*(?:\[\s*rule\s*\.\s*)?["']?([A-Za-z0-9_-]+)["']?\s*[=.\]]""")


def _key_lines(lines: list[str], start: int, end: int) -> dict[str, int]:
    """The line (1-based) where each key of a rule is first set, in lines ``start`` to ``end``
    of the pack (its ``[[rule]]`` table)."""
    found: dict[str, int] = {}
    for n in range(start + 1, min(end, len(lines) + 1)):
        if m := KEY_LINE.match(lines[n - 1]):
            found.setdefault(m.group(1), n)
    return found


def load_pack(path: Path) -> list[Rule]:
    """Load one TOML pack; raise :class:`RuleError` naming file, line, rule and field."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc}") from None
    data = _parse_toml(raw, path)
    entries = data.get("rule")
    if not isinstance(entries, list) or not entries:
        raise RuleError(f"{path}:1: a rule pack needs at least one [[rule]] table")
    starts = _rule_lines(raw)
    text_lines = raw.splitlines()
    rules = []
    for n, entry in enumerate(entries):
        start = starts[n] if n < len(starts) else 0
        end = starts[n + 1] if n + 1 < len(starts) else len(text_lines) + 1
        rules.append(_make_rule(entry, path, start, _key_lines(text_lines, start, end) if start else {}))
    return rules


def _parse_toml(raw: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:  # a "TOML bomb": arrays or tables nested thousands deep
        raise RuleError(f"{path}: not valid TOML: nested too deep") from None


def _make_rule(entry: dict[str, Any], path: Path, line: int, key_lines: dict[str, int]) -> Rule:
    code = entry.get("code", "?")

    def fail(field_name: str, why: str) -> RuleError:
        return RuleError(f"{path}:{key_lines.get(field_name, line)}: rule {code}: field '{field_name}' {why}")

    for name in ("code", "name", "description", "stage", "kind", "safety"):
        if not isinstance(entry.get(name), str) or not entry[name].strip():
            raise fail(name, "is missing or not a non-empty string")
    if not CODE_RE.match(code):
        raise fail("code", "must be capital letters and digits, like LY01 (or a prefix of your own, like XX01)")
    if entry["stage"] not in STAGES:
        raise fail("stage", f"must be one of {', '.join(STAGES)}")
    # The built-in prefixes name their stage; other prefixes are free for custom packs.
    builtin = re.match(r"^(LY|CH|LX|SU)\d{2}$", code)
    if builtin and builtin.group(1) != CODE_PREFIX[entry["stage"]]:
        raise fail("code", f"must start with {CODE_PREFIX[entry['stage']]} for stage {entry['stage']}")
    if not NAME_RE.match(entry["name"]):
        raise fail("name", "must be a dotted lower-case name, like layout.page_continuation_marker")
    if entry["safety"] not in SAFETIES:
        raise fail("safety", f"must be one of {', '.join(SAFETIES)}")
    fails = entry.get("fail")
    if not isinstance(fails, list) or not fails:
        raise fail("fail", "needs at least one example {text = ..., fix = ...}")
    fail_examples = []
    for example in fails:
        if not (isinstance(example, dict) and isinstance(example.get("text"), str) and isinstance(example.get("fix"), str)):
            raise fail("fail", "examples must be tables {text = ..., fix = ...}")
        fail_examples.append(FailExample(example["text"], example["fix"], _confidence(example, fail, "fail")))
    raw_passes = entry.get("pass")
    if not isinstance(raw_passes, list) or not raw_passes:
        raise fail("pass", "needs at least one example string that must stay unchanged")
    passes, pass_confidence = [], {}
    for example in raw_passes:
        if isinstance(example, dict) and isinstance(example.get("text"), str):
            passes.append(example["text"])
            pass_confidence[example["text"]] = _confidence(example, fail, "pass")
        elif isinstance(example, str):
            passes.append(example)
        else:
            raise fail("pass", "examples must be strings (or tables {text = ..., confidence = ...})")
    params = {k: v for k, v in entry.items() if k not in COMMON_FIELDS}
    for name in PATTERN_FIELDS:
        if isinstance(params.get(name), str) and (why := pattern_problem(params[name])):
            raise fail(name, why)
    rule = Rule(
        code=code,
        name=entry["name"],
        description=" ".join(entry["description"].split()),
        stage=entry["stage"],
        kind=entry["kind"],
        safety=entry["safety"],
        fail=tuple(fail_examples),
        passes=tuple(passes),
        params=params,
        pass_confidence=pass_confidence,
        path=path,
        line=line,
        key_lines=key_lines,
    )
    check_settings(rule)  # a known kind, and only the keys it takes, each of the declared type
    return rule


def _confidence(example: dict[str, Any], fail: Any, where: str) -> str:
    """An example's ``confidence``: one digit per character of its text (or none)."""
    digits = example.get("confidence", "")
    if not isinstance(digits, str) or (digits and len(digits) != len(example["text"])):
        raise fail(where, f"an example's confidence must be a string of one digit per character of {example['text']!r}")
    return digits


@dataclass(frozen=True)
class Profile:
    name: str
    packs: tuple[Path, ...]
    stages: tuple[str, ...]


def load_profile(name_or_path: str | Path = "default") -> Profile:
    """A profile lists packs and the stage order; found by name in ``rules/profiles``."""
    path = Path(name_or_path)
    if not path.suffix:
        path = rules_dir() / "profiles" / f"{name_or_path}.toml"
    try:
        data = _parse_toml(path.read_text(encoding="utf-8"), path)
    except FileNotFoundError:
        raise RuleError(f"{path}: no such profile") from None
    stages = tuple(data.get("stages", STAGES))
    for stage in stages:
        if stage not in STAGES:
            raise RuleError(f"{path}: unknown stage '{stage}' in 'stages'")
    packs = tuple((path.parent.parent / p).resolve() for p in data.get("packs", []))
    return Profile(data.get("name", path.stem), packs, stages)


def rules_hash(rules: list[Rule], settings: str = "") -> str:
    """A hash of everything that decides the output: the packs, the tables they use, and
    ``settings`` (the options that change what the rules do)."""
    digest = hashlib.sha256(settings.encode())
    seen: set[Path] = set()
    for rule in rules:
        for dep in [rule.path, *_table_paths(rule)]:
            if dep and dep not in seen and dep.exists():
                seen.add(dep)
                digest.update(dep.read_bytes())
        digest.update(rule.code.encode())
    return digest.hexdigest()[:16]


def _table_paths(rule: Rule) -> list[Path]:
    table = rule.params.get("table")
    if table and rule.path:
        return [rule.path.parent / table]
    return []
