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
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cleaner import profiling
from cleaner.confidence import Confidence, carry
from cleaner.edits import Change, CleanResult, Document, Edit, Locator, Suspect
from cleaner.incremental import ChangeTracker, find_in_windows, reach_of
from cleaner.kinds import KINDS, Finding, Matcher, build
from cleaner.kinds.settings import PARAGRAPH_LAYOUTS as PARAGRAPH_LAYOUTS  # re-exported: the CLI offers them
from cleaner.kinds.variants import CONVERSIONS
from cleaner.profiling import TimeProfile
from cleaner.rules import STAGES, Rule, RuleError, load_pack, load_profile, rules_hash

Span = tuple[str, int, int]  # (rule code, source start, source end)
DISABLE_LINE = re.compile(r"^#\s*cleaner:\s*disable\s*=\s*([A-Za-z0-9, ]+?)\s*$", re.M)


def document_disables(text: str) -> frozenset[str]:
    """Rule codes a document turns off for itself with ``# cleaner: disable=CODE,...`` lines.

    >>> sorted(document_disables("# cleaner: disable=LX02, CH01\\n正文"))
    ['CH01', 'LX02']
    """
    if "cleaner:" not in text:
        return frozenset()
    return frozenset(c.strip().upper() for m in DISABLE_LINE.finditer(text) for c in m.group(1).split(",") if c.strip())


