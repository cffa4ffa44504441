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
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.rule import Rule
from cleaner.stage_scan import SHORT

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
        lines = self.marked_lines(text) if self.fix or len(text) < SHORT else self.unbalanced_lines(text)
        for start, end in lines:
            found.extend(check(text[start:end], start))
        return sorted(found, key=lambda f: f.start)

    def marked_lines(self, text: str) -> Iterator[tuple[int, int]]:
        """The lines (start, end) with a mark (with ``fix``: with a certain stray), each once."""
        lines = self.certain_lines if self.fix else self.marks
        if lines is None:
            return
        pos = 0
        while hit := lines.search(text, pos):  # only the lines with a mark can have a finding
            start = text.rfind("\n", 0, hit.start()) + 1
            end = text.find("\n", hit.end())
            end = len(text) if end < 0 else end
            yield start, end
            pos = end + 1

    def unbalanced_lines(self, text: str) -> list[tuple[int, int]]:
        """The lines where ``_paragraph`` finds something, found over the code points at once (a
        Python look at every line with a mark was the suspects stage's dearest part): those where
        a kind's marks do not go opening, closing, opening... from an opening to a closing mark."""
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(codes == 10)
        bad: list[np.ndarray] = []
        for opener, closer in self.pairs.items():
            at = np.flatnonzero((codes == ord(opener)) | (codes == ord(closer)))
            if not len(at):
                continue
            line = np.searchsorted(breaks, at)  # the line of each mark: the line breaks before it
            opens = codes[at] == ord(opener)
            first = np.ones(len(at), dtype=bool)  # the first mark of its kind in its line
            first[1:] = line[1:] != line[:-1]
            last = np.ones(len(at), dtype=bool)
            last[:-1] = first[1:]
            again = np.zeros(len(at), dtype=bool)  # the same as the mark before it in its line
            again[1:] = ~first[1:] & (opens[1:] == opens[:-1])
            bad.append(line[(first & ~opens) | (last & opens) | again])
        if not bad:
            return []
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [len(text)]))
        return [(int(starts[k]), int(ends[k])) for k in np.unique(np.concatenate(bad))]

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
