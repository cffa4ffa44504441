"""Measure the cleaner on real Tesseract output: ../shared/eval/tesseract/ (see its README).

For each document NAME of the folder, NAME.ocr.txt (or, with ``--input-kind``, the
hOCR or ALTO file of the same run) is cleaned and compared with NAME.gold.txt:

- content error rate (CER) before and after: edit distance over the gold's length, on
  *content* text: all whitespace removed and every non-Han character NFKC-folded
  (so layout, and the width of punctuation, do not count);
- the cleaner's applied edits that change content, scored by alignment with the gold:
  *repaired* (the edit's result is what the gold has there), *broke* (the span was
  already right and the edit changed it) and *missed* (an error, replaced wrongly);
- Tesseract's Han-character substitutions and how many of them the cleaner repaired;
- paragraph boundaries (precision, recall, F1): the blank-line paragraph breaks of the
  clean text against the gold's line breaks, both as content offsets;
- furniture: a line of the OCR text is a header or footer line when it stands at a
  page's edge (first or last two lines with content) and most of its content is not
  in the gold (the manifest's header/footer text for the page, or a misreading of
  it); *left* counts those still in the clean text, *glued* the pages whose running
  title (manifest) is still in the clean text more often than in the gold; a body
  line (most of it in the gold) is *removed* when most of it is gone from the output.

Usage::

    .venv/bin/python benchmarks/tesseract_eval.py [--unsafe] [--rules PACK.toml] [--json]
                                                  [--input-kind txt|hocr|alto] [--eval DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from cleaner.align import boundary_map, changes
from cleaner.charclass import is_han
from cleaner.evaluate import f1, ratio
from cleaner.pipeline import Cleaner, Config

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "tesseract"
INPUT_SUFFIX = {"txt": ".ocr.txt", "hocr": ".hocr", "alto": ".alto.xml"}


@dataclass(frozen=True)
class Content:
    """A text's content characters and, for each, the raw offset it came from."""

    text: str
    origin: tuple[int, ...]
    raw_len: int

    def from_raw(self, offset: int) -> int:
        import bisect

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
    title_glued: int = 0
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


def score_edits(score: DocScore, edits, src: Content, g: str) -> None:  # noqa: ANN001 - Edit list
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
    gold_cuts = {g.from_raw(i) for i, ch in enumerate(gold_raw) if ch == "\n"} - {0, len(g.text)}
    hyp_cuts_h = set()
    pos = hyp_raw.find("\n\n")
    while pos >= 0:
        hyp_cuts_h.add(h.from_raw(pos))
        pos = hyp_raw.find("\n\n", pos + 2)
    hyp_cuts_h -= {0, len(h.text)}
    to_g = boundary_map(h.text, g.text)
    found = {to_g.lo[c] if to_g.lo[c] in gold_cuts else to_g.hi[c] for c in hyp_cuts_h}
    hits = len(found & gold_cuts)
    score.paragraphs_gold, score.paragraphs_found = len(gold_cuts), len(hyp_cuts_h)
    score.paragraph_precision = ratio(hits, len(hyp_cuts_h))
    score.paragraph_recall = ratio(hits, len(gold_cuts))
    score.paragraph_f1 = f1(score.paragraph_precision, score.paragraph_recall)


def score_lines(score: DocScore, raw: str, src: Content, g: str, h: str, titles: list[str]) -> None:
    s = src.text
    not_in_gold = deleted_positions(s, g)
    not_in_hyp = deleted_positions(s, h)
    for start, end, edge in page_lines(raw):
        a, b = src.from_raw(start), src.from_raw(end)
        if a == b:
            continue
        missing = sum(not_in_gold[a:b]) / (b - a)
        gone = sum(not_in_hyp[a:b]) / (b - a)
        if edge and missing >= 0.5:
            score.furniture_lines += 1
            score.furniture_left += gone <= 0.5
        elif missing <= 0.5:
            score.body_lines += 1
            score.body_removed += gone > 0.5
    for title in sorted(set(titles)):
        t = fold(title)
        score.title_glued += max(0, h.count(t) - g.count(t))


def load_input(path: Path, kind: str) -> str:
    """The text to clean. Structured formats come in with issue 12's readers (branch ocr-formats)."""
    if kind == "txt":
        return path.read_text(encoding="utf-8")
    try:
        from cleaner import formats  # type: ignore[attr-defined]  # provided by the ocr-formats branch
    except ImportError:
        sys.exit(f"{path}: --input-kind {kind} needs the structured OCR readers (cleaner.formats), "
                 "which this tree does not have yet; use --input-kind txt")
    return formats.read(path).text  # the hook: the assembled text of the document


def evaluate_doc(name: str, folder: Path, cleaner: Cleaner, kind: str, manifest: dict) -> DocScore:
    raw = load_input(folder / (name + INPUT_SUFFIX[kind]), kind)
    gold_raw = (folder / (name + ".gold.txt")).read_text(encoding="utf-8")
    result = cleaner.clean(raw)
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
    pages = manifest.get("docs", {}).get(name, {}).get("page_detail", [])
    titles = [p["header_left"] for p in pages if p.get("header_left")]
    score_lines(score, raw, src, g.text, h.text, titles)
    return score


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}%"


def num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def table(scores: list[DocScore]) -> str:
    head = ("| document | CER before | CER after | content edits | repaired | broke | missed "
            "| Han subs repaired | para P | para R | para F1 | furniture left | title glued | body removed |")
    rows = [head, "|" + "---|" * 14]
    for s in scores:
        rows.append(
            f"| {s.name} | {pct(s.cer_before)} | {pct(s.cer_after)} | {s.content_edits} | {s.repaired} "
            f"| {s.broke} | {s.missed} | {s.han_repaired}/{s.han_substitutions} ({pct(s.han_share)}) "
            f"| {num(s.paragraph_precision)} | {num(s.paragraph_recall)} | {num(s.paragraph_f1)} "
            f"| {s.furniture_left}/{s.furniture_lines} | {s.title_glued} | {s.body_removed}/{s.body_lines} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=EVAL, help="the folder of Tesseract output and gold")
    parser.add_argument("--unsafe", action="store_true", help="apply suggestions too")
    parser.add_argument("--rules", type=Path, action="append", default=[], help="an extra rule pack")
    parser.add_argument("--input-kind", choices=sorted(INPUT_SUFFIX), default="txt")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    folder: Path = args.eval
    if not (folder / "manifest.json").exists():
        print(f"{folder}: no Tesseract evaluation data here (manifest.json missing); nothing measured")
        return 0
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    names = sorted(p.name[: -len(".gold.txt")] for p in folder.glob("*.gold.txt"))
    cleaner = Cleaner(Config(unsafe=args.unsafe, rules=tuple(args.rules)))
    scores = [evaluate_doc(name, folder, cleaner, args.input_kind, manifest) for name in names]
    if args.json:
        print(json.dumps([asdict(s) | {"han_share": s.han_share} for s in scores], ensure_ascii=False, indent=1))
    else:
        print(table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
