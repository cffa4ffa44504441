"""The ``ocr_space`` kind: spaces OCR left inside runs of Chinese text.

Chinese is written without spaces between words; OCR of a justified or
letter-spaced line leaves them anyway, either between every character
(经 济 发 展) or here and there in running text. Two cases are removed:

- a letter-spaced run: three or more gaps of one or two spaces (ideographic
  ones too) with single characters between them, anywhere;
- a space between two Chinese characters or marks inside running text (a
  paragraph with a finished sentence: 。！？, or a long one), and there a space
  beside Chinese punctuation (60% ，); and anywhere a space beside a half-width
  mark between Chinese words (自豪 !, 2%; 三氧化硫, 各位代表 !), which the width
  rules then make full-width.

Spaces that carry meaning stay: next to Latin letters or digits (5G 基站,
2021 年 is left to a person), ideographic spaces between words (国务院总理　李克强),
and the single gap between the two halves of a headline, which stands on a
short line without a full stop.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.charclass import HAN_RANGES
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule

HAN = f"[{HAN_RANGES}]"
CJK = f"[{HAN_RANGES}，。、；：？！“”‘’（）《》〈〉【】…—]"
SPACE = "[ \u3000\u00a0]{1,2}"
# Three or more gaps, every character between two gaps a single one: 经 济 发 展, 推动经 济 发 展质量.
SPACED_RUN = re.compile(f"{HAN}(?:{SPACE}{HAN}(?={SPACE})){{2,}}{SPACE}{HAN}")
GAP = re.compile("[ \u3000\u00a0]{1,2}")
SPACE_CHAR = re.compile("[ \u3000\u00a0]")
SENTENCE_END = re.compile("[。！？]")
BODY_SPACE = re.compile(f"(?<={CJK})[ \u00a0]+(?={CJK})")
# A space beside Chinese punctuation, or beside a half-width mark between Chinese words (自豪 !,
# 2%; 三): never a word space; the width rules then make the mark full-width.
MARK_SPACE = re.compile(
    "(?<=[^ \u00a0])[ \u00a0]+(?=[，。、；：！？）》”])"
    "|(?<=[，。、；：！？（《“])[ \u00a0]+(?=[^ \u00a0])"
)
# The half-width case wherever it stands, a short line too (各位代表 !).
HALF_MARK_SPACE = re.compile(
    f"(?<=[{HAN_RANGES}%])[ \u00a0]+(?=[,;:!?][ \u00a0]*(?:{HAN}|$))"
    f"|(?<=[{HAN_RANGES}%][,;:!?])[ \u00a0]+(?={HAN})"
)


@dataclass(frozen=True)
class OcrSpaceSettings:
    body_chars: int = 60


class OcrSpaceKind:
    Settings = OcrSpaceSettings

    reach = "line"  # gaps and the body-text test stay within a line (cleaner/incremental.py)

    def __init__(self, rule: Rule) -> None:
        self.body_chars = read_settings(rule, OcrSpaceSettings).body_chars

    def find(self, text: str) -> list[Finding]:
        if " " not in text and "\u3000" not in text and "\u00a0" not in text:
            return []
        found: dict[int, Finding] = {}
        for run in spaced_runs(text):
            for gap in GAP.finditer(text, run.start(), run.end()):
                found[gap.start()] = Finding(gap.start(), gap.end(), "")
        pos = 0
        for line in text.split("\n"):
            if " " in line or "\u00a0" in line:
                patterns = (BODY_SPACE, MARK_SPACE, HALF_MARK_SPACE) if self.is_body(line) else (HALF_MARK_SPACE,)
                for pattern in patterns:
                    for gap in pattern.finditer(line):
                        found.setdefault(pos + gap.start(), Finding(pos + gap.start(), pos + gap.end(), ""))
            pos += len(line) + 1
        return [found[k] for k in sorted(found)]

    def is_body(self, line: str) -> bool:
        """Running text: a finished sentence inside, or long; a headline is neither."""
        content = line.strip(" \t\u3000\r")
        return bool(SENTENCE_END.search(content)) or len(content) >= self.body_chars


def spaced_runs(text: str) -> Iterator[re.Match[str]]:
    """``SPACED_RUN.finditer(text)``, tried only before a space: a run's second character is one
    (the pattern's ideograph class at every position was most of the kind's time)."""
    end = 0  # where the last run ended: finditer goes on from there
    space = SPACE_CHAR.search(text, 1)
    while space:
        m = SPACED_RUN.match(text, space.start() - 1)
        if m:
            yield m
            end = m.end()
        space = SPACE_CHAR.search(text, max(space.end(), end + 1))
