"""The edit model: changes at any stage map back to the source and replay exactly."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.edits import Change, Document, Edit, apply_edits


@st.composite
def change_lists(draw: st.DrawFn, length: int) -> list[Change]:
    """Sorted, non-overlapping changes over a text of ``length`` characters (zero-width included)."""
    points = sorted(draw(st.lists(st.integers(0, length), max_size=6)))
    changes, last_end, last_zero_at = [], 0, -1
    for start, end in zip(points[::2], points[1::2]):
        if start < last_end or (start == end == last_zero_at):
            continue
        changes.append(Change(start, end, draw(st.text("xyz中", max_size=3))))
        last_end = end
        last_zero_at = end if start == end else -1
    return changes


@st.composite
def documents(draw: st.DrawFn) -> Document:
    source = draw(st.text("ab中\n", max_size=14))
    doc = Document(source)
    for _ in range(draw(st.integers(1, 4))):
        before = doc.text
        changes = draw(change_lists(len(before)))
        expected = before
        for c in reversed(changes):
            expected = expected[: c.start] + c.after + expected[c.end :]
        doc.apply(changes, f"R{_}", "stage", "safe")
        assert doc.text == expected
    return doc


@settings(max_examples=400, deadline=None)
@given(documents())
def test_applied_edits_replay_onto_the_source(doc: Document) -> None:
    assert apply_edits(doc.source, doc.edits) == doc.text
    spans = [(e.start, e.end) for e in doc.edits]
    assert spans == sorted(spans)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    for edit in doc.edits:
        assert doc.source[edit.start : edit.end] == edit.before


def test_later_edit_inside_earlier_output_is_merged() -> None:
    doc = Document("AB（下转第4版）C")
    doc.apply([Change(2, 10, "")], "LY01", "layout", "safe")
    doc.apply([Change(1, 3, "b")], "LX99", "lexical", "safe")  # touches B and C across the deletion
    assert doc.text == "Ab"
    (edit,) = doc.edits
    assert (edit.rule, edit.stage, edit.start, edit.end, edit.before, edit.after) == (
        "LY01+LX99", "layout+lexical", 1, 11, "B（下转第4版）C", "b",
    )


def test_adjacent_edits_stay_separate() -> None:
    doc = Document("观观点点")
    doc.apply([Change(1, 2, "")], "A", "s", "safe")
    doc.apply([Change(2, 3, "")], "B", "s", "safe")  # the second 点, now at offset 2
    assert doc.text == "观点"
    assert [(e.rule, e.start, e.end) for e in doc.edits] == [("A", 1, 2), ("B", 3, 4)]


def test_locate_does_not_apply() -> None:
    doc = Document("甲乙丙")
    doc.apply([Change(0, 1, "")], "A", "s", "safe")
    (located,) = doc.locate([Change(1, 2, "丁")], "B", "s", "unsafe")
    assert (located.start, located.end, located.before, located.after) == (2, 3, "丙", "丁")
    assert doc.text == "乙丙"


def test_apply_edits_refuses_a_stale_edit() -> None:
    with pytest.raises(ValueError, match="does not match"):
        apply_edits("甲乙", [Edit("A", "s", 0, 1, "丙", "丁")])
    with pytest.raises(ValueError, match="overlaps"):
        apply_edits("甲乙丙", [Edit("A", "s", 0, 2, "甲乙", ""), Edit("B", "s", 1, 3, "乙丙", "")])
