"""The edit model: source-anchored edits, suspects, and the document that keeps them.

Every change the cleaner makes is an :class:`Edit` whose ``start``/``end`` are
code-point offsets into the *source* text. Stages work on the current text; the
:class:`Document` maps their changes back to the source, merging a change with
any earlier edit whose output it overlaps, so that

    apply_edits(source, document.edits) == document.text

holds by construction (ftfy's replay invariant).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cleaner.stats import Stats

SAFETIES = ("safe", "unsafe", "flag")


@dataclass(frozen=True, slots=True)
class Edit:
    """One change of ``source[start:end]`` (``before``) into ``after``.

    ``rule`` names every rule that contributed, joined by ``+`` when edits of
    several rules were merged on one source span.
    """

    rule: str
    stage: str
    start: int
    end: int
    before: str
    after: str
    safety: str = "safe"
    applied: bool = True
    id: str = ""

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(self.rule.split("+"))

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "rule": self.rule,
            "stage": self.stage,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "safety": self.safety,
            "applied": self.applied,
        }


@dataclass(frozen=True, slots=True)
class Suspect:
    """A span that looks damaged but that no rule is sure enough to change."""

    rule: str
    start: int
    end: int
    text: str
    reason: str
    candidates: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reason": self.reason,
            "candidates": list(self.candidates),
        }


@dataclass(slots=True)
class CleanResult:
    """What cleaning a text produced. ``edits`` holds applied edits and
    unapplied suggestions (``applied=False``); only applied ones replay."""

    source: str
    text: str
    edits: list[Edit]
    suspects: list[Suspect]
    stats: Stats = field(default_factory=Stats)
    errors: list[str] = field(default_factory=list)

    @property
    def applied(self) -> list[Edit]:
        return [e for e in self.edits if e.applied]

    @property
    def suggestions(self) -> list[Edit]:
        return [e for e in self.edits if not e.applied]


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    """Apply the applied edits (non-overlapping, in source offsets) to ``source``.

    >>> apply_edits("观观点", [Edit("LX01", "lexical", 1, 2, "观", "")])
    '观点'
    """
    pieces: list[str] = []
    pos = 0
    for edit in sorted((e for e in edits if e.applied), key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"edit {edit.id or edit.rule} at {edit.start} overlaps the previous edit")
        if source[edit.start : edit.end] != edit.before:
            raise ValueError(f"edit {edit.id or edit.rule} does not match the source at {edit.start}")
        pieces.append(source[pos : edit.start])
        pieces.append(edit.after)
        pos = edit.end
    pieces.append(source[pos:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Change:
    """A change a rule wants, in the coordinates of the text the rule saw."""

    start: int
    end: int
    after: str


def _overlaps(a: int, b: int, cs: int, ce: int) -> bool:
    """Does a new change [cs, ce) touch the output [a, b) of an earlier edit?

    Plain overlap, plus a zero-width side that sits strictly inside the other,
    or two zero-width spans at the same point.
    """
    if a < ce and cs < b:
        return True
    if a == b and cs < a < ce:
        return True
    if cs == ce and a < cs < b:
        return True
    return a == b == cs == ce


class Document:
    """The source, the current text, and the applied edits in source offsets."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = source
        self.edits: list[Edit] = []  # applied, sorted by source start, non-overlapping

    def locate(self, changes: Sequence[Change], rule: str, stage: str, safety: str) -> list[Edit]:
        """The source edits ``changes`` would make, without applying them."""
        return self._merge(changes, rule, stage, safety, apply=False)

    def locator(self) -> Locator:
        """A fast :meth:`locate` for many single changes against the current edits."""
        return Locator(self)

    def apply(self, changes: Sequence[Change], rule: str, stage: str, safety: str) -> list[Edit]:
        """Apply ``changes`` (sorted, non-overlapping, current offsets); return their source edits."""
        if not changes:
            return []
        return self._merge(changes, rule, stage, safety, apply=True)

    def _merge(
        self, changes: Sequence[Change], rule: str, stage: str, safety: str, *, apply: bool,
        first_edit: int = 0, first_shift: int = 0,
    ) -> list[Edit]:
        """Sweep the changes and the old edits together. Without ``apply``, the sweep may start
        at old edit ``first_edit`` (``first_shift``: the size change of the edits before it),
        when the caller knows that no earlier edit touches the changes."""
        text, old = self.text, self.edits

        def span(n: int, shift: int) -> tuple[int, int]:  # old edit n's output in the current text
            a = old[n].start + shift
            return a, a + len(old[n].after)

        kept: list[Edit] = []
        result: list[Edit] = []
        out: list[str] = []
        copied = 0  # current-text position copied to ``out`` so far
        i = first_edit  # next old edit
        delta = first_shift  # current offset minus source offset past the old edits before i
        k = 0  # next change
        while k < len(changes):
            first = changes[k]
            while i < len(old):
                a, b = span(i, delta)
                if b > first.start or _overlaps(a, b, first.start, first.end):
                    break
                kept.append(old[i])
                delta += len(old[i].after) - (old[i].end - old[i].start)
                i += 1
            # A cluster: this change, the old edits it touches, and further changes touching those.
            group_start, d = i, delta
            members = [first]
            k += 1
            lo, hi = first.start, first.end
            group: list[Edit] = []
            while True:
                if i < len(old) and _overlaps(*(a_b := span(i, d)), lo, hi):
                    lo, hi = min(lo, a_b[0]), max(hi, a_b[1])
                    group.append(old[i])
                    d += len(old[i].after) - (old[i].end - old[i].start)
                    i += 1
                elif k < len(changes) and _overlaps(lo, hi, changes[k].start, changes[k].end):
                    hi = max(hi, changes[k].end)
                    members.append(changes[k])
                    k += 1
                else:
                    break
            pieces, pos = [], lo
            for m in members:
                pieces.append(text[pos : m.start])
                pieces.append(m.after)
                pos = m.end
            pieces.append(text[pos:hi])
            after = "".join(pieces)
            src_lo, src_hi = lo - delta, hi - d
            names = [n for o in group for n in o.rules] + [rule]
            stages = [o.stage for o in group] + [stage]
            merged_safety = "unsafe" if "unsafe" in [o.safety for o in group] + [safety] else safety
            edit = Edit(
                "+".join(dict.fromkeys(names)),
                "+".join(dict.fromkeys(stages)),
                src_lo,
                src_hi,
                self.source[src_lo:src_hi],
                after,
                merged_safety,
            )
            result.append(edit)
            if apply:
                out.append(text[copied:lo])
                out.append(after)
                copied = hi
                if edit.before != edit.after:
                    kept.append(edit)
                delta = d
            else:
                i = group_start
        if apply:
            kept.extend(old[i:])
            out.append(text[copied:])
            self.text = "".join(out)
            self.edits = kept
        return result


