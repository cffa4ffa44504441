"""Aligning two versions of a text: layout-normalised comparison and character alignment.

Evaluation and rule learning both compare a noisy text with its gold. The
cleaner's canonical layout (one final line break, no edge whitespace, one blank
line between paragraphs) is not an error, so texts are compared after
:func:`normalise`; the alignment itself is rapidfuzz's Levenshtein opcodes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

EDGE_WHITESPACE = " \t\u3000\u00a0\f\v"
_SEGMENT = re.compile(r"[^\r\n]+")  # a line without its line break


@dataclass(frozen=True)
class Normalised:
    """A text with its layout normalised, and where each of its characters came from.

    ``origin[k]`` is the raw offset of normalised character ``k`` (a line break
    that joins two lines points at the first raw line break between them).
    """

    raw: str
    text: str
    origin: tuple[int, ...]

    def from_raw(self, offset: int) -> int:
        """The normalised boundary for a raw boundary: characters kept before it."""
        return bisect.bisect_left(self.origin, offset)


def normalise(raw: str) -> Normalised:
    """Strip edge whitespace of every line, drop blank lines, join lines with one ``\\n``.

    Whitespace inside a line is kept: it is content.

    >>> normalise("  甲 乙\\r\\n\\n\\n丙\\n").text
    '甲 乙\\n丙'
    """
    chars: list[str] = []
    origin: list[int] = []
    line_break = -1  # raw offset of the line break after the last kept line
    for match in _SEGMENT.finditer(raw):
        start, end = match.span()
        while start < end and raw[start] in EDGE_WHITESPACE:
            start += 1
        while end > start and raw[end - 1] in EDGE_WHITESPACE:
            end -= 1
        if start == end:
            continue
        if line_break >= 0:
            chars.append("\n")
            origin.append(line_break)
        chars.append(raw[start:end])
        origin.extend(range(start, end))
        line_break = match.end()
    return Normalised(raw, "".join(chars), tuple(origin))


@dataclass(frozen=True)
class Change:
    """One aligned difference: ``a[start:end]`` became ``after`` (``b[b_start:b_end]``)."""

    start: int
    end: int
    before: str
    after: str
    b_start: int
    b_end: int


def changes(a: str, b: str) -> list[Change]:
    """The differences that turn ``a`` into ``b``, one per character where lengths agree.

    A substitution of equal length is split into single-character changes, so
    that two unrelated errors side by side count as two; a deletion is split
    per character for the same reason; other replacements and insertions stay whole.

    >>> [(c.start, c.before, c.after) for c in changes("观观点", "观点")]
    [(1, '观', '')]
    >>> [(c.before, c.after) for c in changes("越来赴赖人", "越来越赖人")]
    [('赴', '越')]
    """
    out: list[Change] = []
    for op in Levenshtein.opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "equal":
            continue
        if (tag == "replace" and i2 - i1 == j2 - j1) or tag == "delete":
            for k in range(i2 - i1):
                after = b[j1 + k] if tag == "replace" else ""
                jb = j1 + k if tag == "replace" else j1
                out.append(Change(i1 + k, i1 + k + 1, a[i1 + k], after, jb, jb + len(after)))
        else:
            out.append(Change(i1, i2, a[i1:i2], b[j1:j2], j1, j2))
    return out


@dataclass(frozen=True)
class BoundaryMap:
    """Where each boundary of ``a`` falls in ``b``: ``lo[i]`` before, ``hi[i]`` after an insertion at ``i``."""

    lo: tuple[int, ...]
    hi: tuple[int, ...]

    def spans(self, start: int, end: int) -> set[tuple[int, int]]:
        """The spans of ``b`` that ``a[start:end]`` may correspond to (insertions on either side)."""
        return {(x, y) for x in (self.lo[start], self.hi[start]) for y in (self.lo[end], self.hi[end]) if x <= y}


def boundary_map(a: str, b: str) -> BoundaryMap:
    """Map every boundary ``0..len(a)`` of ``a`` to ``b`` through the alignment.

    >>> m = boundary_map("甲丙", "甲乙丙")
    >>> m.lo[1], m.hi[1]
    (1, 2)
    """
    n = len(a)
    lo: list[int] = [-1] * (n + 1)
    hi: list[int] = [-1] * (n + 1)

    def mark(i: int, low: int, high: int) -> None:
        lo[i] = low if lo[i] < 0 else min(lo[i], low)
        hi[i] = max(hi[i], high)

    for op in Levenshtein.opcodes(a, b):
        tag, i1, i2, j1, j2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
        if tag == "insert":
            mark(i1, j1, j2)
            continue
        mark(i1, j1, j1)
        for k in range(i1 + 1, i2):
            j = j1 + (k - i1) if tag == "equal" else j1 + round((k - i1) * (j2 - j1) / (i2 - i1))
            mark(k, j, j)
        mark(i2, j2, j2)
    if n == 0 or lo[0] < 0:
        mark(0, 0, 0)
    return BoundaryMap(tuple(lo), tuple(hi))
