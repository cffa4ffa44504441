"""The ``quote_balance`` kind: curly quotes and brackets that pair with nothing.

Within a paragraph, an opening “ must be closed by ” before the next “ opens
(Chinese quotes nest as “ ‘ ’ ”, not “ “). An opening mark followed by another
opening mark of the same kind, or a closing mark with no opening, is reported.
OCR adds stray quote marks and drops real ones; which happened is seldom
certain, so this kind flags and offers deletion as the candidate.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cleaner.kinds import Finding, kind

if TYPE_CHECKING:
    from cleaner.rules import Rule

PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】"}
CLOSERS = {close: open_ for open_, close in PAIRS.items()}


@kind("quote_balance")
class QuoteBalanceKind:
    def __init__(self, rule: "Rule") -> None:
        self.pairs = {k: v for k, v in PAIRS.items() if k in rule.params.get("marks", "".join(PAIRS))}
        self.closers = {v: k for k, v in self.pairs.items()}
        # Visit only the marks and the line feeds, not every character.
        self.marks = re.compile("[" + re.escape("".join(self.pairs) + "".join(self.closers)) + "\n]")

    def find(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        if not any(mark in text for mark in self.pairs) and not any(m in text for m in self.closers):
            return found
        pairs, closers = self.pairs, self.closers
        offset = 0
        fresh: dict[str, int | None] = {mark: None for mark in pairs}
        open_at = dict(fresh)
        touched = False  # a mark seen in this paragraph
        for m in self.marks.finditer(text):
            ch, i = m.group(), m.start()
            if ch == "\n":
                if touched:
                    found.extend(self._unclosed(open_at, offset))
                    open_at = dict(fresh)
                    touched = False
                offset = i + 1
                continue
            touched = True
            if ch in pairs:
                if open_at[ch] is not None:
                    found.append(self._stray(open_at[ch], offset, ch, "opens again before it is closed"))
                open_at[ch] = i - offset
            else:
                opener = closers[ch]
                if open_at[opener] is None:
                    found.append(self._stray(i - offset, offset, ch, "closes nothing"))
                open_at[opener] = None
        found.extend(self._unclosed(open_at, offset))
        return sorted(found, key=lambda f: f.start)

    def _unclosed(self, open_at: dict[str, int | None], offset: int) -> list[Finding]:
        return [self._stray(i, offset, mark, "is never closed in its paragraph")
                for mark, i in open_at.items() if i is not None]

    @staticmethod
    def _stray(i: int | None, offset: int, mark: str, why: str) -> Finding:
        assert i is not None
        return Finding(offset + i, offset + i + 1, None, reason=f"unbalanced {mark}: {why}", candidates=("",))
