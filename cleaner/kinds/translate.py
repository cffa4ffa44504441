"""The ``translate`` kind: a one-to-one character map, applied in one pass.

Pairs come from a TSV table (``table``, columns ``from to``), from inline
``pairs``, or from ``nfkc_ranges`` (code point ranges such as ``"FF10-FF19"``
whose characters are mapped to their NFKC form). One character class finds
every mapped character; each run of them becomes one finding, translated with
``str.translate``. With no mapped character in the text this costs one scan.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.kinds.base import Finding
from cleaner.kinds.firstchar import first_char_finder
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule
from cleaner.tables import load_table


def nfkc_pairs(ranges: list[str]) -> dict[str, str]:
    """Each character of the ranges mapped to its single-character NFKC form.

    >>> nfkc_pairs(["FF21-FF23"])
    {'Ａ': 'A', 'Ｂ': 'B', 'Ｃ': 'C'}
    """
    pairs = {}
    for item in ranges:
        lo, _, hi = item.partition("-")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            ch = chr(cp)
            mapped = unicodedata.normalize("NFKC", ch)
            if mapped != ch and len(mapped) == 1:
                pairs[ch] = mapped
    return pairs


def char_ranges(chars: Iterable[str]) -> str:
    """A character class body with runs of consecutive code points as ranges.

    (``re`` scans a class of a few ranges far faster than one of a thousand members.)

    >>> char_ranges("abcxz")
    'a-cxz'
    """
    points = sorted(set(map(ord, chars)))
    parts = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        first, last = re.escape(chr(points[i])), re.escape(chr(points[j]))
        parts.append(first if i == j else first + last if j == i + 1 else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


@dataclass(frozen=True)
class TranslateSettings:
    pairs: tuple[tuple[str, str], ...] = ()  # [from, to], single characters
    table: str | None = None  # a TSV table, relative to the pack
    nfkc_ranges: tuple[str, ...] = ()  # code point ranges like "FF10-FF19", mapped to their NFKC form


class TranslateKind:
    Settings = TranslateSettings

    def __init__(self, rule: Rule) -> None:
        settings = read_settings(rule, TranslateSettings)
        pairs: dict[str, str] = {}
        try:
            pairs.update(nfkc_pairs(list(settings.nfkc_ranges)))
        except ValueError:
            raise rule.field_error("nfkc_ranges", "must hold hexadecimal ranges like 'FF10-FF19'") from None
        for pair in settings.pairs:
            if not all(len(p) == 1 for p in pair):
                raise rule.field_error("pairs", "must hold [from, to] pairs of single characters")
            pairs[pair[0]] = pair[1]
        if settings.table is not None:
            if rule.path is None:
                raise rule.field_error("table", "needs the rule to come from a file")
            for row in load_table(rule.path.parent / settings.table):
                if len(row["from"]) != 1 or len(row.get("to", "")) != 1:
                    raise rule.field_error("table", f"row {row['__line__']}: needs single characters")
                pairs[row["from"]] = row["to"]
        if not pairs:
            raise rule.field_error("pairs", "or 'table' or 'nfkc_ranges' must give at least one pair")
        self.table = str.maketrans(pairs)
        self.reach = "document" if "\n" in pairs else "line"  # a character's map needs no context
        self.regex = re.compile("[" + char_ranges(pairs) + "]+")
        self.finditer = first_char_finder(self.regex) or self.regex.finditer  # the stage's one scan finds the runs' starts

    def find(self, text: str) -> list[Finding]:
        return [Finding(m.start(), m.end(), m.group().translate(self.table)) for m in self.finditer(text)]
