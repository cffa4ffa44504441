"""``cleaner rules lint``: find patterns that can hang a run before they do.

Two checks on every regular expression of a rule (the ``regex`` kind's pattern
and every table context):

- static: an unbounded repeat inside another unbounded repeat, the shape of
  catastrophic backtracking (``(a+)+``, ``(\\s*\\S*)*``);
- dynamic: the pattern runs, under a time limit, on long adversarial probes
  (long runs of spaces, ideographs, letters, digits, punctuation, line breaks,
  each between two other characters), which also catches quadratic patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import regex

from cleaner.charclass import expand_han
from cleaner.pattern_bounds import pattern_problem
from cleaner.rule import Rule
from cleaner.tables import load_table

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse

PROBE_LENGTH = 20_000
PROBE_SECONDS = 0.25
RUNS = [" ", "\t", "\u3000", "\n", "\n ", "\r\n", "中", "中国", "a", "ab", "1", "1.", "，", "“", "（", "——", "观观", "x y"]
PROBES = [f"x{run * (PROBE_LENGTH // len(run))}{end}" for run in RUNS for end in ("x", "!", "\n")]


@dataclass(frozen=True)
class LintProblem:
    rule: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: rule {self.rule}: field '{self.field}': {self.message}"


def rule_patterns(rule: Rule) -> list[tuple[str, str]]:
    """(field, pattern) pairs of a rule's regular expressions."""
    found = []
    for name in ("pattern", "line_requires", "after_line"):
        if isinstance(rule.params.get(name), str):
            found.append((name, rule.params[name]))
    for side in ("left", "right", "not_left", "not_right"):
        if isinstance(rule.params.get(side), str):
            found.append((side, rule.params[side]))
    if "table" in rule.params and rule.path:
        for row in load_table(rule.path.parent / rule.params["table"]):
            for side in ("left", "right", "not_left", "not_right"):
                if row.get(side):
                    found.append((f"table row {row['__line__']} {side}", row[side]))
    return found


def nested_repeat(pattern: str) -> bool:
    """Does an unbounded repeat contain another unbounded repeat?

    >>> nested_repeat(r"(a+)+b"), nested_repeat(r"(ab)+c*"), nested_repeat(r"(?:\\n[ ]*)+\\n")
    (True, False, True)
    """
    try:
        parsed = sre_parse.parse(expand_han(pattern))
    except re.error:
        return False  # patterns only the regex module understands: the dynamic check covers them

    def walk(items: Any, inside_unbounded: bool) -> bool:
        for op, arg in items:
            name = str(op)
            if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
                _low, high, body = arg
                unbounded = high == sre_parse.MAXREPEAT and name != "POSSESSIVE_REPEAT"
                if unbounded and inside_unbounded:
                    return True
                if walk(body, inside_unbounded or unbounded):
                    return True
            elif name == "SUBPATTERN":
                if walk(arg[-1], inside_unbounded):
                    return True
            elif name == "BRANCH":
                if any(walk(branch, inside_unbounded) for branch in arg[1]):
                    return True
            elif name in ("ASSERT", "ASSERT_NOT"):
                if walk(arg[1], False):
                    return True
            elif name == "ATOMIC_GROUP":
                continue  # no backtracking into it
        return False

    return walk(parsed, False)


def check_pattern(pattern: str, anchored: bool = False) -> str | None:
    """A problem with ``pattern``, or None. ``anchored``: it is only ever tried at one
    position (a table's context), so it is probed there rather than across the text."""
    if why := pattern_problem(pattern):
        return why  # too big to compile safely: do not try
    try:
        compiled = regex.compile(pattern, regex.V0)
    except regex.error as exc:
        return f"does not compile: {exc}"
    for probe in PROBES:
        try:
            if anchored:
                compiled.match(probe, 1, timeout=PROBE_SECONDS)
            else:
                for _ in compiled.finditer(probe, timeout=PROBE_SECONDS):
                    pass
        except TimeoutError:
            shown = probe[1:3].encode("unicode_escape").decode()
            return (f"runs over {PROBE_SECONDS}s on {PROBE_LENGTH:,} characters of {shown!r}...: "
                    "catastrophic or quadratic backtracking")
    if nested_repeat(pattern):
        return "an unbounded repeat inside another: can backtrack catastrophically"
    return None


def lint_rules(rules: list[Rule]) -> list[LintProblem]:
    problems = []
    for rule in rules:
        for field, pattern in rule_patterns(rule):
            # after_line is tried at one place
            message = check_pattern(pattern, anchored=field not in ("pattern", "line_requires"))
            if message:
                problems.append(LintProblem(rule.code, rule.where, field, message))
    return problems
