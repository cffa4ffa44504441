"""One scan of a text for where every regex rule's match can start.

A regex rule whose matches all start with a character of a small set (read off
its parsed pattern: :mod:`cleaner.kinds.firstchar`) is tried only where such a
character stands. Each rule searching for its own set costs a pass over the text
per rule (``re`` tests a character class at about 4 ns a character: 2 ms per 0.5 M
characters, two dozen rules). Here every set has one bit in a table over the
Basic Multilingual Plane (the character maps and literal tables too); the text
becomes an array of code points once, a gather of one byte a character finds the
positions of any set's characters, a second one their bits, and a rule's candidates
are the positions with its bit: about 5 ms per 0.5 M characters for the text
(again after a rule changed it), 0.1 ms a rule. A character beyond the
plane counts as a candidate for every rule (``match`` there decides), so the
candidates are always a superset of the rule's own search, in the same order:
:func:`~cleaner.kinds.firstchar.candidate_finditer` yields the same matches.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from cleaner.edits import Change

BMP = 0x10000
BITS = 64
# Below this many characters the arrays' set-up costs more than the rule's own search.
SHORT = 2048
# Characters turned into arrays at a time (the arrays take about 10 bytes a character).
BLOCK = 1 << 20
# A table's candidates are few when fewer than one character in this many is one.
SPARSE = 200


@lru_cache(maxsize=1)
def _plane() -> str:
    return "".join(map(chr, range(BMP)))


class FirstCharScan:
    """Candidate starts of up to 64 character sets, found for all of them in one pass over a text."""

    def __init__(self) -> None:
        self.bits: dict[str, int] = {}  # a candidates pattern -> its bit
        self.table = np.zeros(BMP, dtype=np.uint64)
        self.any = np.zeros(BMP, dtype=bool)  # a character of some set
        self.version = 0
        self._lock = threading.Lock()
        self._last: tuple[str, int, np.ndarray, np.ndarray] | None = None

    def register(self, candidates: re.Pattern[str]) -> int | None:
        """The bit of the characters ``candidates`` (a one-character pattern) matches; None when
        the table is full (the rule then searches on its own)."""
        with self._lock:
            bit = self.bits.get(candidates.pattern)
            if bit is None:
                if len(self.bits) >= BITS:
                    return None
                bit = 1 << len(self.bits)
                hits = [m.start() for m in candidates.finditer(_plane())]
                self.table[hits] |= np.uint64(bit)
                self.any[hits] = True
                self.bits[candidates.pattern] = bit
                self.version += 1
            return bit

    def positions(self, text: str, bit: int) -> list[int]:
        """Where a character of the set with ``bit`` (or one beyond the plane) stands in ``text``, ascending."""
        last = self._last
        if last is None or last[0] is not text or last[1] != self.version:
            version = self.version
            where, found = self._scan(text)
            last = self._last = (text, version, where, found)
        _, _, where, found = last
        return where[(found & np.uint64(bit)) != 0].tolist()  # type: ignore[no-any-return]

    def _scan(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The positions of ``text`` that hold a character of some set, and the sets' bits there."""
        wheres, founds = [], []
        for at in range(0, len(text), BLOCK):  # a block at a time: about 10 bytes a character while at it
            codes = np.frombuffer(text[at : at + BLOCK].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            beyond = codes >= BMP
            hit = self.any[codes & (BMP - 1)] | beyond  # one byte a character: the bits only where one is set
            where = np.flatnonzero(hit)
            found = self.table[codes[where] & (BMP - 1)]
            found[beyond[where]] = np.uint64(2**BITS - 1)
            wheres.append(where + at)
            founds.append(found)
        if not wheres:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
        return np.concatenate(wheres), np.concatenate(founds)

    def carry(self, before: str, after: str, changes: Sequence[Change]) -> None:
        """Make the scan of ``before`` (if it is the one held) that of ``after``, the text
        ``changes`` (sorted, non-overlapping, in ``before``'s coordinates) made of it: a
        character's bits are its own, so the positions outside the changes only move, and only
        the characters the changes wrote are scanned (a scan of the whole text again after each
        rule that changed it was a tenth of the pipeline's time on a damaged text)."""
        last = self._last
        if last is None or last[0] is not before or last[1] != self.version or not changes:
            return
        written = "".join(c.after for c in changes)
        if len(written) * 4 > len(after):
            return  # most of the text is new: the next look scans it whole
        _, version, where, found = last
        starts = np.fromiter((c.start for c in changes), dtype=np.int64, count=len(changes))
        ends = np.fromiter((c.end for c in changes), dtype=np.int64, count=len(changes))
        sizes = np.fromiter((len(c.after) for c in changes), dtype=np.int64, count=len(changes))
        shift = np.concatenate(([0], np.cumsum(sizes - (ends - starts))))
        k = np.searchsorted(ends, where, side="right")  # the changes that end at or before a position
        inside = k < len(changes)
        inside[inside] = starts[k[inside]] <= where[inside]  # it is one that the change k replaced
        keep = ~inside
        moved, moved_found = where[keep] + shift[k[keep]], found[keep]
        new_where, new_found = self._scan(written)
        if len(new_where):
            offsets = np.concatenate(([0], np.cumsum(sizes)))  # where each change's text starts in ``written``
            owner = np.searchsorted(offsets, new_where, side="right") - 1
            new_where = new_where + (starts + shift[:-1] - offsets[:-1])[owner]
            at = np.searchsorted(moved, new_where)
            moved, moved_found = np.insert(moved, at, new_where), np.insert(moved_found, at, new_found)
        self._last = (after, version, moved, moved_found)


# The one scan of this process: every Cleaner's regex rules share it.
SCAN = FirstCharScan()


def candidate_search(pattern: re.Pattern[str], bit: int | None, text: str) -> Callable[..., re.Match[str] | None]:
    """``pattern.search`` for ``text``, trying ``pattern`` only at the scan's candidates of ``bit``
    (the characters every match of ``pattern`` starts with) when they are few: where they are
    many, ``re``'s own search, in C, is faster than a Python loop over them."""
    if bit is None or len(text) < SHORT:
        return pattern.search
    positions = SCAN.positions(text, bit)
    if len(positions) * SPARSE > len(text):
        return pattern.search
    match = pattern.match

    def search(string: str, pos: int = 0) -> re.Match[str] | None:
        for k in range(bisect.bisect_left(positions, pos), len(positions)):
            if m := match(string, positions[k]):
                return m
        return None

    return search
