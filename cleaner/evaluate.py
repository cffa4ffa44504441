"""Measuring the cleaner against gold text: sentence, character and per-rule scores.

Input is a list of :class:`Pair` (noisy text, gold text). Each pair is one
document: the cleaner cleans the noisy text, and three versions are compared
after layout normalisation (:func:`cleaner.align.normalise`: edge whitespace of
every line, blank lines and the final line break do not count, so the canonical
layout is never an error). Call them S (source, noisy), G (gold) and H (the
cleaner's output, the hypothesis). A *unit* is one pair's whole text, or, for a
long document (:func:`split_sentences`), one gold sentence with the S and H
spans aligned to it.

Sentence level (SIGHAN-style, as in the SIGHAN 2013-15 bake-offs), over units:

- erroneous units ``E``: S != G; changed units ``C``: H != S;
- a unit is *detected* when it is in E and C and the S positions the cleaner
  changed (spans of the S->H alignment) are exactly the positions the gold
  changes (spans of the S->G alignment);
- a unit is *corrected* when it is in E and H == G;
- detection precision = detected / |C|, recall = detected / |E|;
  correction precision = corrected / |C|, recall = corrected / |E|;
  F1 = 2PR / (P + R). A changed unit that was already correct counts against
  precision, like a false alarm in SIGHAN.
- over-correction = changed correct units / correct units (S == G).

Character level, over the aligned changes (:func:`cleaner.align.changes`, one
per character when lengths agree): the gold edits are the changes S->G, the
cleaner's edits the changes S->H, each a (unit, start, end, replacement)
item. Correction precision = |cleaner ∩ gold| / |cleaner|, recall =
|cleaner ∩ gold| / |gold|; detection compares (unit, start, end) only.

Character error rate: CER(X) = sum of Levenshtein(X, G) / sum of len(G), for X = S
(before) and X = H (after).

Per rule: each applied edit of the edit log (in raw source offsets) is mapped
into S; it *agrees* with the gold when its replacement equals the gold text
aligned to its span (an insertion next to the span may be on either side).
Whitespace-only edits that do not change the normalised text (edge spaces,
the final line break, blank-line count) are layout and not scored.

Remaining errors: the changes H->G, counted by (what H has, what G has).

With ``fold_width``, half-width , ; : ? ! ( ) count as their full-width forms in
S, G and H alike (some gold files keep half-width marks in Chinese text, which
the cleaner's canonical text does not); edits that only change width are then
not scored either.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from cleaner.align import Normalised, boundary_map, changes, normalise
from cleaner.edits import Edit
from cleaner.io import InputError
from cleaner.pipeline import Cleaner

SENTENCE_END = "。！？；!?;\n"
# Half-width punctuation and its full-width form, for gold files whose convention
# differs from the cleaner's (``fold_width``); one character each, so offsets hold.
WIDTH_FOLD = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"})


@dataclass(frozen=True)
class Pair:
    noisy: str
    gold: str
    name: str = ""


def read_pairs(path: str | Path) -> list[Pair]:
    """Read ``noisy<TAB>gold`` lines; blank lines are skipped, a line without one TAB is an error."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read pairs file: {exc}") from None
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 2:
            raise InputError(f"{path}:{n}: expected 'noisy<TAB>correct', found {len(cells) - 1} tabs")
        pairs.append(Pair(cells[0], cells[1], f"{path}:{n}"))
    if not pairs:
        raise InputError(f"{path}: no pairs in the file")
    return pairs


def ratio(part: int, whole: int) -> float | None:
    """``part / whole``, or ``None`` when there is nothing to divide by."""
    return part / whole if whole else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RuleScore:
    edits: int = 0
    agree: int = 0
    examples: list[tuple[str, str, str]] = field(default_factory=list)  # (before, after, gold) of disagreements

    @property
    def precision(self) -> float | None:
        return ratio(self.agree, self.edits)


@dataclass
class Scores:
    """Counts over all units; the metrics are properties (definitions in the module docstring)."""

    units: int = 0
    erroneous: int = 0
    changed: int = 0
    detected: int = 0
    corrected: int = 0
    correct_changed: int = 0  # units with S == G that the cleaner changed
    gold_items: int = 0
    system_items: int = 0
    detect_hits: int = 0
    correct_hits: int = 0
    gold_chars: int = 0
    distance_before: int = 0
    distance_after: int = 0
    layout_edits: int = 0
    width_edits: int = 0
    suggestions: int = 0
    rules: dict[str, RuleScore] = field(default_factory=dict)
    remaining: Counter[tuple[str, str]] = field(default_factory=Counter)

    def metrics(self) -> dict[str, float | None]:
        dp, dr = ratio(self.detected, self.changed), ratio(self.detected, self.erroneous)
        cp, cr = ratio(self.corrected, self.changed), ratio(self.corrected, self.erroneous)
        chp, chr_ = ratio(self.detect_hits, self.system_items), ratio(self.detect_hits, self.gold_items)
        ccp, ccr = ratio(self.correct_hits, self.system_items), ratio(self.correct_hits, self.gold_items)
        return {
            "sentence_detection_precision": dp,
            "sentence_detection_recall": dr,
            "sentence_detection_f1": f1(dp, dr),
            "sentence_correction_precision": cp,
            "sentence_correction_recall": cr,
            "sentence_correction_f1": f1(cp, cr),
            "char_detection_precision": chp,
            "char_detection_recall": chr_,
            "char_correction_precision": ccp,
            "char_correction_recall": ccr,
            "cer_before": ratio(self.distance_before, self.gold_chars),
            "cer_after": ratio(self.distance_after, self.gold_chars),
            "overcorrection_rate": ratio(self.correct_changed, self.units - self.erroneous),
        }

    def to_dict(self, top: int = 20) -> dict[str, Any]:
        counts = {
            name: getattr(self, name)
            for name in ("units", "erroneous", "changed", "detected", "corrected", "correct_changed",
                         "gold_items", "system_items", "detect_hits", "correct_hits", "gold_chars",
                         "distance_before", "distance_after", "layout_edits", "width_edits", "suggestions")
        }
        return {
            "counts": counts,
            "metrics": self.metrics(),
            "rules": {
                code: {"edits": s.edits, "agree": s.agree, "precision": s.precision,
                       "disagreements": [list(x) for x in s.examples]}
                for code, s in sorted(self.rules.items())
            },
            "remaining_errors": [
                {"have": have, "gold": gold, "count": n} for (have, gold), n in self.remaining.most_common(top)
            ],
        }


