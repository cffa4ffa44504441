"""How well OCR confidence points at misread characters: SU20's suspects on real Tesseract output.

For each report of ../shared/eval/tesseract/ (measuring only), the hOCR is cleaned with its
word confidences; a SU20 suspect is right when one of its characters is a misreading (the
OCR text aligned with the gold, whitespace removed). Suspects on a page's first or last line
(running headers and footers, absent from the gold) are left out of the count.

    python benchmarks/ocr_confidence.py [--below 0.15]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from rapidfuzz.distance import Levenshtein

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
