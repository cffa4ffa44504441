"""Where any of a fixed set of two-character strings stands in a text, in one vectorised pass.

The lexical detectors look further only where a known piece occurs (a variant's
two characters, a candidate's context). Finding those places in Python means a
string and a set look-up per character of the text; here the text becomes an
array of code points, each adjacent pair one 42-bit number, and a binary search
over the sorted pieces keeps the positions where a pair is one of them (a
look-up table of first and second characters skips most pairs before that).
About twice as fast as the Python loop on Chinese text, and the same positions.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

CODE_POINTS = 0x110000


class PairIndex:
    """The start of every occurrence of a listed two-character string, in text order."""

    def __init__(self, pairs: Iterable[str]) -> None:
        pieces = sorted({p for p in pairs if len(p) == 2})
        self.keys = np.array([(ord(p[0]) << 21) | ord(p[1]) for p in pieces], dtype=np.uint64)
        self.keys.sort()
        self.first = np.zeros(CODE_POINTS, dtype=bool)
        self.second = np.zeros(CODE_POINTS, dtype=bool)
        self.first[[ord(p[0]) for p in pieces]] = True
        self.second[[ord(p[1]) for p in pieces]] = True

    def positions(self, text: str) -> list[int]:
        """Every ``n`` with ``text[n:n + 2]`` one of the pairs, ascending."""
        if len(text) < 2 or not len(self.keys):
            return []
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        maybe = np.flatnonzero(self.first[codes[:-1]] & self.second[codes[1:]])
        pairs = (codes[maybe].astype(np.uint64) << np.uint64(21)) | codes[maybe + 1]
        found = np.searchsorted(self.keys, pairs)
        found[found == len(self.keys)] = 0
        return maybe[self.keys[found] == pairs].tolist()  # type: ignore[no-any-return]
