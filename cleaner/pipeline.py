"""The engine: run the rules of a profile, stage by stage, over a :class:`Document`.

Rules run in stage order (the profile's), and in pack order within a stage.
The layout, characters and lexical stages repeat until no rule changes the text
(at most ``max_passes`` times), so that cleaning is idempotent; the suspects
stage runs once at the end. Each rule's findings are split by safety: safe ones
(and unsafe ones under ``unsafe=True`` or accepted by a reviewer) are applied;
other unsafe ones become suggestions (``applied=False``); flags become suspects.

A rule parameter ``trust_above`` weighs OCR confidence (:mod:`cleaner.confidence`): where
the input gives one, the rule's suspects and unsafe edits on characters read with at least
that confidence are not made.

Two escapes keep rules away from text that must not change: ``Config.protect``
(terms, such as names and places, inside which no rule edits or flags), and a
line ``# cleaner: disable=CODE[,CODE...]`` in a document, which turns those
rules off for that document only. Rules marked ``opt_in = "convert"`` (the
OpenCC conversion) run only when ``Config.convert`` names a conversion.

Its parts: :mod:`cleaner.config` (the :class:`Config`), :mod:`cleaner.rules_in_force` (which
rules run for a config, with which parameters), :mod:`cleaner.stats` (the result's counts);
a result's JSON report is :meth:`Cleaner.report`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cleaner import profiling
from cleaner.confidence import Confidence, carry
from cleaner.config import UNITS, Config, Span, load_protect_terms
from cleaner.edits import Change, CleanResult, Document, Edit, Locator, Suspect
from cleaner.incremental import ChangeTracker, find_in_windows, reach_of
from cleaner.kinds import Finding, Matcher, build
from cleaner.kinds.settings import PARAGRAPH_LAYOUTS
from cleaner.profiling import TimeProfile
from cleaner.report.json_report import build_report
from cleaner.rules import STAGES, Rule, RuleError, rules_hash
from cleaner.rules_in_force import (
    active_rules,
    document_disables,
    model_rules_in_force,
    profile_rules,
    trust_above,
)
from cleaner.stats import Stats

if TYPE_CHECKING:
    from cleaner.io import Decoded

__all__ = [  # the engine, and what it re-exports from its parts for the code that imports them from here
    "PARAGRAPH_LAYOUTS", "UNITS", "Cleaner", "Config", "Span", "document_disables", "load_protect_terms",
    "model_rules_in_force",
]


@dataclass
class _Run:
    doc: Document
    suggestions: dict[tuple[str, int, int, str], Edit] = field(default_factory=dict)
    suspects: dict[tuple[str, int, int], Suspect] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    timed_out: set[str] = field(default_factory=set)
    disabled: frozenset[str] = frozenset()
    source_confidence: Sequence[float | None] | None = None
    _confidence: tuple[str, Confidence] | None = None

    def confidence(self) -> Confidence | None:
        """The OCR confidence of the current text's positions (None: the input has none)."""
        if self.source_confidence is None:
            return None
        if self._confidence is None or self._confidence[0] is not self.doc.text:
            values = carry(self.source_confidence, self.doc.edits, len(self.doc.text))
            self._confidence = (self.doc.text, Confidence(values))
        return self._confidence[1]


def _covers(decisions: frozenset[Span], rule: str, start: int, end: int) -> bool:
    """Does a decision on (rule, span) cover this (rule, start, end)?

    A merged edit lists several rules over a wider span; a decision on it
    covers each of its rules' changes that lie inside that span.
    """
    for codes, s, e in decisions:
        if rule in codes.split("+") and s <= start and end <= e:
            return True
    return False


