"""The fast finders find exactly what the plain scans find: PairIndex (pieces of two
characters), repeat_finditer (the doubled-character and doubled-word patterns), the dropped
character's candidates, the look-alike candidates, the lines LY22 skips, the shared split into lines."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.kinds.digit_lookalike import TOKEN, _tokens
from cleaner.kinds.duplicate import CHAR_DOUBLE, WORD_DOUBLE, find_char_doubles, find_word_doubles
from cleaner.kinds.line_edge_noise import GAP_ENDS, MARKS, LineEdgeNoiseKind, _spaced
from cleaner.kinds.ocr_space import SPACED_RUN, spaced_runs
from cleaner.model.channel import _dropped_pattern
from cleaner.pagelines import split_lines
from cleaner.pair_index import PairIndex
from cleaner.pipeline import Cleaner

ALPHABET = "中文发展观点\n \U00020000\ud800a"  # a character beyond the BMP and a lone surrogate too
PAIRS = ["中文", "文发", "观点", "\U00020000中", "a\ud800", " \n", "点"]  # "点": not a pair, ignored
INDEX = PairIndex(PAIRS)


def scanned(text: str) -> list[int]:
    wanted = {p for p in PAIRS if len(p) == 2}
    return [n for n in range(len(text) - 1) if text[n : n + 2] in wanted]


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_same_places_as_a_scan(text: str) -> None:
    assert INDEX.positions(text) == scanned(text)


def test_edges() -> None:
    assert INDEX.positions("") == [] and INDEX.positions("中") == []
    assert INDEX.positions("中文中文") == [0, 2]
    assert PairIndex([]).positions("中文") == []


@given(st.text(alphabet=ALPHABET, max_size=60))
def test_the_search_without_a_bitmap_finds_the_same(text: str) -> None:
    index = PairIndex(PAIRS)
    index.bitmap = None  # what an index of too many characters for a bitmap uses
    assert index.positions(text) == scanned(text)


DOUBLES = st.text(alphabet="中国国际研究观点\n 哈\U00020000\ud800", max_size=40)


def spans(matches: Iterable[Any]) -> list[tuple[int, int, tuple[Any, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]


@given(DOUBLES)
@example("研究观点研究观点研究观点 国国国 中国国际中国国际")
def test_doubles_are_the_regex_matches(text: str) -> None:
    assert spans(find_word_doubles(text)) == spans(WORD_DOUBLE.finditer(text))
    assert spans(find_char_doubles(text)) == spans(CHAR_DOUBLE.finditer(text))


DROPPED = st.text(alphabet="的一批项目条件系列，。\n中a", max_size=40)


@given(DROPPED)
@example("的批。批\n批项目一批")
def test_dropped_candidates_are_the_regex_matches(text: str) -> None:
    """dropped_before tries its pattern only before a character of ``before``: the same places
    as the pattern's own scan (the lexicon checks after it are the same code)."""
    pattern, ahead = _dropped_pattern("批项条系", "一")
    tried = [hit.start() - 1 for hit in ahead.finditer(text, 1) if pattern.match(text, hit.start() - 1)]
    assert tried == [m.start() for m in pattern.finditer(text)]


LINE = st.text(alphabet="，,、。.“”\"'_~·中文 \u30001234", max_size=20).map(lambda t: t.strip(" \u3000"))


@given(LINE)
def test_line_edge_noise_skips_only_lines_its_patterns_cannot_match(line: str) -> None:
    """LY22 searches a line's end gap only when it ends on a mark or digit, and tries a line of
    marks only when it starts with one: the patterns cannot match otherwise."""
    kind = line_edge_noise()
    m = kind.end_gap.search(line)
    if m and m.start() > 0:
        assert line[-1] in GAP_ENDS and _spaced(line)
    if line and kind.only_marks.fullmatch(line.replace(" ", "")):
        assert line[0] in MARKS


def test_split_lines_hands_out_its_own_list_each_time() -> None:
    text = "甲\n\n乙。\n"
    first = split_lines(text)
    first.clear()  # a caller's list: changing it changes nothing for the next caller
    assert [line.content for line in split_lines("".join(["甲\n", "\n乙。\n"]))] == ["甲", "", "乙。", ""]


def line_edge_noise() -> LineEdgeNoiseKind:
    kind = Cleaner().matchers["LY22"]
    assert isinstance(kind, LineEdgeNoiseKind)
    return kind


PAGE = st.lists(st.text(alphabet="，,、。.“”\"'_~·-中文 \u3000\f12", max_size=12), max_size=25).map("\n".join)


@given(PAGE)
@example("文。\n  ，\n“中”\n\n”文\n中文 “\n文。”\n-中\n\n中 。")
@example("中“文。\n”中文\n中“文\n文。”")  # a quotation opened on a line passed over
def test_line_edge_noise_finds_on_the_lines_it_looks_at_what_it_finds_looking_at_all(text: str) -> None:
    """LY22 looks only at lines that start or end with a mark; the lines it passes over only
    hand on the line before and the open quotation, which it reads from the text."""
    kind = line_edge_noise()
    lines = split_lines(text)
    every = [n for n, line in enumerate(lines) if not line.blank]
    assert kind.find(text) == kind.scan(text, lines, every)


@given(st.text(alphabet="经济发展 \u3000\u00a0\n，a", max_size=40))
@example("经 济 发 展 质 量\n 推 动 经 济")
def test_spaced_runs_are_the_regex_matches(text: str) -> None:
    assert spans(spaced_runs(text)) == spans(SPACED_RUN.finditer(text))


@given(st.text(alphabet="0123OolIa年，\n. -", max_size=40))
@example("2OO1年\n1O\nl9年")
def test_number_tokens_with_a_letter_are_the_regex_matches(text: str) -> None:
    def lettered(matches: Iterable[Any]) -> list[tuple[int, int, tuple[Any, ...]]]:
        return [s for s in spans(matches) if not text[s[0] : s[1]].isdigit()]

    assert lettered(_tokens(text)) == lettered(TOKEN.finditer(text))


SIMILAR = {"未": [("末", 1.0)], "末": [("未", 1.0)], "己": [("已", 0.5)], "已": [("己", 0.5)]}


def swapped_into_words(text: str, index: dict[str, list[tuple[str, int, int, float]]]) -> set[tuple[int, str]]:
    """The plain reading of a look-alike candidate: a word of the index read with one character swapped."""
    found = set()
    for entries in index.values():
        for word, _, j, _ in entries:
            for start in range(len(text) - len(word) + 1):
                seen = text[start : start + len(word)]
                if seen != word and seen[:j] == word[:j] and seen[j + 1 :] == word[j + 1 :] and seen[j] in dict(SIMILAR[word[j]]):
                    found.add((start + j, word[j]))
    return found


@lru_cache(maxsize=1)
def similar_index() -> tuple[dict[str, list[tuple[str, int, int, float]]], PairIndex]:
    from cleaner.model.channel import variant_index

    index = variant_index(SIMILAR, frozenset(), 0)  # the lexicon's words of 2-4 characters with 未末已己
    return index, PairIndex(index)


@given(st.text(alphabet="未来末已经自己己是的一", max_size=30))
@example("末来已经自已的未来")
def test_lookalike_candidates_are_the_swapped_words(text: str) -> None:
    from cleaner.model.channel import lookalikes

    index, pairs = similar_index()
    found = {(c.start, c.after) for c in lookalikes(text, index, pairs)}
    plain = {(pos, after) for pos, after in swapped_into_words(text, index)
             if text[pos] not in text[pos - 1 : pos] + text[pos + 1 : pos + 2]}  # a doubled character is left alone
    assert found == plain
