"""Measuring a cleaned OCR text of paged print against its gold text.

Used by ``benchmarks/tesseract_eval.py`` and the tests on real Tesseract output. The
gold has one paragraph per line and no page furniture. Compared on *content*: all
whitespace removed and every non-Han character NFKC-folded, so that layout and the
width of punctuation do not count.

- content error rate (CER): edit distance over the gold's length, before and after;
  ``cer_body_before`` leaves the page furniture out of the source, to show what the
  content rules did apart from removing headers and footers;
- the applied edits that change content, scored by alignment with the gold: *repaired*
  (the result is what the gold has there), *broke* (the span was right and the edit
  changed it), *missed* (an error, replaced wrongly);
- the source's Han substitutions (one ideograph for another) and how many were repaired;
- paragraph boundaries: the blank-line breaks of the clean text against the gold's line
  breaks, as content offsets mapped through the alignment, one to one (a break beside OCR
  noise matches a gold break anywhere in the stretch the alignment cannot resolve);
- furniture: a line of the source at a page's edge (first or last two lines with
  content, pages cut at form feeds) most of whose content is not in the gold; *left*
  counts those still in the clean text; *title_left* counts running titles (given)
  found in the clean text more often than in the gold; a body line (most of it in the
  gold) is *removed* when most of it is gone from the clean text.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from cleaner.align import boundary_map, changes
from cleaner.charclass import is_han
from cleaner.edits import CleanResult, Edit
from cleaner.evaluate import f1, ratio


@dataclass(frozen=True)
class Content:
    """A text's content characters and, for each, the raw offset it came from."""

    text: str
    origin: tuple[int, ...]
    raw_len: int

    def from_raw(self, offset: int) -> int:
        return bisect.bisect_left(self.origin, offset)


