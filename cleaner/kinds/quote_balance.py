"""The ``quote_balance`` kind: curly quotes and brackets that pair with nothing.

Within a paragraph, an opening “ must be closed by ” before the next “ opens
(Chinese quotes nest as “ ‘ ’ ”, not “ “). An opening mark followed by another
opening mark of the same kind, or a closing mark with no opening, is reported.
OCR adds stray quote marks and drops real ones; which happened is seldom
certain, so this kind flags and offers deletion as the candidate.

With ``fix = true`` it reports instead only the stray opening marks whose
removal is certain: an opening mark that ends its paragraph (nothing follows it
to quote), or one doubled in place (““), when it is the only unbalanced mark of
its kind in the paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule

PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}
# An opening mark after these, at the end of a paragraph, opens nothing (a quotation that
# goes on in the next paragraph is opened after a colon or inside a sentence).
SENTENCE_END = frozenset("。！？；”’）》】")


@dataclass(frozen=True)
class QuoteBalanceSettings:
    marks: str = "".join(PAIRS)  # the opening marks looked at
    fix: bool = False


class QuoteBalanceKind:
    Settings = QuoteBalanceSettings
    reach = "line"  # a finding reads only its own line and is one mark (cleaner/incremental.py)

    def __init__(self, rule: Rule) -> None:
        settings = read_settings(rule, QuoteBalanceSettings)
        self.pairs = {k: v for k, v in PAIRS.items() if k in settings.marks}
        self.closers = {v: k for k, v in self.pairs.items()}
        self.fix = settings.fix
        # Visit only the marks, not every character of a paragraph.
        self.marks = re.compile("[" + re.escape("".join(self.pairs) + "".join(self.closers)) + "]")
        # With fix = true, only a line with a doubled opening mark, or one that ends on an opening
        # mark after a sentence end, can have a finding (_certain): the scan visits only those.
        # The pattern opens with the opening marks (a class re can skip ahead to; 。 is common).
        openers = re.escape("".join(self.pairs))
        doubled = "|".join(f"(?<={re.escape(o)}){re.escape(o)}" for o in self.pairs)
        ends = re.escape("".join(sorted(SENTENCE_END)))
        self.certain_lines = (re.compile(f"[{openers}](?:{doubled}|(?<=[{ends}][{openers}])[ \t\u3000]*$)", re.M)
                              if self.pairs else None)

    def find(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        if not any(mark in text for mark in self.pairs) and not any(m in text for m in self.closers):
            return found
        check = self._certain if self.fix else self._paragraph
        lines = self.certain_lines if self.fix else self.marks
        if lines is None:
            return found
        pos = 0
        while hit := lines.search(text, pos):  # only the lines with a mark can have a finding
            start = text.rfind("\n", 0, hit.start()) + 1
            end = text.find("\n", hit.end())
            end = len(text) if end < 0 else end
            found.extend(check(text[start:end], start))
            pos = end + 1
        return sorted(found, key=lambda f: f.start)

    def _paragraph(self, paragraph: str, offset: int) -> list[Finding]:
        found = []
        open_at: dict[str, int | None] = dict.fromkeys(self.pairs)
        for m in self.marks.finditer(paragraph):
            ch, i = m.group(), m.start()
            if ch in self.pairs:
                if open_at[ch] is not None:
                    found.append(self._stray(open_at[ch], offset, ch, "opens again before it is closed"))
                open_at[ch] = i
            elif ch in self.closers:
                opener = self.closers[ch]
                if open_at[opener] is None:
                    found.append(self._stray(i, offset, ch, "closes nothing"))
                open_at[opener] = None
        for mark, at in open_at.items():
            if at is not None:
                found.append(self._stray(at, offset, mark, "is never closed in its paragraph"))
        return found

    def _certain(self, paragraph: str, offset: int) -> list[Finding]:
        """Stray opening marks whose deletion is certain (see the module doc)."""
        found: list[Finding] = []
        if not self.marks.search(paragraph):
            return found
        for opener, closer in self.pairs.items():
            if paragraph.count(opener) != paragraph.count(closer) + 1:
                continue
            unbalanced = [f for f in self._paragraph(paragraph, 0) if paragraph[f.start] in (opener, closer)]
            if len(unbalanced) != 1:
                continue
            body = paragraph.rstrip(" \t\u3000")
            if body.endswith(opener) and body[-2:-1] in SENTENCE_END:
                i = len(body) - 1
                found.append(Finding(offset + i, offset + i + 1, ""))
            elif opener * 2 in paragraph and opener * 3 not in paragraph:
                i = paragraph.index(opener * 2)
                found.append(Finding(offset + i, offset + i + 1, ""))
        return found

    @staticmethod
    def _stray(i: int | None, offset: int, mark: str, why: str) -> Finding:
        assert i is not None
        return Finding(offset + i, offset + i + 1, None, reason=f"unbalanced {mark}: {why}", candidates=("",))
