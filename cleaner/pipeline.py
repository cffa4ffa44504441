"""The engine: run the rules of a profile, stage by stage, over a :class:`Document`.

Rules run in stage order (the profile's), and in pack order within a stage.
The layout, characters and lexical stages repeat until no rule changes the text
(at most ``max_passes`` times), so that cleaning is idempotent; the suspects
stage runs once at the end. Each rule's findings are split by safety: safe ones
(and unsafe ones under ``unsafe=True`` or accepted by a reviewer) are applied;
other unsafe ones become suggestions (``applied=False``); flags become suspects.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.edits import Change, CleanResult, Document, Edit, Suspect
from cleaner.kinds import Finding, Matcher, build
from cleaner.rules import STAGES, Rule, RuleError, load_pack, load_profile, rules_hash

Span = tuple[str, int, int]  # (rule code, source start, source end)


@dataclass(frozen=True)
class Config:
    """Everything that decides the output besides the text. Frozen and hashable."""

    profile: str = "default"
    rules: tuple[Path, ...] = ()  # extra packs, after the profile's
    disable: frozenset[str] = frozenset()
    unsafe: bool = False
    reject: frozenset[Span] = frozenset()  # a reviewer's rejected edits
    accept: frozenset[Span] = frozenset()  # a reviewer's accepted suggestions
    max_passes: int = 4


@dataclass
class _Run:
    doc: Document
    suggestions: dict[tuple[str, int, int, str], Edit] = field(default_factory=dict)
    suspects: dict[tuple[str, int, int], Suspect] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


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

    def __init__(self, config: Config | None = None, rules: list[Rule] | None = None) -> None:
        """Load the profile's packs and ``config.rules``, or use ``rules`` as given."""
        self.config = config or Config()
        if rules is None:
            profile = load_profile(self.config.profile)
            rules = []
            for pack in [*profile.packs, *self.config.rules]:
                rules.extend(load_pack(Path(pack)))
            stages, self.profile = profile.stages, profile.name
        else:
            stages, self.profile = STAGES, "custom"
        seen: dict[str, Rule] = {}
        for rule in rules:
            if rule.code in seen:
                raise RuleError(f"{rule.where}: rule {rule.code}: code already used at {seen[rule.code].where}")
            seen[rule.code] = rule
        unknown = sorted(set(self.config.disable) - set(seen))
        if unknown:
            raise RuleError(f"unknown rule code(s) to disable: {', '.join(unknown)}")
        self.all_rules = rules
        order = {stage: n for n, stage in enumerate(stages)}
        active = [r for r in rules if r.code not in self.config.disable and r.stage in order]
        active.sort(key=lambda r: order[r.stage])  # stable: pack order within a stage
        self.rules = active
        self.matchers: dict[str, Matcher] = {r.code: build(r) for r in active}
        self.rules_hash = rules_hash(active)

    def rule(self, code: str) -> Rule:
        for rule in self.all_rules:
            if rule.code == code:
                return rule
        raise RuleError(f"unknown rule code: {code}")

    def clean(self, source: str) -> CleanResult:
        run = _Run(Document(source))
        changing = [r for r in self.rules if r.stage != "suspects"]
        passes = 0
        changed = True
        while changed and passes < self.config.max_passes:
            passes += 1
            changed = False
            for rule in changing:
                changed |= self._run_rule(run, rule)
        if changed:
            codes = sorted({c for e in run.doc.edits for c in e.rules})
            run.errors.append(
                f"no fixed point after {passes} passes; rules still changing the text: {', '.join(codes)}"
            )
        for rule in self.rules:
            if rule.stage == "suspects":
                self._run_rule(run, rule)
        return self._result(run, passes)

    def _run_rule(self, run: _Run, rule: Rule) -> bool:
        doc = run.doc
        text = doc.text
        findings = self.matchers[rule.code].find(text)
        if not findings:
            return False
        apply: list[Change] = []
        flagged: list[Finding] = []
        undecided: list[tuple[Change, str]] = []  # changes a decision or the safety may hold back
        for f in findings:
            safety = f.safety or rule.safety
            if f.after is None or safety == "flag":
                flagged.append(f)
                continue
            if text[f.start : f.end] == f.after:
                continue
            change = Change(f.start, f.end, f.after)
            if safety == "safe" and not self.config.reject:
                apply.append(change)
                continue
            undecided.append((change, safety))
        if flagged:
            self._suspects(run, rule, flagged)
        # Locate all undecided changes in one sweep (one locate per change is quadratic).
        located_all: list[Edit] = [None] * len(undecided)  # type: ignore[list-item]
        for safety in sorted({s for _, s in undecided}):
            picked = [n for n, (_, s) in enumerate(undecided) if s == safety]
            edits = doc.locate_each([undecided[n][0] for n in picked], rule.code, rule.stage, safety)
            for n, edit in zip(picked, edits):
                located_all[n] = edit
        for (change, safety), located in zip(undecided, located_all):
            if _covers(self.config.reject, rule.code, located.start, located.end):
                continue
            if safety == "safe" or self.config.unsafe or _covers(self.config.accept, rule.code, located.start, located.end):
                apply.append(change)
            else:
                key = (rule.code, located.start, located.end, located.after)
                run.suggestions.setdefault(key, _replace(located, rule, applied=False))
        apply = _non_overlapping(apply)
        doc.apply(apply, rule.code, rule.stage, rule.safety if rule.safety != "flag" else "safe")
        return bool(apply)

    def _suspects(self, run: _Run, rule: Rule, findings: list[Finding]) -> None:
        text = run.doc.text
        changes = [Change(f.start, f.end, text[f.start : f.end]) for f in findings]
        for f, located in zip(findings, run.doc.locate_each(changes, rule.code, rule.stage, "flag")):
            key = (rule.code, located.start, located.end)
            if key not in run.suspects:
                run.suspects[key] = Suspect(rule.code, located.start, located.end, located.before, f.reason, f.candidates)

    def _result(self, run: _Run, passes: int) -> CleanResult:
        doc = run.doc
        edits = list(doc.edits) + [
            s for s in run.suggestions.values()
            if not any(e.start < s.end and s.start < e.end for e in doc.edits)  # superseded by an applied edit
        ]
        edits.sort(key=lambda e: (e.start, e.end, not e.applied, e.rule))
        numbered = [  # positional: about 3x faster than _replace, for reports of many edits
            Edit(e.rule, e.stage, e.start, e.end, e.before, e.after, e.safety, e.applied, f"E{n:04d}")
            for n, e in enumerate(edits, 1)
        ]
        suspects = sorted(run.suspects.values(), key=lambda s: (s.start, s.end, s.rule))
        per_rule: Counter[str] = Counter()
        suggested: Counter[str] = Counter()
        for e in numbered:
            for code in e.rules:
                (per_rule if e.applied else suggested)[code] += 1
        stats = {
            "chars_in": len(doc.source),
            "chars_out": len(doc.text),
            "edits": sum(1 for e in numbered if e.applied),
            "suggestions": sum(1 for e in numbered if not e.applied),
            "suspects": len(suspects),
            "passes": passes,
            "per_rule": dict(sorted(per_rule.items())),
            "suggested_per_rule": dict(sorted(suggested.items())),
            "suspects_per_rule": dict(sorted(Counter(s.rule for s in suspects).items())),
        }
        return CleanResult(doc.source, doc.text, numbered, suspects, stats, run.errors)


def _replace(edit: Edit, rule: Rule | None, **changes: object) -> Edit:
    values = {name: getattr(edit, name) for name in Edit.__slots__}
    values.update(changes)
    return Edit(**values)  # type: ignore[arg-type]


def _non_overlapping(changes: Iterable[Change]) -> list[Change]:
    """Keep the first of overlapping changes (a kind may report overlaps)."""
    kept: list[Change] = []
    end = -1
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start >= end and not (kept and c.start == kept[-1].start == kept[-1].end == c.end):
            kept.append(c)
            end = c.end if c.end > c.start else c.start
    return kept
