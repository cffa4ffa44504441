"""The numpy finders find exactly what the plain scans find: PairIndex (pieces of two
characters) and repeat_finditer (the doubled-character and doubled-word patterns)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.kinds.duplicate import CHAR_DOUBLE, WORD_DOUBLE, find_char_doubles, find_word_doubles
from cleaner.pair_index import PairIndex

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