class Cleaner:
    """Loaded, compiled rules for one :class:`Config`; reusable across documents."""

    def __init__(self, config: Config | None = None, rules: list[Rule] | None = None, *,
                 like: Cleaner | None = None) -> None:
        """Load the profile's packs and ``config.rules``, or use ``rules`` as given. ``like``: a
        cleaner of the same config but for the text's edges, whose packs and built rules are
        taken (a streamed file's chunks hold different ends of it: no pack is loaded again)."""
        self.config = config or Config()
        self.all_rules: list[Rule]
        self.stages: tuple[str, ...]
        self.profile: str
        if like is not None:
            rules, stages, self.profile = like.all_rules, like.stages, like.profile
        elif rules is None:
            rules, stages, self.profile = profile_rules(self.config)
        else:
            stages, self.profile = STAGES, "custom"
        active = active_rules(rules, self.config, stages)
        self.all_rules, self.stages = rules, stages
        self.rules = active
        built = {r.code: (r, like.matchers[r.code]) for r in like.rules} if like is not None else {}
        self.matchers: dict[str, Matcher] = {
            r.code: built[r.code][1] if r.code in built and built[r.code][0] == r else build(r) for r in active
        }
        self.trust = {r.code: trust_above(r) for r in active if "trust_above" in r.params}
        self.reach = {r.code: reach_of(r, self.matchers[r.code]) for r in active}
        # Set one to collect seconds per rule of this cleaner (profiling.current: of every cleaner).
        self.timing: TimeProfile | None = None
        c = self.config
        edges = c.text_edges
        unit = "" if edges == ("start", "end") else f"|edges={','.join(edges)}"  # documents keep their hash
        model = f"|{sorted(c.lexicon)}|{c.channel}" if c.lexicon or c.channel else ""
        self.rules_hash = rules_hash(active, f"{c.convert}|{c.layout}|{sorted(c.protect)}{unit}{model}")
        self.protect = _alternation(self.config.protect)
        self.lexicon = _alternation(self.config.lexicon)
        self.model_backed = {r.code for r in active if getattr(self.matchers[r.code], "requires_model", False)}

    def rule(self, code: str) -> Rule:
        for rule in self.all_rules:
            if rule.code == code:
                return rule
        raise RuleError(f"unknown rule code: {code}")

    def report(self, result: CleanResult, *, path: str | None = None, decoded: Decoded | None = None,
               describe_rules: bool = True) -> dict[str, Any]:
        """The JSON report of ``result``, a result of this cleaner: its profile and rules hash, the
        source (``decoded``: as read from ``path``) and, with ``describe_rules``, the rules it cites."""
        return build_report(result, path=path, decoded=decoded, profile=self.profile, rules_hash=self.rules_hash,
                            rules=self.all_rules if describe_rules else None)

    def clean(self, source: str, confidence: Sequence[float | None] | None = None) -> CleanResult:
        """Clean ``source``. ``confidence``, when the OCR gave one, holds a value (0-1, or None:
        unknown) per source character; kinds that want it see it (:mod:`cleaner.confidence`)."""
        if confidence is not None and len(confidence) != len(source):
            raise ValueError(f"confidence has {len(confidence)} values for a source of {len(source)} characters")
        run = _Run(Document(source), disabled=document_disables(source), source_confidence=confidence)
        changing = [r for r in self.rules if r.stage != "suspects" and r.code not in run.disabled]
        passes = 0
        changed_by: list[str] = ["start"]
        tracker = None if self.config.whole_passes else ChangeTracker()
        while changed_by and passes < self.config.max_passes:
            passes += 1
            changed_by = [rule.code for rule in changing if self._run_rule(run, rule, tracker)]
        if changed_by:
            run.errors.append(
                f"no fixed point after {passes} passes: rule(s) {', '.join(changed_by)} "
                "still change the text (rewriting each other's output?); the text is as the last pass left it"
            )
        for rule in self.rules:
            if rule.stage == "suspects" and rule.code not in run.disabled:
                self._run_rule(run, rule)
        timing = self.timing or profiling.current
        if timing is None:
            return self._result(run, passes)
        timing.document(len(source))
        with timing.step("report (edit log)"):
            return self._result(run, passes)

    def _run_rule(self, run: _Run, rule: Rule, tracker: ChangeTracker | None = None) -> bool:
        """Run one rule (in a later pass, only where the text changed since it last ran)
        and apply its edits; True if it changed the text."""
        timing = self.timing or profiling.current
        if timing is None:
            return self._apply_rule(run, rule, tracker)
        started, chars = time.process_time(), len(run.doc.text)
        try:
            return self._apply_rule(run, rule, tracker)
        finally:
            timing.add(rule.code, rule.stage, rule.kind, time.process_time() - started, chars)

    def _apply_rule(self, run: _Run, rule: Rule, tracker: ChangeTracker | None) -> bool:
        doc = run.doc
        text = doc.text
        if rule.code in run.timed_out:
            return False
        windows = tracker.windows(rule.code, self.reach[rule.code], text) if tracker is not None else None
        if windows == []:
            return False  # nothing changed within its reach since it last ran
        matcher = self.matchers[rule.code]
        try:
            if getattr(matcher, "wants_confidence", False):  # its reach is the document (reach_of)
                findings = matcher.find(text, run.confidence())  # type: ignore[call-arg]
            elif windows is None:
                findings = matcher.find(text)
            else:
                findings = find_in_windows(matcher.find, text, windows)
        except TimeoutError:
            run.timed_out.add(rule.code)
            run.errors.append(f"rule {rule.code} ({rule.where}) ran over its time limit and was skipped for this document")
            return False
        if findings and self.protect is not None:
            findings = _untouched(self.protect, text, findings)
        if findings and self.lexicon is not None and rule.code in self.model_backed:
            findings = _untouched(self.lexicon, text, findings)
        if not findings:
            return False
        apply: list[Change] = []
        locator = doc.locator()
        trust = self.trust.get(rule.code)
        confidence = run.confidence() if trust is not None else None
        for f in findings:
            safety = "flag" if f.after is None else f.safety or rule.safety  # a finding without a fix is a suspect
            if confidence is not None and trust is not None and safety != "safe" and confidence.trusted(f.start, f.end, trust):
                continue  # the OCR was sure of these characters: a guess against its reading is less likely
            if f.after is None or safety == "flag":
                self._suspect(run, rule, f, locator)
                continue
            if text[f.start : f.end] == f.after:
                continue
            change = Change(f.start, f.end, f.after)
            if safety == "safe" and not self.config.reject:
                apply.append(change)
                continue
            located = locator.locate(change, rule.code, rule.stage, safety)
            if _covers(self.config.reject, rule.code, located.start, located.end):
                continue
            if safety == "safe" or self.config.unsafe or _covers(self.config.accept, rule.code, located.start, located.end):
                apply.append(change)
            else:
                key = (rule.code, located.start, located.end, located.after)
                run.suggestions.setdefault(key, dataclasses.replace(located, applied=False))
        apply = _non_overlapping(apply)
        doc.apply(apply, rule.code, rule.stage, rule.safety if rule.safety != "flag" else "safe")
        if tracker is not None:
            tracker.changed(apply, text)
        return bool(apply)

    def _suspect(self, run: _Run, rule: Rule, f: Finding, locator: Locator) -> None:
        located = locator.locate(Change(f.start, f.end, run.doc.text[f.start : f.end]), rule.code, rule.stage, "flag")
        key = (rule.code, located.start, located.end)
        if key not in run.suspects:
            run.suspects[key] = Suspect(rule.code, located.start, located.end, located.before, f.reason, f.candidates)

    def _result(self, run: _Run, passes: int) -> CleanResult:
        doc = run.doc
        starts = [e.start for e in doc.edits]  # applied edits: sorted, non-overlapping

        def superseded(s: Edit) -> bool:  # an applied edit overlaps the suggestion
            k = bisect.bisect_left(starts, s.end)
            return any(e.start < s.end and s.start < e.end for e in doc.edits[max(0, k - 2) : k])

        edits = list(doc.edits) + [s for s in run.suggestions.values() if not superseded(s)]
        edits.sort(key=lambda e: (e.start, e.end, not e.applied, e.rule))
        numbered = [  # positional: about 3x faster than dataclasses.replace, for reports of many edits
            Edit(e.rule, e.stage, e.start, e.end, e.before, e.after, e.safety, e.applied, f"E{n:04d}")
            for n, e in enumerate(edits, 1)
        ]
        suspects = sorted(run.suspects.values(), key=lambda s: (s.start, s.end, s.rule))
        stats = Stats.of(len(doc.source), len(doc.text), numbered, suspects, passes)
        return CleanResult(doc.source, doc.text, numbered, suspects, stats, run.errors)


def _alternation(terms: frozenset[str]) -> re.Pattern[str] | None:
    """One pattern for a set of terms, longest first; None for no terms."""
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, ordered))) if ordered else None


def _untouched(terms: re.Pattern[str], text: str, findings: list[Finding]) -> list[Finding]:
    """Drop findings that touch the inside of a term (a protected term, a user's word)."""
    spans = [(m.start(), m.end()) for m in terms.finditer(text)]
    if not spans:
        return findings
    return [f for f in findings if not any(
        (f.start < e and s < f.end) or (s < f.start < e) for s, e in spans)]


def _non_overlapping(changes: Iterable[Change]) -> list[Change]:
    """Keep the first of overlapping changes (a kind may report overlaps)."""
    kept: list[Change] = []
    end = -1
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start >= end and not (kept and c.start == kept[-1].start == kept[-1].end == c.end):
            kept.append(c)
            end = c.end if c.end > c.start else c.start
    return kept
