"""The ``low_confidence`` kind: Chinese characters the OCR itself was least sure of.

Structured OCR output says how sure the engine was of each word (hOCR ``x_wconf``,
ALTO ``WC``, PAGE ``conf``, PaddleOCR's score). On Tesseract's reading of typeset
Chinese pages, most Han words below a very low confidence are misread, while the
words above it almost never are; such a word is flagged for a person (a suspect: the
confidence says *that* it may be wrong, not what is right). Plain text carries no
confidence, so the kind finds nothing there.

Parameters: ``below`` (the confidence under which a word is suspect) and ``chars``
(a character class: what a run must consist of).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cleaner.charclass import HAN_RANGES
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule

if TYPE_CHECKING:
    from cleaner.confidence import Confidence


@dataclass(frozen=True)
class LowConfidenceSettings:
    below: float = 0.15  # a word whose OCR confidence is under this is flagged
    chars: str = HAN_RANGES  # a character class body: the characters of a word
    reason: str = "the OCR engine's confidence in this word is very low"


class LowConfidenceKind:
    Settings = LowConfidenceSettings

    wants_confidence = True

    def __init__(self, rule: Rule) -> None:
        settings = read_settings(rule, LowConfidenceSettings)
        self.below = settings.below
        if not 0 < self.below <= 1:
            raise ValueError(f"below must be a confidence in (0, 1], not {self.below}")
        self.chars = re.compile(f"[{settings.chars}]+")
        self.reason = settings.reason

    def find(self, text: str, confidence: Confidence | None = None) -> list[Finding]:
        if confidence is None:
            return []
        values = confidence.values
        findings = []
        for run in self.chars.finditer(text):
            start = None
            for i in range(run.start(), run.end() + 1):
                low = i < run.end() and values[i] is not None and values[i] < self.below  # type: ignore[operator]
                if low and start is None:
                    start = i
                elif not low and start is not None:
                    lowest = confidence.lowest(start, i)
                    findings.append(Finding(start, i, None, reason=f"{self.reason} ({lowest:.2f}, below {self.below:g})"))
                    start = None
        return findings