class Locator:
    """Source spans of single changes, by bisection over the applied edits.

    ``Document.locate`` walks every applied edit; called once per suspect or
    suggestion that is quadratic on a long document. A change that touches no
    edit's output is shifted by the edits before it; one that touches an edit
    is merged exactly by the same sweep as ``Document.locate``, started there.
    """

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.ends: list[int] = []  # each edit's output end in the current text
        self.starts: list[int] = []
        self.shifts: list[int] = []  # current minus source offset after each edit
        self.ready = False  # the arrays are built on the first look-up: many rules never need one

    def _build(self) -> None:
        shift = 0
        for edit in self.doc.edits:
            start = edit.start + shift
            self.starts.append(start)
            self.ends.append(start + len(edit.after))
            shift += len(edit.after) - (edit.end - edit.start)
            self.shifts.append(shift)
        self.ready = True

    def locate(self, change: Change, rule: str, stage: str, safety: str) -> Edit:
        if not self.ready:
            self._build()
        k = bisect.bisect_left(self.ends, change.start)  # first edit ending at or after the change
        shift = self.shifts[k - 1] if k else 0
        if k < len(self.starts) and self.starts[k] <= change.end:
            # It touches edit k (or later ones): merge exactly, sweeping from edit k only.
            (located,) = self.doc._merge([change], rule, stage, safety, apply=False, first_edit=k, first_shift=shift)
            return located
        start, end = change.start - shift, change.end - shift
        return Edit(rule, stage, start, end, self.doc.source[start:end], change.after, safety)
