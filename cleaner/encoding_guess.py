"""Telling which Chinese encoding bytes that are not UTF-8 are in, or saying that it cannot be told.

Each candidate (GB18030, Big5, UTF-16 in either byte order) that decodes the bytes strictly is
read as text and scored by how plausible its characters are as Chinese: ASCII, CJK punctuation and
frequent ideographs (by jieba's dictionary, after OpenCC's traditional-to-simplified mapping, so
that Big5 text scores like GB text) score high; rare ideographs, Hangul read from GBK bytes, control
characters and private-use code points score low. The best candidate is taken only when its score
is high and clearly above the next one; otherwise the guess is refused (``--encoding`` decides).
A wrong guess would silently turn a document into other characters, which is worse than an error.
"""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

CANDIDATES = ("gb18030", "big5", "utf-16-le", "utf-16-be")
MIN_SCORE = 0.8  # the best reading's mean plausibility
MIN_MARGIN = 0.15  # how far above the next reading it must be
COMMON_RANK = 2500  # ideographs this frequent are fully plausible
KNOWN_RANK = 5000
SAMPLE_BYTES = 64 * 1024  # the part of a large input that is scored


class CannotTell(ValueError):
    """The encoding cannot be told with confidence; the message says why (the reader,
    :mod:`cleaner.io`, makes it an ``InputError`` naming the file)."""


@dataclass(frozen=True)
class Reading:
    encoding: str
    score: float


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    """Ideographs by frequency (0 = most frequent): each word's frequency added to its characters."""
    from cleaner.lexicon import default_lexicon

    counts: Counter[str] = Counter()
    for word, (freq, _) in default_lexicon().entries.items():
        for ch in word:
            counts[ch] += freq
    return {ch: n for n, (ch, _) in enumerate(counts.most_common())}


@lru_cache(maxsize=1)
def _to_simplified():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s").convert


def _plausibility(ch: str, ranks: dict[str, int]) -> float:
    o = ord(ch)
    if 0x20 <= o < 0x7F or ch in "\t\n\r":
        return 1.0
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027 or ch in "·×÷…─":
        return 1.0
    if 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
        rank = ranks.get(ch)
        if rank is None:
            return 0.1
        return 1.0 if rank < COMMON_RANK else 0.7 if rank < KNOWN_RANK else 0.3
    return 0.0


def score(text: str) -> float:
    """Mean plausibility of ``text``'s characters as Chinese text (0..1).

    >>> score("你好，世界。") > 0.9 > 0.2 > score("쓣뫃ꎬ쫀뷧ꆣ")
    True
    """
    if not text:
        return 0.0
    ranks = _ranks()
    simplified = _to_simplified()(text)
    if len(simplified) != len(text):
        simplified = text
    return sum(_plausibility(ch, ranks) for ch in simplified) / len(simplified)


def readings(data: bytes, complete: bool) -> list[Reading]:
    """Every candidate that decodes ``data`` (a prefix unless ``complete``), best first."""
    found: list[Reading] = []
    texts: set[str] = set()
    for encoding in CANDIDATES:
        chunk = data
        if encoding.startswith("utf-16"):
            if complete and len(data) % 2:
                continue
            chunk = data[: len(data) - len(data) % 2]
        try:
            text = codecs.getincrementaldecoder(encoding)("strict").decode(chunk, final=complete)
        except UnicodeDecodeError:
            continue
        if "\x00" in text or text in texts:
            continue
        texts.add(text)
        found.append(Reading(encoding, score(text)))
    return sorted(found, key=lambda r: -r.score)


def guess(data: bytes, complete: bool = True) -> str:
    """The encoding of ``data``, or :class:`CannotTell` saying why it cannot be told."""
    if len(data) > SAMPLE_BYTES:
        data, complete = data[:SAMPLE_BYTES], False
    found = readings(data, complete)
    if not found and b"\x00" in data:
        raise CannotTell("binary file (NUL bytes), not text")
    if not found:
        raise CannotTell("cannot decode with confidence: not UTF-8, GB18030, Big5 or UTF-16; pass --encoding NAME")
    best = found[0]
    second = found[1] if len(found) > 1 else None
    if best.score < MIN_SCORE or (second and best.score - second.score < MIN_MARGIN):
        others = f", or {second.encoding} ({second.score:.2f})" if second else ""
        raise CannotTell("cannot tell the encoding with confidence (not UTF-8; best guess "
                         f"{best.encoding} ({best.score:.2f}){others}); pass --encoding NAME")
    return best.encoding
