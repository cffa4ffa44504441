"""The fast paths of this round against the plain versions they replace: the stage scan carried
over a rule's changes, quote balance over the code points, a table's contexts in its alternation,
a line-filtered regex rule visited from where its matches can start."""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine_speedups import reference_quote_balance, texts

from cleaner.api import get_cleaner
from cleaner.edits import Change
from cleaner.stage_scan import SHORT, FirstCharScan


@settings(max_examples=200, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6), st.sampled_from(["", "\n", "“", "）\n"]))
def test_quote_balance_on_long_texts_looks_at_the_unbalanced_lines_only(pieces: list[str], end: str) -> None:
    """SHORT characters or more: the lines come from the code points at once."""
    text = "".join(pieces) or "“"
    text = text * (SHORT // len(text) + 1) + end
    matcher = get_cleaner().matchers["SU03"]
    assert matcher.find(text) == reference_quote_balance(text)


@st.composite
def changed_texts(draw: st.DrawFn) -> tuple[str, list[Change]]:
    """A text and sorted, non-overlapping changes of it (insertions, deletions, replacements)."""
    alphabet = "中a1 \n\U00020000"
    text = draw(st.text(alphabet=alphabet, max_size=60)) * draw(st.integers(1, 8))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    changes: list[Change] = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if changes and start == changes[-1].end == changes[-1].start:
            continue  # two insertions at one place are one change
        changes.append(Change(start, end, draw(st.text(alphabet=alphabet, max_size=5))))
    return text, changes


@settings(max_examples=300, deadline=None)
@given(changed_texts())
def test_the_scan_carried_over_changes_is_the_scan_of_the_new_text(case: tuple[str, list[Change]]) -> None:
    text, changes = case
    pieces, pos = [], 0
    for c in changes:
        pieces += [text[pos : c.start], c.after]
        pos = c.end
    after = "".join(pieces) + text[pos:]
    scan, fresh = FirstCharScan(), FirstCharScan()
    bits = [s.register(re.compile(p)) for s in (scan, fresh) for p in ("[0-9]", r"\s")]
    assert None not in bits and bits[:2] == bits[2:]
    scan.positions(text, 1)
    scan.carry(text, after, changes)
    carried = scan._last is not None and scan._last[0] is after
    assert carried or not changes or 4 * sum(len(c.after) for c in changes) > len(after)
    for bit in (1, 2):
        assert scan.positions(after, bit) == fresh.positions(after, bit)
    if carried:
        assert scan._last is not None and scan._last[0] is after  # no scan of the whole text


def plain_table(matcher: Any) -> Any:
    """The table kind with its literals alone in the alternation (every context tested by ``fits``)."""
    plain = copy.copy(matcher)
    plain.regex = re.compile("|".join(map(re.escape, sorted(matcher.rows, key=lambda s: (-len(s), s)))))
    return plain


def table_pieces(matcher: Any) -> list[str]:
    pieces = {"中", "文", "x", "\n", "展", "务", "的", "力", "地", "县"}
    for source, rows in matcher.rows.items():
        pieces |= {source, source[:-1], source[1:]} | {row.target for row in rows}
    return sorted(pieces)


PREFIXED = dataclasses.replace(  # 发展 is a prefix of 发展的: only the latter may fold its context in
    get_cleaner().rule("LX04"), params={"pairs": [["发展", "發展"], ["发展的", "发展地"], ["的x", "的"]], "not_right": "x|文"})


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(["LX04", "LX05", "prefixed"]), st.booleans())
def test_a_table_with_right_contexts_in_its_alternation_finds_what_fits_finds(
        data: st.DataObject, code: str, long: bool) -> None:
    from cleaner.kinds import build

    matcher: Any = build(PREFIXED) if code == "prefixed" else get_cleaner().matchers[code]
    text = "".join(data.draw(st.lists(st.sampled_from(table_pieces(matcher)), max_size=40)))
    if long:  # the scan's candidates
        text = (text + "中" * 50) * (SHORT // (len(text) + 50) + 1)
    assert matcher.find(text) == plain_table(matcher).find(text)
    if code == "prefixed":
        assert "(?!" not in matcher.regex.pattern.split("|")[0]  # 发展的 comes first, unfolded


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=6), st.booleans())
def test_a_line_filtered_rule_visited_from_its_starts_finds_what_the_line_loop_finds(pieces: list[str], long: bool) -> None:
    text = "".join(pieces)
    if long:
        text = (text or "中") * (SHORT // max(1, len(text)) + 1)
    matcher: Any = get_cleaner().matchers["SU01"]
    assert matcher.line_starts is not None  # a space or a tab starts every match
    plain = copy.copy(matcher)
    plain.line_starts = None
    assert matcher.find(text) == plain.find(text)
