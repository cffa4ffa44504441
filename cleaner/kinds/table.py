"""The ``table`` kind: literal pairs with optional context, in one alternation.

Pairs come inline (``pairs = [["的批", "的一批"], ...]``) or from a TSV table
(``table = "tables/confusables.tsv"``, columns ``from to left right not_left
not_right safety note``). Contexts are regular expressions that must (or must
not) match right before or right after the literal; a rule-level context applies
to every row that does not give its own. All literals are matched in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cleaner.charclass import compile_pattern
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.pattern_bounds import pattern_problem
from cleaner.rule import Rule
from cleaner.stage_scan import SCAN, candidate_search
from cleaner.tables import load_table

CONTEXTS = ("left", "right", "not_left", "not_right")
LOOKBEHIND = 12  # characters of left context a pattern may look at


@dataclass(frozen=True)
class Row:
    source: str
    target: str
    left: Any = None
    right: Any = None
    not_left: Any = None
    not_right: Any = None
    safety: str | None = None

    def fits(self, text: str, start: int, end: int) -> bool:
        before = text[max(0, start - LOOKBEHIND) : start]
        if self.left is not None and not self.left.search(before):
            return False
        if self.not_left is not None and self.not_left.search(before):
            return False
        if self.right is not None and not self.right.match(text, end):
            return False
        return not (self.not_right is not None and self.not_right.match(text, end))


def _compile_context(rule: Rule, side: str, pattern: str) -> Any:
    if why := pattern_problem(pattern):
        raise rule.field_error(side, why)
    try:
        if side.endswith("left"):
            return compile_pattern(f"(?:{pattern})\\Z")
        return compile_pattern(pattern)
    except Exception as exc:
        raise rule.field_error(side, f"does not compile: {exc}") from None


def _alternative(literal: str, rows: list[Row], literals: list[str]) -> str:
    """``literal`` in the table's alternation, with the right context of its only row when that
    can be tested in the alternation: ``re`` then skips, in C, the places the row does not fit
    (高质量发 before 展: most of a table's hits). Only when no other literal is a prefix of it:
    where the row does not fit, the search goes on at the next position, as it does for a row
    that ``fits`` turns down, and tries no shorter literal at this one."""
    escaped = re.escape(literal)
    if len(rows) != 1 or any(other != literal and literal.startswith(other) for other in literals):
        return escaped
    for context, assertion in ((rows[0].right, "(?="), (rows[0].not_right, "(?!")):
        if context is not None:
            if not isinstance(context, re.Pattern) or context.groups or context.flags != re.U:
                return escaped  # a regex-module pattern, or groups that would be renumbered
            escaped += f"{assertion}{context.pattern})"
    return escaped


@dataclass(frozen=True)
class TableSettings:
    pairs: tuple[tuple[str, str], ...] = ()  # [from, to]
    table: str | None = None  # a TSV table, relative to the pack
    # Contexts for the rows that give none of their own (CONTEXTS).
    left: str | None = None
    right: str | None = None
    not_left: str | None = None
    not_right: str | None = None


class TableKind:
    Settings = TableSettings

    def __init__(self, rule: Rule) -> None:
        settings = read_settings(rule, TableSettings)
        raw_rows: list[dict[str, str]] = []
        for source, target in settings.pairs:
            raw_rows.append({"from": source, "to": target})
        if settings.table is not None:
            base = rule.path.parent if rule.path else None
            if base is None:
                raise rule.field_error("table", "needs the rule to come from a file")
            raw_rows.extend(load_table(base / settings.table))
        if not raw_rows:
            raise rule.field_error("pairs", "or 'table' must give at least one row")
        defaults = {side: getattr(settings, side) for side in CONTEXTS}
        cache: dict[tuple[str, str], Any] = {}
        self.rows: dict[str, list[Row]] = {}
        for raw in raw_rows:
            contexts = {}
            for side in CONTEXTS:
                pattern = raw.get(side) or defaults[side]
                if pattern:
                    key = (side, pattern)
                    if key not in cache:
                        cache[key] = _compile_context(rule, side, pattern)
                    contexts[side] = cache[key]
            safety = raw.get("safety") or None
            if safety not in (None, "safe", "unsafe", "flag"):
                raise rule.field_error("table", f"row {raw.get('__line__')}: unknown safety '{safety}'")
            row = Row(raw["from"], raw.get("to", ""), safety=safety, **contexts)
            self.rows.setdefault(row.source, []).append(row)
        literals = sorted(self.rows, key=lambda s: (-len(s), s))
        self.regex = re.compile("|".join(_alternative(lit, self.rows[lit], literals) for lit in literals))
        self.first_chars = frozenset(s[0] for s in literals)
        self.bit = SCAN.register(re.compile(f"[{''.join(map(re.escape, sorted(self.first_chars)))}]"))

    def find(self, text: str) -> list[Finding]:
        found = []
        search = candidate_search(self.regex, self.bit, text)  # a match starts with one of first_chars
        m = search(text)
        while m:
            row = next((r for r in self.rows[m.group()] if r.fits(text, m.start(), m.end())), None)
            if row is None:
                # No row fits here: a shorter literal may still match inside this one.
                m = search(text, m.start() + 1)
                continue
            if row.safety == "flag":
                found.append(Finding(m.start(), m.end(), None, reason="listed confusion", candidates=(row.target,)))
            else:
                found.append(Finding(m.start(), m.end(), row.target, safety=row.safety))
            m = search(text, m.end())
        return found