def load_protect_terms(path: str | Path) -> frozenset[str]:
    """Terms, one a line (``#`` comments, blank lines ignored): protected terms, or a user lexicon."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read protected terms: {exc}") from None
    return frozenset(t for line in lines if (t := line.strip()) and not t.startswith("#"))
UNITS = ("document", "record")


def _codes(value: object, name: str) -> frozenset[str]:
    """Rule codes from a string (``"LY14"`` or ``"LY14,LX02"``) or any iterable of strings."""
    items = value.split(",") if isinstance(value, str) else value
    try:
        codes = list(items)  # type: ignore[call-overload]
    except TypeError:
        raise ValueError(f"{name} must be rule codes (a string or an iterable of strings), not {value!r}") from None
    if not all(isinstance(c, str) for c in codes):
        raise ValueError(f"{name} must hold rule codes as strings, not {value!r}")
    return frozenset(c.strip().upper() for c in codes if c.strip())


def _spans(value: object, name: str) -> frozenset[Span]:
    try:
        spans = frozenset(tuple(s) for s in value)  # type: ignore[attr-defined]
    except TypeError:
        raise ValueError(f"{name} must be an iterable of (rule, start, end) spans, not {value!r}") from None
    for span in spans:
        if not (len(span) == 3 and isinstance(span[0], str) and isinstance(span[1], int) and isinstance(span[2], int)):
            raise ValueError(f"{name} must hold (rule, start, end) spans, not {span!r}")
    return spans


@dataclass(frozen=True)
class Config:
    """Everything that decides the output besides the text. Frozen and hashable.

    Arguments are checked and normalised: ``disable`` and ``protect`` take any iterable of
    strings (or one string), ``rules`` one path or an iterable of paths (``str`` or ``Path``).

    >>> Config(disable=["ly14"], rules="my.toml").disable, Config(rules="my.toml").rules
    (frozenset({'LY14'}), (PosixPath('my.toml'),))
    >>> Config(convert="xx")
    Traceback (most recent call last):
    ...
    ValueError: convert must be one of s2t, t2s, s2tw, tw2s, s2hk, hk2s, s2twp, tw2sp, t2tw, t2hk, hk2t, tw2t, t2jp, jp2t (or None), not 'xx'
    """  # noqa: E501

    profile: str | Path = "default"
    rules: tuple[Path, ...] = ()  # extra packs, after the profile's
    disable: frozenset[str] = frozenset()
    unsafe: bool = False
    reject: frozenset[Span] = frozenset()  # a reviewer's rejected edits
    accept: frozenset[Span] = frozenset()  # a reviewer's accepted suggestions
    # Passes normally stop at 2; a few more let slow chains settle (an edit that lengthens a
    # line changes what the hard-wrap rule sees); a rule cycle runs into the limit and is reported.
    max_passes: int = 8
    convert: str | None = None  # an OpenCC conversion (t2s, s2t, ...) run as an opt-in stage
    protect: frozenset[str] = frozenset()  # terms no rule may edit inside
    lexicon: frozenset[str] = frozenset()  # a user's words: the language model's rules leave them alone
    channel: tuple[Path, ...] = ()  # learned channel tables (cleaner learn --channel) for the look-alike rule
    # "blank": a blank line between paragraphs; "line": one paragraph per line; "keep": the input's own
    # convention. None: "blank" for a document, "keep" for a record.
    paragraphs: str | None = None
    # "document": the canonical form (edges included: no leading blank lines, one final line break);
    # "record": a JSONL record's text, whose edges are left as they are.
    unit: str = "document"
    # Which ends of a whole document the text holds, for the rules with scope = "start" or "end":
    # None means both for a document, neither for a record; a chunk of a streamed document holds
    # the start only if it is the first, the end only if it is the last.
    edges: tuple[str, ...] | None = None
    # Every pass over the whole text: the slow path that the windowed later passes
    # (cleaner/incremental.py) are tested against; same output, same report.
    whole_passes: bool = False

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        if not isinstance(self.profile, (str, Path)):
            raise ValueError(f"profile must be a name or a path, not {self.profile!r}")
        rules = [self.rules] if isinstance(self.rules, (str, Path)) else self.rules
        try:
            put("rules", tuple(Path(p) for p in rules))
        except TypeError:
            raise ValueError(f"rules must be a path or an iterable of paths, not {self.rules!r}") from None
        put("disable", _codes(self.disable, "disable"))
        protect = [self.protect] if isinstance(self.protect, str) else self.protect
        try:
            put("protect", frozenset(protect))
        except TypeError:
            raise ValueError(f"protect must be an iterable of terms, not {self.protect!r}") from None
        if not all(isinstance(t, str) and t for t in self.protect):
            raise ValueError("protect must hold non-empty strings")
        put("reject", _spans(self.reject, "reject"))
        put("accept", _spans(self.accept, "accept"))
        if not isinstance(self.unsafe, bool):
            raise ValueError(f"unsafe must be True or False, not {self.unsafe!r}")
        if not isinstance(self.max_passes, int) or self.max_passes < 1:
            raise ValueError(f"max_passes must be a positive integer, not {self.max_passes!r}")
        if self.convert is not None and self.convert not in CONVERSIONS:
            raise ValueError(f"convert must be one of {', '.join(CONVERSIONS)} (or None), not {self.convert!r}")
        if self.paragraphs is not None and self.paragraphs not in PARAGRAPH_LAYOUTS:
            raise ValueError(f"paragraphs must be one of {', '.join(PARAGRAPH_LAYOUTS)} (or None), not {self.paragraphs!r}")
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {self.unit!r}")
        if self.edges is not None:
            put("edges", tuple(sorted(set(self.edges), reverse=True)))
            if not set(self.edges) <= {"start", "end"}:
                raise ValueError(f"edges must hold 'start' and/or 'end', not {self.edges!r}")

    @property
    def text_edges(self) -> tuple[str, ...]:
        """The ends of a document the text holds: ``edges``, or the unit's default."""
        if self.edges is not None:
            return self.edges
        return ("start", "end") if self.unit == "document" else ()

    @property
    def layout(self) -> str:
        """The paragraph layout in force: ``paragraphs``, or the unit's default."""
        return self.paragraphs or ("blank" if self.unit == "document" else "keep")


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

    def __init__(self, config: Config | None = None, rules: list[Rule] | None = None) -> None:
        """Load the profile's packs and ``config.rules``, or use ``rules`` as given."""
        self.config = config or Config()
        if rules is None:
            profile = load_profile(self.config.profile)
            rules = []
            for pack in [*profile.packs, *self.config.rules]:
                rules.extend(load_pack(Path(pack)))
            stages, self.profile = profile.stages, profile.name
            rules = [r for r in map(self._opt_in, rules) if r is not None]
            rules = model_rules_in_force(rules)
            if self.config.channel:
                rules = [_with_channel(r, self.config.channel) for r in rules]
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
        active = [_for_layout(r, self.config.layout) for r in rules if r.code not in self.config.disable and r.stage in order]
        active = [r for r in active if _in_force(r, self.config.text_edges)]
        active.sort(key=lambda r: order[r.stage])  # stable: pack order within a stage
        self.rules = active
        self.matchers: dict[str, Matcher] = {r.code: build(r) for r in active}
        self.trust = {r.code: _trust_above(r) for r in active if "trust_above" in r.params}
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

    def _opt_in(self, rule: Rule) -> Rule | None:
        """An opt-in rule of the profile as the config wants it, or None when it is off.
        (Rules given explicitly, as in rule tests, run as written.)"""
        if rule.params.get("opt_in") != "convert":
            return rule
        if self.config.convert is None:
            return None
        return dataclasses.replace(rule, params={**rule.params, "convert": self.config.convert})

    def rule(self, code: str) -> Rule:
        for rule in self.all_rules:
            if rule.code == code:
                return rule
        raise RuleError(f"unknown rule code: {code}")

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
            safety = f.safety or rule.safety
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


