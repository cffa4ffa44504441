r"""Skip ahead to where a regex match can start: the same matches as ``finditer``, found faster.

Python's ``re`` scans a pattern that starts with a lookbehind or a character
class by trying it at every position of the text. When a pattern cannot match
the empty string, every match starts with a character from a set we can read off
the parsed pattern (assertions consume nothing and are skipped). A search for
those characters finds the few candidate positions, and the pattern is tried
only there with ``pattern.match(text, pos)``, which sees the whole text (its
lookbehinds and anchors behave exactly as in ``finditer``). Matches are
non-empty, so the leftmost match found this way is the one ``finditer`` finds.
(One kind of empty match is allowed: at the end of the text, for a pattern whose
empty path ends in ``\Z``.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from cleaner.stage_scan import SCAN, SHORT

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C
    import sre_parse as P

# Only narrow classes help: a negated class, \S, \D, \w or \W (every ideograph is \w) would make
# nearly every position a candidate, slower than letting ``re`` scan.
CATEGORIES = {C.CATEGORY_SPACE: r"\s", C.CATEGORY_DIGIT: r"\d"}
ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)


class _Unsupported(Exception):
    pass


def _char(code: int) -> str:
    return f"\\U{code:08x}"


def _in(items: list[tuple[Any, Any]]) -> str:
    parts = []
    for op, av in items:
        if op is C.LITERAL:
            parts.append(_char(av))
        elif op is C.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is C.CATEGORY and av in CATEGORIES:
            parts.append(CATEGORIES[av])
        else:
            raise _Unsupported(op)
    return f"[{''.join(parts)}]"


def _first(items: Any) -> tuple[list[str], bool]:
    """Character classes a match of ``items`` can start with, and whether it can be empty."""
    classes: list[str] = []
    for op, av in items:
        if op in ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            return classes + [_char(av)], False
        if op is C.IN:
            return classes + [_in(av)], False
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            low, _, sub = av
            found, empty = _first(sub)
            classes += found
            if low > 0 and not empty:
                return classes, False
            continue
        if op is C.SUBPATTERN:
            _, add_flags, _, sub = av
            if add_flags & (re.I | re.S | re.X):
                raise _Unsupported(op)
            found, empty = _first(sub)
            classes += found
            if not empty:
                return classes, False
            continue
        if op is C.BRANCH:
            any_empty = False
            for alternative in av[1]:
                found, empty = _first(alternative)
                classes += found
                any_empty |= empty
            if not any_empty:
                return classes, False
            continue
        raise _Unsupported(op)  # ANY, NOT_LITERAL, group references, ...: no cheap first set
    return classes, True


def first_char_finder(pattern: Any) -> Callable[[str], Iterator[Any]] | None:
    """A ``finditer`` replacement for a compiled ``re`` pattern, or None when it would not help."""
    if not isinstance(pattern, re.Pattern) or pattern.flags & re.I or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = P.parse(pattern.pattern, pattern.flags & ~re.U)
        if parsed.data and parsed.data[0] == (C.AT, C.AT_BEGINNING_STRING):
            return None  # re tries \A patterns once already
        if parsed.data and all(op in ZERO_WIDTH for op, _ in parsed.data):
            return _insertion_finder(pattern, parsed.data)
    except (_Unsupported, re.error, RecursionError):
        return None
    starts = first_chars(pattern)
    return None if starts is None else candidate_finditer(pattern, starts[0], at_end=starts[1])


def first_chars(pattern: Any) -> tuple[re.Pattern[str], bool] | None:
    """A one-character pattern that every non-empty match of ``pattern`` starts with, and whether
    it can also match empty (then only at the end of the text); None when there is none to read off."""
    if not isinstance(pattern, re.Pattern) or pattern.flags & re.I or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = P.parse(pattern.pattern, pattern.flags & ~re.U)
        classes, empty = _first(parsed)
    except (_Unsupported, re.error, RecursionError):
        return None
    # A pattern that can match empty only where a top-level \Z holds (the final-newline rule,
    # (?<=\S)\s*\Z) has one more candidate: the end of the text, tried after all the others.
    at_end = empty and (C.AT, C.AT_END_STRING) in parsed.data
    if (empty and not at_end) or not classes:
        return None
    return re.compile("|".join(dict.fromkeys(classes))), at_end


def one_char(pattern: Any) -> bool:
    """Does ``pattern`` match one character (never a line break), a literal or a class, alone?"""
    try:
        parsed = P.parse(pattern.pattern) if isinstance(pattern, re.Pattern) else None
    except re.error:
        return False
    return (parsed is not None and len(parsed.data) == 1 and parsed.data[0][0] in (C.LITERAL, C.IN)
            and not pattern.match("\n"))


def _insertion_finder(pattern: Any, items: Any) -> Callable[[str], Iterator[Any]] | None:
    """For a pattern of assertions only (an insertion point), led by a one-character lookbehind.

    Every match is empty and sits right after a character the lookbehind accepts;
    ``finditer`` yields each position where the assertions hold, once, in order.
    """
    op, (direction, sub) = items[0]
    if op != C.ASSERT or direction != -1 or len(sub.data) != 1:
        return None
    lead, value = sub.data[0]
    if lead == C.LITERAL:
        before = re.compile(_char(value))
    elif lead == C.IN:
        before = re.compile(_in(value))
    else:
        return None
    match, search = pattern.match, before.search

    def finditer(text: str) -> Iterator[Any]:
        found = search(text)
        while found:
            m = match(text, found.end())
            if m:
                yield m
            found = search(text, found.end())

    return finditer


def candidate_finditer(pattern: Any, candidates: Any, at_end: bool = False) -> Callable[[str], Iterator[Any]]:
    """``pattern.finditer`` that tries ``pattern`` only where ``candidates`` finds a possible start.

    Exact when every non-empty match of ``pattern`` starts where ``candidates``
    matches, and the pattern matches empty only at the end of the text (and
    ``at_end`` is then true) or never.
    """
    match, search = pattern.match, candidates.search
    bit = SCAN.register(candidates)

    def finditer(text: str) -> Iterator[Any]:
        end = len(text)
        if bit is not None and end >= SHORT:  # the candidates of every rule, found in one pass
            after = 0  # where the last match ended: finditer goes on from there
            for pos in SCAN.positions(text, bit):
                if pos >= after and (m := match(text, pos)):
                    yield m
                    after = m.end()
        else:
            candidate = search(text)
            while candidate:
                pos = candidate.start()
                m = match(text, pos)
                if m:
                    yield m
                    candidate = search(text, m.end())
                else:
                    candidate = search(text, pos + 1)
        if at_end:
            m = match(text, end)
            if m:
                yield m

    return finditer
