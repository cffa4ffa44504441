"""The ``visual_confusion`` kind: a character OCR misread as one that looks like it.

A misread character usually leaves a non-word behind (越来赴 for 越来越). This
kind looks for exactly that, at few places and without segmenting the text:

1. Once, from the lexicon and the visual-similarity table
   (``tables/similar_chars.tsv``, made by ``scripts/build_similar_chars.py``), it
   lists every *variant* of a frequent word with one character swapped for a
   look-alike, indexed by the variant's two-character pieces around the swap
   that are not words themselves.
2. In a text, the places of the indexed pieces are found in one vectorised pass
   over its code points (:mod:`cleaner.pair_index`); only there does it look further.
3. There, the variant must stand in the text, and the suspect character must
   belong to no word of two to four characters around it (it reads as a stray
   single character); its replacement makes the frequent word, whose other
   characters belong to no word reaching outside it.

Each candidate gets a score from the glyph similarity, the word's frequency and
how rarely the suspect character stands alone as a word. At or above
``apply_score`` it is an ``unsafe`` edit (applied with --unsafe); at or above
``flag_score`` a suspect; below, nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.charclass import is_han
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.lexicon import Lexicon, default_lexicon
from cleaner.pair_index import PairIndex
from cleaner.rule import Rule
from cleaner.tables import load_table

# (word, offset of the piece in the word, index of the swapped character, similarity)
Entry = tuple[str, int, int, float]


def load_similar(path: Path, min_similarity: float) -> dict[str, list[tuple[str, float]]]:
    """The similarity table: character -> [(look-alike, similarity)], both directions."""
    similar: dict[str, dict[str, float]] = {}
    for row in load_table(path):
        for item in row.get("similar", "").split():
            other, _, score = item.partition(":")
            value = float(score)
            if value >= min_similarity:
                for a, b in ((row["from"], other), (other, row["from"])):
                    if value > similar.setdefault(a, {}).get(b, 0.0):
                        similar[a][b] = value
    return {ch: sorted(near.items(), key=lambda x: -x[1]) for ch, near in similar.items()}


@lru_cache(maxsize=4)
def variant_index(path: Path, min_similarity: float, min_freq: int) -> dict[str, list[Entry]]:
    """Two-character pieces of one-swap variants of frequent words, pointing back to the words."""
    similar = load_similar(path, min_similarity)
    lexicon = default_lexicon()
    entries = lexicon.entries
    index: dict[str, list[Entry]] = {}
    for word, (freq, _pos) in entries.items():
        n = len(word)
        if freq < min_freq or not 2 <= n <= 4:
            continue
        for j, right in enumerate(word):
            for wrong, score in similar.get(right, ()):
                variant = word[:j] + wrong + word[j + 1 :]
                if variant in entries:
                    continue  # the variant is a word too: nothing to say
                for k in (j - 1, j):
                    if k >= 0 and k + 2 <= n:
                        piece = variant[k : k + 2]
                        if piece not in entries:
                            index.setdefault(piece, []).append((word, k, j, score))
    return index


@lru_cache(maxsize=4)
def piece_finder(path: Path, min_similarity: float, min_freq: int) -> PairIndex:
    """Finds the pieces of :func:`variant_index` in a text (one vectorised pass)."""
    return PairIndex(variant_index(path, min_similarity, min_freq))


@dataclass(frozen=True)
class VisualConfusionSettings:
    table: str  # the glyph-similarity table, relative to the pack
    min_similarity: float = 0.75
    min_word_freq: int = 100
    apply_score: float = 0.8  # at or above: an unsafe edit
    flag_score: float = 0.6  # at or above: a suspect


class VisualConfusionKind:
    Settings = VisualConfusionSettings
    reach = "line"  # its words and pieces never hold a line break (cleaner/incremental.py)

    def __init__(self, rule: Rule) -> None:
        self.settings = settings = read_settings(rule, VisualConfusionSettings)
        if rule.path is None:
            raise rule.field_error("table", "must name the similarity table, in a rule from a file")
        self.path = (rule.path.parent / settings.table).resolve()
        if not self.path.is_file():
            raise rule.field_error("table", f"{self.path} does not exist")
        self.min_freq = settings.min_word_freq
        self._last: tuple[str, list[Finding]] | None = None

    def find(self, text: str) -> list[Finding]:
        if self._last is not None and self._last[0] == text:
            return self._last[1]
        found = self._find(text)
        self._last = (text, found)
        return found

    def _find(self, text: str) -> list[Finding]:
        index = variant_index(self.path, self.settings.min_similarity, self.min_freq)
        lexicon = default_lexicon()
        best: dict[int, tuple[float, str, str]] = {}
        # One pass in text order (a find per piece was a pass over the text per piece,
        # and set order made ties between candidates depend on string hashing).
        for at in piece_finder(self.path, self.settings.min_similarity, self.min_freq).positions(text):
            for word, k, j, similarity in index[text[at : at + 2]]:
                start = at - k
                pos = start + j
                if start < 0 or (pos in best and best[pos][0] >= 1.0):
                    continue
                seen = text[start : start + len(word)]
                if len(seen) != len(word) or seen[:j] != word[:j] or seen[j + 1 :] != word[j + 1 :]:
                    continue
                if text[pos] in text[pos - 1 : pos] + text[pos + 1 : pos + 2]:
                    continue  # a doubled character (小悦悦) is a name or a reduplication
                if _covered(lexicon, text, pos) or _claimed(lexicon, text, start, start + len(word), pos):
                    continue
                score = self.score(lexicon, text[pos], word, similarity)
                if score > best.get(pos, (0.0, "", ""))[0]:
                    best[pos] = (score, word[j], word)
        found = []
        for pos, (score, right, word) in sorted(best.items()):
            wrong = text[pos]
            reason = f"{wrong} looks like {right}, which makes the word {word} (score {score:.2f})"
            if score >= self.settings.apply_score:
                found.append(Finding(pos, pos + 1, right, reason=reason))
            elif score >= self.settings.flag_score:
                found.append(Finding(pos, pos + 1, None, reason=reason, candidates=(right,)))
        return found

    @staticmethod
    def score(lexicon: Lexicon, wrong: str, word: str, similarity: float) -> float:
        """Glyph similarity, raised by a frequent word, lowered by a character common on its own."""
        word_weight = min(1.0, math.log10(lexicon.freq(word) + 1) / 4)  # 10,000 and more: 1
        alone = math.log10(lexicon.freq(wrong) + 1) / 6  # 1,000,000 (了, 是): 1
        return round(similarity * (0.5 + 0.5 * word_weight) * (1.0 - 0.6 * min(1.0, alone)), 3)


def _claimed(lexicon: Lexicon, text: str, start: int, end: int, pos: int) -> bool:
    """Does another character of the proposed word belong to a word reaching outside it?

    Then the text reads otherwise (融资贵问题: 问 belongs to 问题, so 贵 is not 责问).
    """
    entries = lexicon.entries
    for n in (2, 3):
        for lo in range(max(0, start - n + 1), start):  # words across the left edge
            if lo + n > start and lo + n <= pos and text[lo : lo + n] in entries:
                return True
        for lo in range(max(pos + 1, end - n + 1), end):  # words across the right edge
            if lo + n > end and lo + n <= len(text) and text[lo : lo + n] in entries:
                return True
    return False


def _covered(lexicon: Lexicon, text: str, pos: int) -> bool:
    """Does a word of two to four characters in ``text`` cover position ``pos``?"""
    if not is_han(text[pos]):
        return True
    entries = lexicon.entries
    for n in (2, 3, 4):
        for start in range(max(0, pos - n + 1), pos + 1):
            if start + n <= len(text) and text[start : start + n] in entries:
                return True
    return False
