"""How well OCR confidence points at misread characters: SU20's suspects on real Tesseract output.

For each report of ../shared/eval/tesseract/ (measuring only), the hOCR is cleaned with its
word confidences; a SU20 suspect is right when one of its characters is a misreading (the
OCR text aligned with the gold, whitespace removed). Suspects on a page's first or last line
(running headers and footers, absent from the gold) are left out of the count.

A second table weighs every rule's guesses (suspects and unsafe suggestions) by the OCR
confidence of the characters they are about, without the rules' ``trust_above`` (``--trust``
keeps it): how many lie at a misreading (within a character) in each confidence band.

    python benchmarks/ocr_confidence.py [--below 0.15] [--trust]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from cleaner.confidence import Confidence
from cleaner.formats import clean_ocr, read_ocr
from cleaner.pipeline import Cleaner

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "tesseract"


def misread_positions(source: str, gold: str) -> set[int]:
    """Source offsets of characters that alignment with the gold does not keep (whitespace ignored)."""
    kept = [i for i, ch in enumerate(source) if not ch.isspace()]
    squeezed = "".join(source[i] for i in kept)
    bad: set[int] = set()
    for op in Levenshtein.opcodes(squeezed, "".join(gold.split())):
        if op.tag in ("replace", "delete"):
            bad.update(kept[k] for k in range(op.src_start, op.src_end))
    return bad


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--below", type=float, help="SU20's threshold (default: the rule's own)")
    parser.add_argument("--trust", action="store_true", help="keep the rules' trust_above in the second table")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"{EVAL} is not present", file=sys.stderr)
        return 1
    cleaner = Cleaner()
    if args.below is not None:
        rules = [dataclasses.replace(r, params={**r.params, "below": args.below}) if r.code == "SU20" else r
                 for r in cleaner.all_rules]
        cleaner = Cleaner(rules=rules)
    print("| report | Han words | below threshold | SU20 suspects (body lines) | at a misreading | precision |")
    print("|---|---|---|---|---|---|")
    for hocr in sorted(EVAL.glob("*.hocr")):
        name = hocr.name.removesuffix(".hocr")
        result = clean_ocr(cleaner, read_ocr(hocr.read_bytes(), hocr.name, "hocr"))
        gold = (EVAL / f"{name}.gold.txt").read_text(encoding="utf-8")
        bad = misread_positions(result.assembly.text, gold)
        edge = {w.id for page in result.document.pages for line in (page.lines[:1] + page.lines[-1:]) for w in line.words}
        han = [(p, w) for p, (_, _, w) in zip(result.assembly.places, result.document.words(), strict=True)
               if any("\u4e00" <= ch <= "\u9fff" for ch in w.text)]
        threshold = next(r for r in cleaner.rules if r.code == "SU20").params.get("below", 0.15)
        low = sum(1 for _, w in han if w.conf is not None and w.conf < threshold)
        body = [s for s in result.result.suspects if s.rule == "SU20"
                and not any(e["word"] in edge for e in result.assembly.elements(s.start, s.end))]
        right = sum(1 for s in body if any(i in bad for i in range(s.start, s.end)))
        precision = f"{right / len(body):.2f}" if body else "-"
        print(f"| {name} | {len(han)} | {low} | {len(body)} | {right} | {precision} |")
    guesses_by_band(args.trust)
    return 0


BANDS = ((0.9, "at least 0.9"), (0.6, "0.6-0.9"), (0.0, "under 0.6"))


def guesses_by_band(keep_trust: bool) -> None:
    rules = Cleaner().all_rules
    if not keep_trust:
        rules = [dataclasses.replace(r, params={k: v for k, v in r.params.items() if k != "trust_above"}) for r in rules]
    cleaner = Cleaner(rules=rules)
    counts: dict[tuple[str, str], list[int]] = {}
    for hocr in sorted(EVAL.glob("*.hocr")):
        result = clean_ocr(cleaner, read_ocr(hocr.read_bytes(), hocr.name, "hocr"))
        gold = (EVAL / f"{hocr.name.removesuffix('.hocr')}.gold.txt").read_text(encoding="utf-8")
        bad = misread_positions(result.assembly.text, gold)
        confidence = Confidence(result.assembly.confidence)
        spans = [(e.rule, e.start, e.end) for e in result.result.suggestions]
        spans += [(s.rule, s.start, s.end) for s in result.result.suspects if s.rule != "SU20"]
        for rule, start, end in spans:
            lowest = confidence.lowest(max(0, start - (start == end)), end + (start == end))
            if lowest is None:
                continue
            band = next(label for floor, label in BANDS if lowest >= floor)
            tally = counts.setdefault((rule, band), [0, 0])
            tally[0] += 1
            tally[1] += any(i in bad for i in range(max(0, start - 1), end + 1))
    print("\n| rule | confidence | guesses | at a misreading |")
    print("|---|---|---|---|")
    for (rule, band), (n, right) in sorted(counts.items()):
        print(f"| {rule} | {band} | {n} | {right} |")


if __name__ == "__main__":
    sys.exit(main())
