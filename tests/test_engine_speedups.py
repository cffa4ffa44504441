"""The engine's fast paths find exactly what the plain ones do (property tests against references)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import stage_scan
from cleaner.api import get_cleaner
from cleaner.charclass import compile_pattern
from cleaner.edits import Change, Document
from cleaner.kinds import Finding
from cleaner.kinds.continuation_marker import BARE_LINE, bare_lines
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


MARKER_TEXT = st.text(alphabet="下转接见上续前第4四版页面一 \t\u3000\n\r（）文", max_size=40)


@settings(max_examples=300, deadline=None)
@given(MARKER_TEXT)
@example("转第4版\n \u3000上接第四版\r\n文\n接上页\n续前页")
@example("\n下\n转4版\n\n见下页 \n上\n\n接第一版")
def test_bare_marker_lines_are_the_regex_matches(text: str) -> None:
    assert spans(bare_lines(text)) == spans(BARE_LINE.finditer(text))


def reference_certain_strays(text: str) -> list[Finding]:
    """CH08's check on every line, not only the lines its pattern picks out."""
    matcher = get_cleaner().matchers["CH08"]
    found, start = [], 0
    for line in text.split("\n"):
        found.extend(matcher._certain(line, start))  # type: ignore[attr-defined]
        start += len(line) + 1
    return sorted(found, key=lambda f: f.start)


QUOTE_ENDS = st.text(alphabet="中文“”‘’（）《》【】。！？；：， \t\u3000\n\r", max_size=40)


@settings(max_examples=300, deadline=None)
@given(QUOTE_ENDS)
def test_certain_strays_are_found_on_the_lines_the_pattern_picks(text: str) -> None:
    assert get_cleaner().matchers["CH08"].find(text) == reference_certain_strays(text)


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


edit_strings = st.text(alphabet='ab"\\\n\u3000“', max_size=4)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(edit_strings, edit_strings, st.integers(0, 10**7), st.booleans()), max_size=5),
       st.integers(0, 10**7))
def test_a_chunk_renders_its_edits_as_render_item_does(fields: list[tuple[str, str, int, bool]], offset: int) -> None:
    from types import SimpleNamespace

    from cleaner.chunking import render_chunk
    from cleaner.edits import Edit
    from cleaner.report.json_report import render_item
    from cleaner.stats import Stats

    edits = [Edit("LY05+LX13", "layout", start, start + len(before), before, after, "unsafe", applied)
             for before, after, start, applied in fields]
    expected = []
    for edit in edits:
        item = edit.to_dict()
        del item["id"]
        item.update(start=edit.start + offset, end=edit.end + offset)
        expected.append(render_item(item, 2)[1:])
    result = SimpleNamespace(edits=edits, suspects=[], text="", stats=Stats(), errors=[])
    assert render_chunk(result, offset).edits == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="学史明理、，。增信\n“", max_size=40), st.integers(0, 45))
def test_parallel_item_finds_the_marks_as_one_find_per_mark_does(text: str, at: int) -> None:
    from cleaner.kinds.lm_channel import ITEM_ENDS, _parallel_item

    def reference(text: str, at: int) -> bool:  # the first version: a find per mark
        lo = max((text.rfind(ch, max(0, at - 20), at) for ch in ITEM_ENDS), default=-1) + 1
        hi = min((i for i in (text.find(ch, at, at + 20) for ch in ITEM_ENDS) if i >= 0), default=len(text))
        if at < lo + 2 or hi - lo > 8:
            return False
        prefix = text[lo : lo + 2]
        if text[hi : hi + 1] == "、" and text[hi + 1 : hi + 3] == prefix:
            return True
        if text[lo - 1 : lo] == "、":
            before = max((text.rfind(ch, max(0, lo - 21), lo - 1) for ch in ITEM_ENDS), default=-1) + 1
            return text[before : before + 2] == prefix
        return False

    at = min(at, len(text))
    assert _parallel_item(text, at) == reference(text, at)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="一二、（）——罗清宇年月日2021 　。，", max_size=14), max_size=6))
def test_is_standalone_remembers_what_the_patterns_say(contents: list[str]) -> None:
    from cleaner import pagelines

    for content in contents * 2:  # asked twice: the second answer comes from the cache
        plain = bool(pagelines.HEADING.match(content) or pagelines.DATELINE.fullmatch(content)
                     or pagelines.SIGNATURE.fullmatch(content))
        assert pagelines.is_standalone(content) == plain
    held = sum(map(len, pagelines._standalone))
    assert held == pagelines._standalone_chars and (held <= pagelines.STANDALONE_CACHE or len(pagelines._standalone) == 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["中文", "-", "—", "--", "。", "。。。", "…", "_", "9", "96", "\f", "\r", "(", "：——", "：",
                                 "\u200b", "\u202a", "一", "一一", "%", "版"]), max_size=12), st.integers(0, 3000))
def test_a_rule_with_required_literals_runs_where_one_of_them_stands(pieces: list[str], filler: int) -> None:
    text = "文" * filler + "".join(pieces)  # long enough, at times, for the scan of first characters
    cleaner = get_cleaner()
    for rule in cleaner.rules:
        matcher: Any = cleaner.matchers[rule.code]
        if getattr(matcher, "requires", None) and hasattr(matcher, "holds_required"):
            assert matcher.holds_required(text) == any(lit in text for lit in matcher.requires), rule.code

