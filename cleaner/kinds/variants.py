"""Traditional and simplified characters, through OpenCC.

``opencc``: the opt-in conversion stage (``--convert t2s`` and the like): the
whole text converted with one OpenCC configuration, each changed stretch of a
line one finding. ``isolated_traditional``: in a document written in simplified
characters, a traditional character standing alone (後 in 他後来) is OCR's or
a copy-paste's slip; it is proposed in its simplified form. Characters that are
also standard simplified characters in some words (乾坤, 著名, 瞭望) are never
proposed, and a document with many traditional characters is not a simplified one. When the
simplified form makes no word with its neighbours (恐佈 -> 恐布), the character is
more likely a misread than a variant: it is flagged, not proposed.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.kinds.translate import char_ranges
from cleaner.lexicon import default_lexicon
from cleaner.rule import Rule

CONVERSIONS = ("s2t", "t2s", "s2tw", "tw2s", "s2hk", "hk2s", "s2twp", "tw2sp", "t2tw", "t2hk", "hk2t", "tw2t", "t2jp", "jp2t")
# Traditional by OpenCC, but standard simplified characters too (乾坤, 著名, 瞭望, 狼藉, 徵羽...).
ALSO_SIMPLIFIED = frozenset("乾著瞭藉夥徵於麽甦覆嚮餘鍾蘋佔迴噁")
WINDOW = 4  # characters of context converted around a traditional character


@cache
def converter(name: str) -> Any:
    import opencc

    return opencc.OpenCC(name)


@dataclass(frozen=True)
class OpenCCSettings:
    convert: str = "t2s"  # an OpenCC configuration (CONVERSIONS)


class OpenCCKind:
    Settings = OpenCCSettings

    def __init__(self, rule: Rule) -> None:
        self.name = read_settings(rule, OpenCCSettings).convert
        if self.name not in CONVERSIONS:
            raise rule.field_error("convert", f"must be one of {', '.join(CONVERSIONS)}")

    def find(self, text: str) -> list[Finding]:
        converted = converter(self.name).convert(text)
        if converted == text:
            return []
        found: list[Finding] = []
        old_lines, new_lines = text.split("\n"), converted.split("\n")
        if len(old_lines) != len(new_lines):  # OpenCC keeps line breaks; be safe anyway
            old_lines, new_lines = [text], [converted]
        offset = 0
        for old, new in zip(old_lines, new_lines):
            if old != new:
                matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
                for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                    if tag != "equal":
                        found.append(Finding(offset + i1, offset + i2, new[j1:j2]))
            offset += len(old) + 1
        return found


@lru_cache(maxsize=1)
def _character_sets() -> tuple[Any, Any]:
    """(traditional-only characters, simplified-only characters) of the BMP ideographs."""
    chars = [chr(cp) for cp in range(0x4E00, 0xA000)]
    t2s = converter("t2s").convert("\n".join(chars)).split("\n")
    s2t = converter("s2t").convert("\n".join(chars)).split("\n")
    traditional, simplified = [], []
    for ch, simp, trad in zip(chars, t2s, s2t):
        if simp != ch and ch not in ALSO_SIMPLIFIED:
            traditional.append(ch)
        elif trad != ch and simp == ch:
            simplified.append(ch)
    return re.compile("[" + char_ranges(traditional) + "]"), re.compile("[" + char_ranges(simplified) + "]")


def _in_word(text: str, pos: int) -> bool:
    """Is ``text[pos]`` part of a lexicon word of two to four characters?"""
    entries = default_lexicon().entries
    return any(
        text[start : start + n] in entries
        for n in (2, 3, 4)
        for start in range(max(0, pos - n + 1), pos + 1)
        if start + n <= len(text)
    )


@dataclass(frozen=True)
class IsolatedTraditionalSettings:
    max_share: float = 0.2  # more traditional characters than this share of simplified ones: not a slip


class IsolatedTraditionalKind:
    Settings = IsolatedTraditionalSettings

    def __init__(self, rule: Rule) -> None:
        self.max_share = read_settings(rule, IsolatedTraditionalSettings).max_share

    def find(self, text: str) -> list[Finding]:
        traditional, simplified = _character_sets()
        hits = [m.start() for m in traditional.finditer(text)]
        if not hits:
            return []
        simple = len(simplified.findall(text))
        if simple < 2 or len(hits) > self.max_share * simple:
            return []  # not a simplified document, or too mixed to tell
        found = []
        t2s = converter("t2s")
        for i in hits:
            lo, hi = max(0, i - WINDOW), min(len(text), i + WINDOW + 1)
            window = t2s.convert(text[lo:hi])
            if len(window) == hi - lo and window[i - lo] != text[i]:
                reason = f"traditional {text[i]} in a simplified document"
                if _in_word(window, i - lo):
                    found.append(Finding(i, i + 1, window[i - lo], reason=reason))
                else:  # the simplified form makes no word there: maybe a misread, not a variant
                    found.append(Finding(i, i + 1, None, reason=reason + ", and its simplified form makes no word",
                                         candidates=(window[i - lo],)))
        return found