def score_unit(scores: Scores, s: str, g: str, h: str) -> None:
    """Add one unit's sentence and character counts to ``scores``."""
    scores.units += 1
    gold = changes(s, g)
    system = changes(s, h) if h != s else []
    gold_items = {(c.start, c.end, c.after) for c in gold}
    system_items = {(c.start, c.end, c.after) for c in system}
    gold_spans = {(a, b) for a, b, _ in gold_items}
    system_spans = {(a, b) for a, b, _ in system_items}
    if s != g:
        scores.erroneous += 1
    if h != s:
        scores.changed += 1
        if s == g:
            scores.correct_changed += 1
    if s != g and h != s and system_spans == gold_spans:
        scores.detected += 1
    if s != g and h == g:
        scores.corrected += 1
    scores.gold_items += len(gold_items)
    scores.system_items += len(system_items)
    scores.detect_hits += len(system_spans & gold_spans)
    scores.correct_hits += len(system_items & gold_items)
    scores.gold_chars += len(g)
    scores.distance_before += Levenshtein.distance(s, g)
    if h != g:
        scores.distance_after += Levenshtein.distance(h, g)
        for c in changes(h, g):
            scores.remaining[(c.before, c.after)] += 1


def split_sentences(g: str) -> list[int]:
    """Boundaries of gold sentences: after each sentence-final mark or line break, and the end."""
    cuts = [i + 1 for i, ch in enumerate(g) if ch in SENTENCE_END]
    if not cuts or cuts[-1] != len(g):
        cuts.append(len(g))
    return cuts


def score_rules(scores: Scores, edits: Iterable[Edit], src: Normalised, g: str, fold_width: bool = False) -> None:
    """Score every applied edit of the log against the gold (see the module docstring)."""
    s = src.text.translate(WIDTH_FOLD) if fold_width else src.text
    bmap = None
    for edit in edits:
        if not edit.applied:
            scores.suggestions += 1
            continue
        a, b = src.from_raw(edit.start), src.from_raw(edit.end)
        if not edit.before.strip() and not edit.after.strip():
            at_edge = a == b and (a == 0 or a == len(s))
            if at_edge or ("\n" in edit.before) == ("\n" in edit.after):
                scores.layout_edits += 1
                continue
            after = "\n" if "\n" in edit.after else ""  # a line joined or split
        else:
            after = edit.after.strip()
            if fold_width:
                after = after.translate(WIDTH_FOLD)
                if after == s[a:b]:
                    scores.width_edits += 1
                    continue
        if bmap is None:
            bmap = boundary_map(s, g)
        agree = any(g[x:y] == after for x, y in bmap.spans(a, b))
        for code in edit.rules:
            score = scores.rules.setdefault(code, RuleScore())
            score.edits += 1
            if agree:
                score.agree += 1
            elif len(score.examples) < 5:
                x, y = min(bmap.spans(a, b))
                score.examples.append((s[a:b], after, g[x:y]))


def evaluate(pairs: Sequence[Pair], cleaner: Cleaner, *, sentences: bool = False, fold_width: bool = False) -> Scores:
    """Clean each pair's noisy text and score it; ``sentences`` splits documents into gold sentences."""
    scores = Scores()
    for pair in pairs:
        src, gold = normalise(pair.noisy), normalise(pair.gold).text
        result = cleaner.clean(pair.noisy)
        hyp = normalise(result.text).text
        s = src.text
        if fold_width:
            s, gold, hyp = (x.translate(WIDTH_FOLD) for x in (s, gold, hyp))
        if sentences:
            to_s, to_h = boundary_map(gold, s), boundary_map(gold, hyp)
            start = 0
            for end in split_sentences(gold):
                score_unit(scores, s[to_s.lo[start] : to_s.lo[end]], gold[start:end], hyp[to_h.lo[start] : to_h.lo[end]])
                start = end
        else:
            score_unit(scores, s, gold, hyp)
        score_rules(scores, result.edits, src, gold, fold_width)
    return scores
