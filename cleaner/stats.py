"""What cleaning did, counted: a :class:`Stats` that adds up and renders itself.

One document's stats come from its edit log (:meth:`Stats.of`); the stats of chunks, records
or files add up with ``+`` (``sum(parts, Stats())``, as datatrove's ``Stats`` do), so a
streamed document, a JSONL shard and a batch are counted the one way. The report's ``stats``
object is :meth:`Stats.to_dict`, and a saved report reads back with :meth:`Stats.from_dict`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaner.edits import Edit, Suspect

def _table(counts: Mapping[str, int]) -> dict[str, int]:
    """A per-rule table as the report writes it: rule codes in order, no zero counts."""
    return {code: n for code, n in sorted(counts.items()) if n}


@dataclass(frozen=True)
class Stats:
    """Counts of one cleaning (or of many, added up).

    >>> a = Stats(chars_in=4, chars_out=3, edits=1, passes=2, per_rule={"LX01": 1})
    >>> b = Stats(chars_in=5, chars_out=5, suspects=1, passes=1, suspects_per_rule={"SU01": 1})
    >>> total = sum([a, b], Stats())
    >>> total.chars_in, total.edits, total.suspects, total.passes, total.per_rule
    (9, 1, 1, 2, {'LX01': 1})
    >>> Stats.from_dict(total.to_dict()) == total
    True
    """

    chars_in: int = 0
    chars_out: int = 0
    edits: int = 0  # applied edits (an edit merged from two rules counts once)
    suggestions: int = 0  # unapplied (unsafe) edits
    suspects: int = 0
    passes: int = 0  # passes over the text; of parts added up, the most any part took
    per_rule: dict[str, int] = field(default_factory=dict)  # applied edits citing each rule
    suggested_per_rule: dict[str, int] = field(default_factory=dict)
    suspects_per_rule: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, chars_in: int, chars_out: int, edits: Iterable[Edit], suspects: Iterable[Suspect],
           passes: int) -> Stats:
        """The stats of one cleaning, from its edits (applied and suggested) and suspects."""
        applied: Counter[str] = Counter()
        suggested: Counter[str] = Counter()
        n_applied = n_suggested = 0
        for e in edits:
            if e.applied:
                n_applied += 1
                applied.update(e.rules)
            else:
                n_suggested += 1
                suggested.update(e.rules)
        flagged = Counter(s.rule for s in suspects)
        return cls(chars_in, chars_out, n_applied, n_suggested, flagged.total(), passes,
                   _table(applied), _table(suggested), _table(flagged))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stats:
        """Stats from a report's ``stats`` object or a batch summary entry (absent counts are 0;
        other keys are ignored)."""
        def count(key: str) -> int:
            return int(data.get(key, 0))

        def table(key: str) -> dict[str, int]:
            return {str(code): int(n) for code, n in data.get(key, {}).items()}

        return cls(count("chars_in"), count("chars_out"), count("edits"), count("suggestions"), count("suspects"),
                   count("passes"), table("per_rule"), table("suggested_per_rule"), table("suspects_per_rule"))

    def __add__(self, other: object) -> Stats:
        """Counts add up; ``passes`` is the most either took (parts are cleaned side by side)."""
        if not isinstance(other, Stats):
            return NotImplemented
        return Stats(
            self.chars_in + other.chars_in,
            self.chars_out + other.chars_out,
            self.edits + other.edits,
            self.suggestions + other.suggestions,
            self.suspects + other.suspects,
            max(self.passes, other.passes),
            _table(Counter(self.per_rule) + Counter(other.per_rule)),
            _table(Counter(self.suggested_per_rule) + Counter(other.suggested_per_rule)),
            _table(Counter(self.suspects_per_rule) + Counter(other.suspects_per_rule)),
        )

    def __radd__(self, other: object) -> Stats:
        """``sum(stats)`` starts from 0."""
        if other == 0:
            return self
        return NotImplemented

    def to_dict(self) -> dict[str, Any]:
        """The report's ``stats`` object, its keys in this order."""
        return {f.name: (dict(v) if isinstance(v := getattr(self, f.name), dict) else v) for f in fields(self)}

    def counts(self) -> dict[str, Any]:
        """What a batch summary records of a file: every count but ``passes``."""
        data = self.to_dict()
        del data["passes"]
        return data

    def rows(self) -> list[tuple[str, int, int, int]]:
        """Per rule (code, applied, suggested, suspects), in code order, and a last row of totals.

        The totals count edits, not rule hits: an edit merged from two rules counts once there.

        >>> Stats(edits=1, suspects=1, per_rule={"LX01": 1, "CH02": 1}, suspects_per_rule={"SU01": 1}).rows()
        [('CH02', 1, 0, 0), ('LX01', 1, 0, 0), ('SU01', 0, 0, 1), ('total', 1, 0, 1)]
        """
        codes = sorted(set(self.per_rule) | set(self.suggested_per_rule) | set(self.suspects_per_rule))
        rows = [(code, self.per_rule.get(code, 0), self.suggested_per_rule.get(code, 0),
                 self.suspects_per_rule.get(code, 0)) for code in codes]
        return [*rows, ("total", self.edits, self.suggestions, self.suspects)]

    def sentence(self) -> str:
        """The counts in a sentence.

        >>> Stats(chars_in=10, chars_out=9, edits=1).sentence()
        '1 edits applied, 0 suggestions not applied, 0 suspects; 10 → 9 characters.'
        """
        return (f"{self.edits} edits applied, {self.suggestions} suggestions not applied, "
                f"{self.suspects} suspects; {self.chars_in} → {self.chars_out} characters.")
