"""The language model's verdict on a candidate repair: how much likelier the text reads with it.

The text with and without the repair is compared over the same window of context
(a few ideographs on each side, never across punctuation), so the two strings
differ only by the edit. A raw model prefers the shorter string (every word costs
probability), so each repair pays its channel cost, the -log10 probability that
OCR made that error; what is left is the *margin* the rules set thresholds on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cleaner.charclass import HAN

if TYPE_CHECKING:  # for annotations only: channel imports boundary, which reads its windows here
    from cleaner.model.channel import Candidate
    from cleaner.model.lm import LanguageModel

_TRAILING_HAN = re.compile(f"{HAN}*$")
_LEADING_HAN = re.compile(f"{HAN}*")


def window(text: str, start: int, end: int, width: int) -> tuple[int, int]:
    """Up to ``width`` ideographs on each side of ``start..end``, stopping at anything else."""
    left = text[max(0, start - width) : start]
    lo = start - len(left) + _TRAILING_HAN.search(left).start()  # type: ignore[union-attr]
    hi = end + _LEADING_HAN.match(text, end, end + width).end() - end  # type: ignore[union-attr]
    return lo, hi


def margin(model: LanguageModel, text: str, c: Candidate, width: int) -> tuple[float, str]:
    """The candidate's margin (log10 gain minus channel cost) and its repaired window."""
    lo, hi = window(text, c.start, c.end, width)
    left, right = text[lo : c.start], text[c.end : hi]
    before = model.score(left + text[c.start : c.end] + right)
    repaired = left + c.after + right
    after = model.score(repaired)
    if c.start == c.end:  # an insertion: each side also read split at the place (see _split)
        before, after = max(before, _split(model, left, "", right)), max(after, _split(model, left, c.after, right))
    return round(after - before - c.cost, 3), repaired


def _split(model: LanguageModel, left: str, inserted: str, right: str) -> float:
    """The window read with a word boundary on each side of the insertion point (and the
    inserted character a word by itself). The model's data writes a numeral and its measure
    word apart (一 个, 一 条), so 有一个 segmented by unigrams as 有|一个 reads far worse than
    有|一|个; the text without the insertion gets the same boundary, so neither side is favoured."""
    return model.score_words((*model.segment(left), *((inserted,) if inserted else ()), *model.segment(right)))


def margins(model: LanguageModel, text: str, candidates: Iterable[Candidate],
            width: int) -> list[tuple[Candidate, float, tuple[str, ...]]]:
    """Each candidate with its margin (log10 gain minus channel cost) and the repaired window's words."""
    scored = []
    for c in candidates:
        gain, repaired = margin(model, text, c, width)
        scored.append((c, gain, model.segment(repaired)))
    return scored


def word_at(words: tuple[str, ...], offset: int) -> str:
    """The word of a segmentation that covers character ``offset`` of the joined string."""
    at = 0
    for word in words:
        if at <= offset < at + len(word):
            return word
        at += len(word)
    return ""
