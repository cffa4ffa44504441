"""The ``digit_lookalike`` kind: letters OCR read inside a number (2O21年, l0个).

A token made of digits and the letters that look like digits (O o for 0, l I for 1)
is repaired only when it is clearly a number: it holds at least one real digit,
a letter sits between two digits or an l/I stands first before digits, nothing
Latin touches it (so H2O, O2O, B2B, l10n and model numbers are left alone), and
Chinese text touches it on at least one side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.charclass import HAN_RANGES
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import NoSettings
from cleaner.rule import Rule

LOOKALIKES = {"O": "0", "o": "0", "l": "1", "I": "1"}
TOKEN = re.compile(r"(?<![A-Za-z0-9_.\-/@#%&+])[0-9OolI]*[0-9][0-9OolI]*(?![A-Za-z0-9_\-/@#&+])")
CHINESE = re.compile(f"[{HAN_RANGES}，。、；：？！（）《》“”]")
LETTER = re.compile("[OolI]")
INNER = re.compile(r"(?<=[0-9])[OolI](?=[0-9])|^[lI](?=[0-9])")


class DigitLookalikeKind:
    Settings = NoSettings
    reach = "line"  # a number and the characters beside it stay within a line (cleaner/incremental.py)

    def __init__(self, rule: Rule) -> None:
        pass

    def find(self, text: str) -> list[Finding]:
        found: list[Finding] = []
        for m in _tokens(text):
            token = m.group()
            if token.isdigit():
                continue
            start, end = m.start(), m.end()
            if not (CHINESE.match(text, end) or (start and CHINESE.match(text, start - 1))):
                continue
            # Every letter must be a repairable one, else the token is not a number.
            fixed = INNER.sub(lambda x: LOOKALIKES[x.group()], token)
            fixed = INNER.sub(lambda x: LOOKALIKES[x.group()], fixed)  # O between two fixed letters: 2OO1
            if fixed.isdigit():
                found.append(Finding(start, end, fixed))
        return found


def _tokens(text: str) -> Iterator[re.Match[str]]:
    """The tokens of ``TOKEN.finditer(text)`` on the lines with a letter of ``LOOKALIKES``: the others
    are all digits (a token never spans a line break, which is outside the look-arounds' classes)."""
    letter = LETTER.search(text)
    while letter:
        start = text.rfind("\n", 0, letter.start()) + 1
        end = text.find("\n", letter.end())
        end = len(text) if end < 0 else end
        yield from TOKEN.finditer(text, start, end)
        letter = LETTER.search(text, end)
