"""The engine's fast paths find exactly what the plain ones do (property tests against references)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import stage_scan
from cleaner.api import get_cleaner
from cleaner.charclass import compile_pattern
from cleaner.edits import Change, Document
from cleaner.kinds import Finding
from cleaner.kinds.firstchar import first_char_finder
from cleaner.kinds.quote_balance import PAIRS, QuoteBalanceKind
from cleaner.stage_scan import BMP, SCAN, SHORT, FirstCharScan, candidate_search

# Characters that the layout, spacing and quote rules care about, and ordinary text around them.
ALPHABET = "中文axz发展版转第4（）()“”‘’《》【】：——。，、 \t\u3000\u00a0\n\rabcXYZ1"
texts = st.text(alphabet=ALPHABET, max_size=80)

PATTERNS = [
    r"(?<=[^\n])(?:\n[ \t\u3000]*)+\n(?=[^\n])|(?<=[^\n])\n(?=[^\n])",
    r"^[ \t\u3000\u00a0]+|[ \t\u3000\u00a0]+$",
    r"(?<=\p{Han})[ \t]+(?=\p{Han})",
    r"(?<=\p{Han})\s*(?<![A-Za-z])[a-z]{2,12}(?![A-Za-z])\s*(?=\p{Han})",
    r"[ \t\u3000]*[（(]\s*(?:[上下]\s*)?[转接]\s*第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[)）]",
    r"\(([^()（）\n]*\p{Han}[^()（）\n]*)\)",
    r"(?:ab|c)?[0-9]+|：——",
    r"\r\n?",
    r"(?<=\S)\s*\Z",
    r"\s*\Z",
    r"a?\Z",
    r"(?:x|\n)*\Z",
    r"(?<=：)(?=——[^\n]*\n[ \t\u3000]*\n[ \t\u3000]*——)",
    r"(?<=[：，])(?!a)",
    r"(?<=a)",
]


def spans(matches: Iterable[Any]) -> list[tuple[int, int, tuple[Any, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_first_char_finder_finds_what_finditer_finds(text: str) -> None:
    for source in PATTERNS:
        for flags in (0, re.M):
            pattern = compile_pattern(source, flags)
            finder = first_char_finder(pattern)
            assert finder is not None, source
            assert spans(finder(text)) == spans(pattern.finditer(text)), (source, text)


@settings(max_examples=100, deadline=None)
@given(st.lists(texts, min_size=1, max_size=5), st.sampled_from(["", "\U00020000", "\ud800"]))
def test_first_char_finder_on_long_texts_finds_what_finditer_finds(pieces: list[str], beyond: str) -> None:
    """A text of SHORT characters or more: the candidates of every rule come from one scan."""
    text = "".join(pieces) + beyond
    text = (text or "中") * (SHORT // max(1, len(text)) + 1)
    assert len(text) >= SHORT
    for source in PATTERNS:
        pattern = compile_pattern(source)
        finder = first_char_finder(pattern)
        assert finder is not None
        assert spans(finder(text)) == spans(pattern.finditer(text)), source


@given(st.text(alphabet="中a1 \n\U00020000\ud800", max_size=40))
def test_one_scan_gives_each_set_its_characters_and_those_beyond_the_plane(text: str) -> None:
    scan = FirstCharScan()
    digits, spaces = scan.register(re.compile("[0-9]")), scan.register(re.compile(r"\s"))
    assert digits is not None and spaces is not None
    assert scan.positions(text, digits) == [i for i, ch in enumerate(text) if ch == "1" or ord(ch) >= BMP]
    assert scan.positions(text, spaces) == [i for i, ch in enumerate(text) if ch in " \n" or ord(ch) >= BMP]


def test_one_scan_a_block_at_a_time_gives_the_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "中a1 \n\U000200001" * 9
    scan = FirstCharScan()
    digits = scan.register(re.compile("[0-9]"))
    assert digits is not None
    whole = scan.positions(text, digits)
    monkeypatch.setattr(stage_scan, "BLOCK", 5)
    scan.version += 1  # forget the text just scanned
    assert scan.positions(text, digits) == whole == [i for i, ch in enumerate(text) if ch == "1" or ord(ch) >= BMP]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="中文发展的x\U00020000", max_size=30), st.integers(0, 40))
def test_a_table_search_at_the_candidates_is_re_search(piece: str, pos: int) -> None:
    """A table's literals searched at its first characters' places (few: the scan) is ``search``."""
    pattern = re.compile("发展的|发展|的x|\U00020000中")
    text = (piece + "文" * 6000) * 2  # SHORT characters or more, and few candidates
    search = candidate_search(pattern, SCAN.register(re.compile("[发的\U00020000]")), text)
    assert getattr(search, "__self__", None) is not pattern  # the scan's candidates, not re's search
    for start in [*range(pos, len(piece) + 2), *range(pos, len(text), 997)]:
        ours, theirs = search(text, start), pattern.search(text, start)
        assert (ours and ours.span()) == (theirs and theirs.span())


def test_first_char_finder_declines_what_it_cannot_speed_up() -> None:
    for source in (r"\A\s+", r"(?<=\S)\s*$", r"\s*", r"(?=——)(?<=：)", r"(?<=ab)", r".x", r"[^a]b", r"(a?)\1b", r"\w+"):
        assert first_char_finder(re.compile(source)) is None, source
    assert first_char_finder(re.compile("abc", re.I)) is None


def test_every_default_regex_rule_with_a_finder_agrees_on_the_sample(sample_text: str) -> None:
    cleaner = get_cleaner()
    for rule in cleaner.rules:
        matcher: Any = cleaner.matchers[rule.code]  # a regex kind: its finditer and regex
        if rule.kind == "regex":
            for text in (sample_text, sample_text.replace("。", "。\n\n\n ", 40)):
                assert spans(matcher.finditer(text)) == spans(matcher.regex.finditer(text)), rule.code


def reference_quote_balance(text: str) -> list[Finding]:
    """The straightforward per-character scan, paragraph by paragraph."""
    closers = {v: k for k, v in PAIRS.items()}
    found = []
    start = 0
    for paragraph in text.split("\n"):
        open_at: dict[str, int | None] = dict.fromkeys(PAIRS)
        for i, ch in enumerate(paragraph):
            if ch in PAIRS:
                opened = open_at[ch]
                if opened is not None:
                    found.append(QuoteBalanceKind._stray(opened, start, ch, "opens again before it is closed"))
                open_at[ch] = i
            elif ch in closers:
                if open_at[closers[ch]] is None:
                    found.append(QuoteBalanceKind._stray(i, start, ch, "closes nothing"))
                open_at[closers[ch]] = None
        for mark, left_open in open_at.items():
            if left_open is not None:
                found.append(QuoteBalanceKind._stray(left_open, start, mark, "is never closed in its paragraph"))
        start += len(paragraph) + 1
    return sorted(found, key=lambda f: f.start)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_quote_balance_scan_matches_the_reference(text: str) -> None:
    matcher = get_cleaner().matchers["SU03"]
    assert matcher.find(text) == reference_quote_balance(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="人人民民发展发展中国国际的的哈\n，a", max_size=60))
def test_doubled_character_finder_finds_what_finditer_finds(text: str) -> None:
    from cleaner.kinds.duplicate import CHAR_DOUBLE, find_char_doubles

    assert spans(find_char_doubles(text)) == spans(CHAR_DOUBLE.finditer(text))


@st.composite
def documents_and_changes(draw: st.DrawFn) -> tuple[Document, list[Change]]:
    """A document after two rounds of random edits, and random changes (any order, overlapping) on it."""
    from cleaner.edits import Change, Document

    doc = Document(draw(st.text(alphabet="abcd\n", min_size=1, max_size=30)))

    def changes(text: str, sorted_apart: bool) -> list[Change]:
        found = []
        for _ in range(draw(st.integers(0, 6))):
            start = draw(st.integers(0, len(text)))
            end = draw(st.integers(start, min(len(text), start + 3)))
            found.append(Change(start, end, draw(st.sampled_from(["", "x", "yy"]))))
        if not sorted_apart:
            return found
        kept, pos = [], -1
        for c in sorted(found, key=lambda c: (c.start, c.end)):
            if c.start > pos:
                kept.append(c)
                pos = max(c.end, c.start)
        return kept

    for rule in ("R1", "R2"):
        doc.apply(changes(doc.text, True), rule, "layout", "safe")
    return doc, changes(doc.text, False)


@settings(max_examples=300, deadline=None)
@given(documents_and_changes())
def test_locator_is_locate_one_by_one(case: tuple[Document, list[Change]]) -> None:
    doc, changes = case
    locator = doc.locator()
    expected = [doc.locate([c], "R3", "lexical", "flag")[0] for c in changes]
    assert [locator.locate(c, "R3", "lexical", "flag") for c in changes] == expected