def content(raw: str) -> Content:
    """All whitespace removed, non-Han characters NFKC-folded (one folded piece per raw character)."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(raw):
        if ch.isspace():
            continue
        folded = ch if is_han(ch) else unicodedata.normalize("NFKC", ch)
        folded = "".join(c for c in folded if not c.isspace())
        chars.append(folded)
        origin.extend([i] * len(folded))
    return Content("".join(chars), tuple(origin), len(raw))


def fold(piece: str) -> str:
    return content(piece).text


@dataclass
class DocScore:
    name: str
    gold_chars: int = 0
    cer_before: float = 0.0
    cer_body_before: float = 0.0
    cer_after: float = 0.0
    content_edits: int = 0
    repaired: int = 0
    broke: int = 0
    missed: int = 0
    suggestions: int = 0
    han_substitutions: int = 0
    han_repaired: int = 0
    paragraphs_gold: int = 0
    paragraphs_found: int = 0
    paragraph_precision: float | None = None
    paragraph_recall: float | None = None
    paragraph_f1: float | None = None
    furniture_lines: int = 0
    furniture_left: int = 0
    title_left: int = 0
    body_lines: int = 0
    body_removed: int = 0

    @property
    def han_share(self) -> float | None:
        return ratio(self.han_repaired, self.han_substitutions)


def deleted_positions(a: str, b: str) -> list[bool]:
    """For each character of ``a``: is it deleted on the way to ``b``?"""
    gone = [False] * len(a)
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "delete":
            for k in range(op.src_start, op.src_end):
                gone[k] = True
    return gone


def page_lines(raw: str) -> list[tuple[int, int, bool]]:
    """Every line with content as (start, end, at_page_edge); pages are split at form feeds."""
    out: list[tuple[int, int, bool]] = []
    pos = 0
    for page in raw.split("\f"):
        spans = []
        start = pos
        for line in page.split("\n"):
            end = start + len(line)
            if line.strip():
                spans.append((start, end))
            start = end + 1
        for k, (s, e) in enumerate(spans):
            out.append((s, e, k < 2 or k >= len(spans) - 2))
        pos += len(page) + 1
    return out


def score_edits(score: DocScore, edits: Iterable[Edit], src: Content, g: str) -> None:
    """Repaired / broke / missed for every applied edit that changes content."""
    s = src.text
    bmap = boundary_map(s, g)
    for edit in edits:
        if not edit.applied:
            score.suggestions += 1
            continue
        a, b = src.from_raw(edit.start), src.from_raw(edit.end)
        after = fold(edit.after)
        if s[a:b] == after:
            continue  # layout or width only
        score.content_edits += 1
        spans = bmap.spans(a, b)
        if any(g[x:y] == after for x, y in spans):
            score.repaired += 1
        elif all(g[x:y] == s[a:b] for x, y in spans):
            score.broke += 1
        else:
            score.missed += 1


def score_paragraphs(score: DocScore, hyp_raw: str, h: Content, gold_raw: str, g: Content) -> None:
    """Paragraph breaks of the clean text against the gold's, one to one. A break that falls
    inside a stretch the alignment cannot resolve (OCR noise beside the break: 。”| against 。|)
    matches a gold break anywhere in that stretch."""
    gold_cuts = {g.from_raw(i) for i, ch in enumerate(gold_raw) if ch == "\n"} - {0, len(g.text)}
    hyp_cuts = set()
    pos = hyp_raw.find("\n\n")
    while pos >= 0:
        hyp_cuts.add(h.from_raw(pos))
        pos = hyp_raw.find("\n\n", pos + 2)
    hyp_cuts -= {0, len(h.text)}
    ops = [(op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(h.text, g.text)]
    starts = [op[1] for op in ops]
    hits = 0
    unmatched = set(gold_cuts)
    for cut in sorted(hyp_cuts):
        match = next((j for j in _gold_positions(ops, starts, cut) if j in unmatched), None)
        if match is not None:
            unmatched.discard(match)
            hits += 1
    score.paragraphs_gold, score.paragraphs_found = len(gold_cuts), len(hyp_cuts)
    score.paragraph_precision = ratio(hits, len(hyp_cuts))
    score.paragraph_recall = ratio(hits, len(gold_cuts))
    score.paragraph_f1 = f1(score.paragraph_precision, score.paragraph_recall)


def _gold_positions(ops: list[tuple[str, int, int, int, int]], starts: list[int], cut: int) -> range:
    """Where boundary ``cut`` of the clean text may fall in the gold (``ops``: the alignment's
    opcodes, ``starts`` their start offsets): one place inside an aligned stretch, any place of
    a changed stretch it stands in or at the edge of."""
    k = bisect.bisect_right(starts, cut) - 1  # the last stretch that starts at or before the cut
    places: list[int] = []
    for tag, i1, i2, j1, j2 in ops[max(0, k - 1) : k + 2]:
        if i1 <= cut <= i2:
            places.extend([j1 + cut - i1] if tag == "equal" else range(j1, j2 + 1))
    return range(min(places), max(places) + 1) if places else range(0)


def score_lines(score: DocScore, raw: str, src: Content, g: str, h: str, titles: Sequence[str]) -> list[bool]:
    """Count furniture and body lines; return, per source content character, whether it is furniture."""
    s = src.text
    not_in_gold = deleted_positions(s, g)
    not_in_hyp = deleted_positions(s, h)
    furniture = [False] * len(s)
    for start, end, edge in page_lines(raw):
        a, b = src.from_raw(start), src.from_raw(end)
        if a == b:
            continue
        missing = sum(not_in_gold[a:b]) / (b - a)
        gone = sum(not_in_hyp[a:b]) / (b - a)
        if edge and missing >= 0.5:
            score.furniture_lines += 1
            score.furniture_left += gone <= 0.5
            furniture[a:b] = [True] * (b - a)
        elif missing <= 0.5:
            score.body_lines += 1
            score.body_removed += gone > 0.5
    for title in sorted(set(titles)):
        t = fold(title)
        score.title_left += max(0, h.count(t) - g.count(t))
    return furniture


def score_document(name: str, raw: str, gold_raw: str, result: CleanResult, titles: Sequence[str] = ()) -> DocScore:
    """Every measure of one document: ``raw`` the OCR text, ``result`` its cleaning, ``titles`` its running titles."""
    src, g, h = content(raw), content(gold_raw), content(result.text)
    score = DocScore(name, gold_chars=len(g.text))
    score.cer_before = Levenshtein.distance(src.text, g.text) / len(g.text)
    score.cer_after = Levenshtein.distance(h.text, g.text) / len(g.text)
    score_edits(score, result.edits, src, g.text)
    han_subs = {(c.start, c.after) for c in changes(src.text, g.text)
                if len(c.before) == 1 and len(c.after) == 1 and is_han(c.before) and is_han(c.after)}
    fixed = {(c.start, c.after) for c in changes(src.text, h.text)}
    score.han_substitutions, score.han_repaired = len(han_subs), len(han_subs & fixed)
    score_paragraphs(score, result.text, h, gold_raw, g)
    furniture = score_lines(score, raw, src, g.text, h.text, titles)
    body = "".join(ch for ch, f in zip(src.text, furniture) if not f)
    score.cer_body_before = Levenshtein.distance(body, g.text) / len(g.text)
    return score
