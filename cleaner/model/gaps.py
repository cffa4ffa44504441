"""A character dropped from inside a word: 意志力 printed as 志力, 东西南北 as 东西北.

OCR (and hurried typing) drops characters of any kind, not only the few that the
``dropped`` channel inserts before measure words. Here the candidates come from the
lexicon: every frequent word of three or four ideographs, less one character, is a
*fragment*; where a fragment that is no word itself stands in the text, the missing
character put back is a candidate, unless an end of the fragment makes a word with its
neighbour (the text then reads as words: four candidates in five go, and LX14's time with
them). Such a candidate is weak evidence on its own (a
fragment can be two words that meet), so the rule that uses it only flags, and only
where the language model reads the text far better with the character back.
"""

from __future__ import annotations

from functools import lru_cache

from cleaner.charclass import is_han
from cleaner.lexicon import default_lexicon
from cleaner.model.channel import Candidate
from cleaner.pair_index import PairIndex

# fragment -> [(word, offset of the missing character in the fragment, the character)]
Gaps = dict[str, list[tuple[str, int, str]]]


@lru_cache(maxsize=4)
def gap_index(min_freq: int, vocabulary: frozenset[str]) -> Gaps:
    """Fragments of the lexicon's frequent words of 3-4 ideographs that the model also knows.

    A fragment that is a word itself (or in the model's vocabulary) is left out: it would
    send every correct occurrence of that word to the model.
    """
    entries = default_lexicon().entries
    index: Gaps = {}
    for word, (freq, _pos) in entries.items():
        if freq < min_freq or not 3 <= len(word) <= 4 or word not in vocabulary or not all(map(is_han, word)):
            continue
        for j in range(len(word)):
            fragment = word[:j] + word[j + 1 :]
            if fragment in entries or fragment in vocabulary:
                continue
            index.setdefault(fragment, []).append((word, j, word[j]))
    return index


@lru_cache(maxsize=4)
def gap_finder(min_freq: int, vocabulary: frozenset[str]) -> PairIndex:
    """The first two characters of every fragment of :func:`gap_index`, found in one pass."""
    return PairIndex(fragment[:2] for fragment in gap_index(min_freq, vocabulary))


def dropped_in_words(text: str, index: Gaps, finder: PairIndex, cost: float) -> list[Candidate]:
    """The missing character of a word put back where one of its fragments stands: the
    candidate replaces the fragment (志力) with it completed (意志力), so that a suspect
    shows the reader both."""
    found: dict[tuple[int, str], Candidate] = {}
    words = default_lexicon().entries
    for at in finder.positions(text):
        for n in (2, 3):
            fragment = text[at : at + n]
            if fragment not in index or text[at - 1 : at + 1] in words or text[at + n - 1 : at + n + 1] in words:
                continue  # an end of the fragment makes a word with its neighbour: the text reads as words
            for word, j, missing in index.get(fragment, ()):
                pos = at + j
                if text[pos - 1 : pos] == missing or text[pos : pos + 1] == missing:
                    continue  # the character is there, doubled or not: another channel's business
                if text[at - 1 : at + n] == word or text[at : at + n + 1] == word:
                    continue
                repaired = fragment[:j] + missing + fragment[j:]
                found.setdefault((at, repaired), Candidate(at, at + n, repaired, cost, f"{missing} dropped from {word}?"))
    return sorted(found.values(), key=lambda c: (c.start, c.end, c.after))
