"""OCR confidence as evidence: a value per character, carried from the source to the current text.

Structured OCR formats give a confidence per word (hOCR ``x_wconf``, ALTO ``WC``, PAGE
``conf``, PaddleOCR's score); a reader spreads it over the word's characters, and
``Cleaner.clean(source, confidence=values)`` takes one value (0-1, or None where the
format says nothing) per source character. As rules edit the text, a kind that wants the
evidence sees it in the coordinates of the text it is given: a kind class that sets
``wants_confidence = True`` is called as ``find(text, confidence)``, where ``confidence``
is a :class:`Confidence` of ``text`` (or None when the input has none). Characters an
earlier edit wrote take the lowest confidence of the source they replaced; inserted ones
have none.

The engine itself weighs confidence for any rule with a ``trust_above`` parameter: its
suspects and unsafe edits on characters read with at least that confidence are not made.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.edits import Edit


class Confidence:
    """The OCR confidence (0-1, or None: unknown) of each position of one text.

    >>> c = Confidence.from_digits("99-3")
    >>> c.at(0), c.at(2), c.lowest(0, 4)
    (0.9, None, 0.3)
    """

    __slots__ = ("values",)

    def __init__(self, values: Sequence[float | None]) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def at(self, position: int) -> float | None:
        return self.values[position] if 0 <= position < len(self.values) else None

    def lowest(self, start: int, end: int) -> float | None:
        """The lowest known confidence in ``[start, end)``; None when none is known."""
        known = [v for v in self.values[start:end] if v is not None]
        return min(known) if known else None

    def trusted(self, start: int, end: int, above: float) -> bool:
        """Was the OCR at least ``above`` sure of every known character of ``[start, end)``
        (for an insertion, of the characters on both sides)? False when none is known.

        >>> Confidence([0.95, 0.97, 0.3]).trusted(0, 2, 0.9), Confidence([0.95, 0.97, 0.3]).trusted(2, 2, 0.9)
        (True, False)
        """
        if start == end:
            start, end = max(0, start - 1), end + 1
        lowest = self.lowest(start, end)
        return lowest is not None and lowest >= above

    @classmethod
    def from_digits(cls, digits: str) -> Confidence:
        """A confidence written one character per position, as rule examples give it:
        a digit ``d`` is ``d/10`` (``9`` high, ``1`` low), anything else unknown."""
        return cls([int(d) / 10 if d.isdigit() else None for d in digits])


def carry(source: Sequence[float | None], edits: Sequence[Edit], length: int) -> list[float | None]:
    """The confidence of each position of the text the applied ``edits`` (sorted, source
    offsets) make of the source: unchanged characters keep theirs; an edit's output takes
    the lowest known confidence of the source span it replaced.

    >>> from cleaner.edits import Edit
    >>> carry([0.9, 0.2, 0.8], [Edit("X", "lexical", 1, 2, "未", "末")], 3)
    [0.9, 0.2, 0.8]
    >>> carry([0.9, 0.2, 0.8], [Edit("X", "layout", 0, 1, "年", "")], 2)
    [0.2, 0.8]
    """
    out: list[float | None] = []
    pos = 0
    for edit in edits:
        out.extend(source[pos : edit.start])
        replaced = [v for v in source[edit.start : edit.end] if v is not None]
        out.extend([min(replaced) if replaced else None] * len(edit.after))
        pos = edit.end
    out.extend(source[pos:])
    if len(out) != length:
        raise AssertionError(f"confidence carried to {len(out)} positions for a text of {length}")
    return out
