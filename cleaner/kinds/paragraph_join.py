"""The ``paragraph_join`` kind: a paragraph cut in two at a page break, joined back.

A page break in a scan leaves a paragraph that stops mid-sentence (no closing
punctuation: it ends on a character, a comma, an enumeration comma or an open
quote) and goes on after a blank line. The blank line is removed when both
sides are body text; when the first half is short enough to be a heading the
gap is flagged instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.charclass import HAN_RANGES, compile_pattern
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule

GAP = re.compile(r"\n[ \t\u3000]*\n(?:[ \t\u3000]*\n)*[ \t\u3000]*")  # with the second half's indentation
# A paragraph that ends on one of these is not finished.
OPEN_END = re.compile(f"[{HAN_RANGES}0-9A-Za-z，、“‘（《〈【]\\Z")
# A short line ending like this cannot be a heading, but may be a list item: flag it.
OPEN_PUNCT_END = re.compile("[，、“‘（《〈【]\\Z")
# Lines that stand alone: headings, list items, datelines, signatures.
HEADING = compile_pattern(
    r"^(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十0-9]+[)）]|第[一二三四五六七八九十百0-9]+[章节条部分篇]"
    r"|[0-9]+[、．.]|——|—|\*|·|•)"
)
# The second half must start like running text: an ideograph, a digit or closing punctuation.
CONTINUES = compile_pattern(r"^[\p{Han}0-9A-Za-z”’）》〉】，、。；：]")


@dataclass(frozen=True)
class ParagraphJoinSettings:
    min_chars: int = 30


class ParagraphJoinKind:
    Settings = ParagraphJoinSettings

    def __init__(self, rule: Rule) -> None:
        self.min_chars = read_settings(rule, ParagraphJoinSettings).min_chars

    def find(self, text: str) -> list[Finding]:
        found = []
        # A joined paragraph goes on: the next gap sees the whole joined text as its first half,
        # so a chain of pieces is joined in one pass (and the result is a fixed point).
        joined_from, joined_gap_end = -1, -1
        for gap in GAP.finditer(text):
            line_start = text.rfind("\n", 0, gap.start()) + 1
            if line_start == joined_gap_end:
                line_start = joined_from
            first = text[line_start : gap.start()].strip(" \t\u3000")
            # OPEN_END ends in \Z: try it on the last character only, not all along the line.
            if not first or not OPEN_END.match(first, len(first) - 1):
                continue
            next_end = text.find("\n", gap.end())
            second = text[gap.end() : next_end if next_end >= 0 else len(text)].strip(" \t\u3000")
            if not second:
                continue
            if HEADING.match(first) or HEADING.match(second) or not CONTINUES.match(second):
                continue
            body = len(first) >= self.min_chars and ("，" in first or "。" in first)
            if body:
                found.append(Finding(gap.start(), gap.end(), ""))
                joined_from, joined_gap_end = line_start, gap.end()
            elif OPEN_PUNCT_END.match(first, len(first) - 1):
                found.append(Finding(gap.start(), gap.end(), None,
                                     reason="a short line without closing punctuation before a blank line: "
                                            "a heading, or a paragraph cut at a page break?",
                                     candidates=("",)))
        return found
