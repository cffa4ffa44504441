"""The ``straight_quotes`` kind: typewriter quotes in Chinese text become curly pairs.

Within a paragraph, straight double quotes (and curly ones already there) are
read in order as alternately opening and closing. The paragraph is changed only
when that reading is consistent (never “ while open or ” while closed, nothing
left open) and every straight quote touches Chinese on at least one side; so a
quote in code, in a Latin sentence or in an odd count is left alone. Straight
single quotes are converted only when both marks of a pair touch Chinese inside,
which keeps apostrophes (it's) and primes (5'6") out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.charclass import HAN_RANGES
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule

CHINESE = re.compile(f"[{HAN_RANGES}，。、；：？！…—（）《》【】]")
LATIN = re.compile("[A-Za-z0-9_=<>{}\\[\\]\\\\/]")
CODE = re.compile('[(=\\[{]"|"[)\\]}=:]')  # a quote next to code or data syntax


def _chinese(ch: str) -> bool:
    return bool(ch) and bool(CHINESE.match(ch))


@dataclass(frozen=True)
class StraightQuotesSettings:
    marks: str = "\"'"  # the straight marks looked at


class StraightQuotesKind:
    Settings = StraightQuotesSettings

    def __init__(self, rule: Rule) -> None:
        self.marks = read_settings(rule, StraightQuotesSettings).marks

    def find(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        if not any(m in text for m in self.marks):
            return found
        start = 0
        for paragraph in text.split("\n"):
            if '"' in self.marks and '"' in paragraph and not CODE.search(paragraph):
                found.extend(self._double(paragraph, start))
            if "'" in self.marks and "'" in paragraph:
                found.extend(self._single(paragraph, start))
            start += len(paragraph) + 1
        return sorted(found, key=lambda f: f.start)

    def _double(self, p: str, offset: int) -> list[Finding]:
        changes = []
        open_ = False
        for i, ch in enumerate(p):
            if ch == "“":
                if open_:
                    return []
                open_ = True
            elif ch == "”":
                if not open_:
                    return []
                open_ = False
            elif ch == '"':
                left, right = p[i - 1 : i], p[i + 1 : i + 2]
                if LATIN.match(left or " ") and LATIN.match(right or " "):
                    return []  # inside a token: code or markup
                if not (_chinese(left) or _chinese(right)):
                    return []
                changes.append(Finding(offset + i, offset + i + 1, "”" if open_ else "“"))
                open_ = not open_
        return [] if open_ else changes

    def _single(self, p: str, offset: int) -> list[Finding]:
        positions = [i for i, ch in enumerate(p) if ch == "'"]
        if len(positions) % 2 or "‘" in p or "’" in p:
            return []
        changes = []
        for a, b in zip(positions[::2], positions[1::2]):
            if not (_chinese(p[a + 1 : a + 2]) and _chinese(p[b - 1 : b])):
                return []
            if LATIN.match(p[a - 1 : a] or " ") or LATIN.match(p[b + 1 : b + 2] or " "):
                return []
            changes += [Finding(offset + a, offset + a + 1, "‘"), Finding(offset + b, offset + b + 1, "’")]
        return changes