def _with_channel(rule: Rule, tables: tuple[Path, ...]) -> Rule:
    """The look-alike rule with a user's channel tables added to its own."""
    if rule.params.get("channel") != "lookalike":
        return rule
    own = list(rule.params.get("channel_tables", ()))
    return dataclasses.replace(rule, params={**rule.params, "channel_tables": [*own, *map(str, tables)]})


def model_rules_in_force(rules: list[Rule]) -> list[Rule]:
    """The profile's rules as the language model allows: with a model, the rules it replaces
    (``without_model = true``) are off; without one, the rules that need it are off, and
    one line on stderr says so and how to install it."""
    from cleaner.model.lm import default_model, warn_missing

    needs = [r for r in rules if getattr(KINDS.get(r.kind), "requires_model", False)]
    if not needs:
        return rules
    if default_model() is not None:
        return [r for r in rules if not r.params.get("without_model")]
    warn_missing([r.code for r in needs])
    return [r for r in rules if r not in needs]


def _trust_above(rule: Rule) -> float:
    """A rule's ``trust_above``: the OCR confidence at or over which its guesses (suspects and
    unsafe edits) are not made, the engine's reading being more likely than the guess."""
    value = rule.params["trust_above"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise RuleError(f"{rule.where}: rule {rule.code}: field 'trust_above' must be a confidence in (0, 1]")
    return float(value)


def _in_force(rule: Rule, edges: tuple[str, ...]) -> bool:
    """Is the rule on for this layout and these edges? (``enabled = false`` in a ``paragraphs_<layout>``
    table turns it off for that layout; ``scope = "start"`` or ``"end"`` keeps it to texts that hold
    that end of a document: not a JSONL record, not an inner chunk of a streamed file.)"""
    scope = rule.params.get("scope")
    return rule.params.get("enabled", True) is not False and (scope is None or scope in edges)


def _for_layout(rule: Rule, paragraphs: str) -> Rule:
    """The rule with its ``paragraphs_<layout>`` parameters (e.g. ``paragraphs_line``) in force."""
    override = rule.params.get(f"paragraphs_{paragraphs}")
    if not isinstance(override, dict):
        return rule
    return dataclasses.replace(rule, params={**rule.params, **override})


def _non_overlapping(changes: Iterable[Change]) -> list[Change]:
    """Keep the first of overlapping changes (a kind may report overlaps)."""
    kept: list[Change] = []
    end = -1
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start >= end and not (kept and c.start == kept[-1].start == kept[-1].end == c.end):
            kept.append(c)
            end = c.end if c.end > c.start else c.start
    return kept
