"""Measure the cleaner on real Tesseract output: ../shared/eval/tesseract/ (see its README).

For each document NAME of the folder, NAME.ocr.txt (or, with ``--input-kind``, the
hOCR or ALTO file of the same run, with its word confidences) is cleaned and
compared with NAME.gold.txt; the measures are those of :mod:`cleaner.page_eval`
(content error rate before and after, repaired and broken edits, Han substitutions
repaired, paragraph boundaries, furniture left and body lines removed). The running
titles come from the folder's manifest.json.

Usage::

    .venv/bin/python benchmarks/tesseract_eval.py [--unsafe] [--rules PACK.toml] [--json]
                                                  [--input-kind txt|hocr|alto] [--eval DIR]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from cleaner.page_eval import DocScore, score_document
from cleaner.pipeline import Cleaner, Config

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "tesseract"
INPUT_SUFFIX = {"txt": ".ocr.txt", "hocr": ".hocr", "alto": ".alto.xml"}


def load_input(path: Path, kind: str) -> tuple[str, list[float | None] | None]:
    """The text to clean and, for hOCR and ALTO, its per-character OCR confidence
    (the document assembled as Tesseract's text by cleaner.formats)."""
    if kind == "txt":
        return path.read_text(encoding="utf-8"), None
    from cleaner.formats import assemble, read_ocr

    assembly = assemble(read_ocr(path.read_bytes(), str(path), kind))
    return assembly.text, assembly.confidence


def evaluate_doc(name: str, folder: Path, cleaner: Cleaner, kind: str, manifest: dict) -> DocScore:
    raw, confidence = load_input(folder / (name + INPUT_SUFFIX[kind]), kind)
    gold_raw = (folder / (name + ".gold.txt")).read_text(encoding="utf-8")
    pages = manifest.get("docs", {}).get(name, {}).get("page_detail", [])
    titles = [p["header_left"] for p in pages if p.get("header_left")]
    return score_document(name, raw, gold_raw, cleaner.clean(raw, confidence=confidence), titles)


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}%"


def num(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def table(scores: list[DocScore]) -> str:
    head = ("| document | CER before | before, furniture out | CER after | content edits | repaired | broke | missed "
            "| Han subs repaired | para P | para R | para F1 | furniture left | titles left | body removed |")
    rows = [head, "|" + "---|" * 15]
    for s in scores:
        rows.append(
            f"| {s.name} | {pct(s.cer_before)} | {pct(s.cer_body_before)} | {pct(s.cer_after)} | {s.content_edits} "
            f"| {s.repaired} | {s.broke} | {s.missed} | {s.han_repaired}/{s.han_substitutions} ({pct(s.han_share)}) "
            f"| {num(s.paragraph_precision)} | {num(s.paragraph_recall)} | {num(s.paragraph_f1)} "
            f"| {s.furniture_left}/{s.furniture_lines} | {s.title_left} | {s.body_removed}/{s.body_lines} |"
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
