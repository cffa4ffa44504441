"""Document.locator() places single changes exactly as Document.locate does, only faster."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.edits import Change, Document


@st.composite
def documents_and_spans(draw):  # type: ignore[no-untyped-def]
    doc = Document(draw(st.text(alphabet="ab\n", min_size=5, max_size=40)))
    for _ in range(draw(st.integers(0, 4))):
        n = len(doc.text)
        points = sorted(draw(st.lists(st.integers(0, n), min_size=2, max_size=6)))
        changes, last = [], -1
        for s, e in zip(points[::2], points[1::2]):
            if s > last:
                changes.append(Change(s, e, draw(st.sampled_from(["", "x", "yy"]))))
                last = e
        doc.apply(changes, "R", "layout", "safe")
    n = len(doc.text)
    spans = [tuple(sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n))))) for _ in range(draw(st.integers(1, 5)))]
    return doc, spans


@settings(max_examples=300, deadline=None)
@given(documents_and_spans())
def test_locator_agrees_with_locate(case):
    doc, spans = case
    locator = doc.locator()
    for s, e in spans:
        change = Change(s, e, "z")
        (exact,) = doc.locate([change], "S", "suspects", "flag")
        assert locator.locate(change, "S", "suspects", "flag") == exact
