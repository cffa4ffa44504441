"""How well the language-model rules repair OCR damage, and how little they touch correct text.

Measured on ../shared/eval (never fitted on it; the margins come from
scripts/fit_lm_margins.py on ../shared/corpus):

1. injected damage in eval/clean, per kind (tests/helpers/lm_damage.py): repaired by default,
   repaired with --unsafe, repaired or flagged (a suspect or suggestion at the place);
2. the clean reports whole: content edits (not layout) and suspects per 100k characters;
3. csc/ controls (sentences without errors) changed, by default and with --unsafe;
4. ocr/faspell_ocr_train.tsv with --unsafe: sentence correction precision and recall, twice: as
   ``cleaner eval`` scores it (width folded, every other change counts), and on content only
   (each sentence read as its Han characters: a sentence whose only change is punctuation
   canonicalised, "" -> “” or ... -> ……, is no spelling correction, neither right nor wrong);
5. the real Tesseract pages: Tesseract's Han substitutions repaired, correct Han characters broken.

    python benchmarks/lm_quality.py [--samples 300] [--skip tesseract faspell ...] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from helpers.lm_damage import KINDS, inject_one  # noqa: E402
from rapidfuzz.distance import Levenshtein  # noqa: E402

from cleaner.charclass import is_han  # noqa: E402
from cleaner.evaluate import Pair, evaluate, ratio, read_pairs  # noqa: E402
from cleaner.model import model_status  # noqa: E402
from cleaner.pipeline import Cleaner, Config  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval"
MODEL_RULES = {"LX10", "LX11", "LX12", "LX13", "LX14"}


def damage_table(cleaners: dict[str, Cleaner], samples: int, seed: int = 5) -> dict[str, dict[str, float]]:
    """Per kind: one piece of damage per paragraph copy, each copy cleaned alone."""
    paragraphs = [p for f in sorted((EVAL / "clean").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").splitlines() if len(p) > 30]
    baseline: dict[tuple[str, str], str] = {}
    table = {}
    for kind in KINDS:
        rng = random.Random(seed)
        counts: Counter[str] = Counter()
        while counts["injected"] < samples:
            para = rng.choice(paragraphs)
            injected = inject_one(para, kind, rng)
            if injected is None:
                continue
            noisy, at = injected
            counts["injected"] += 1
            for name, cleaner in cleaners.items():
                key = (name, para)
                if key not in baseline:
                    baseline[key] = cleaner.clean(para).text
                result = cleaner.clean(noisy)
                if result.text == baseline[key]:
                    counts[f"repaired_{name}"] += 1
                elif any(s.start - 3 <= at <= s.end + 3 for s in result.suspects) or any(
                        not e.applied and e.start - 3 <= at <= e.end + 3 for e in result.edits):
                    counts[f"flagged_{name}"] += 1
        n = counts["injected"]
        table[kind] = {
            "injected": n,
            "repaired": counts["repaired_default"] / n,
            "repaired_or_flagged": (counts["repaired_default"] + counts["flagged_default"]) / n,
            "repaired_unsafe": counts["repaired_unsafe"] / n,
            "repaired_or_flagged_unsafe": (counts["repaired_unsafe"] + counts["flagged_unsafe"]) / n,
        }
    return table


def clean_reports(cleaners: dict[str, Cleaner]) -> dict[str, dict[str, float]]:
    texts = [f.read_text(encoding="utf-8") for f in sorted((EVAL / "clean").glob("*.txt"))]
    chars = sum(map(len, texts))
    out = {}
    for name, cleaner in cleaners.items():
        edits = Counter()
        suspects = Counter()
        for text in texts:
            result = cleaner.clean(text)
            edits.update(e.rule for e in result.edits if e.applied and e.stage != "layout")
            suspects.update(s.rule for s in result.suspects)
        out[name] = {"characters": chars, "content_edits_per_100k": sum(edits.values()) * 1e5 / chars,
                     "suspects_per_100k": sum(suspects.values()) * 1e5 / chars,
                     "edits_by_rule": dict(edits), "suspects_by_rule": dict(suspects)}
    return out


def csc_controls(cleaners: dict[str, Cleaner]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for path in sorted((EVAL / "csc").glob("*.tsv")):
        controls = [p.gold for p in read_pairs(path) if p.noisy == p.gold]
        row = {"controls": len(controls)}
        for name, cleaner in cleaners.items():
            results = [cleaner.clean(s) for s in controls]
            row[f"changed_{name}"] = sum(r.text.strip() != s.strip() for r, s in zip(results, controls))
            row[f"changed_by_model_{name}"] = sum(
                any(e.applied and set(e.rules) & MODEL_RULES for e in r.edits) for r in results)
        out[path.name] = row
    return out


def faspell(cleaner: Cleaner) -> dict[str, float | None]:
    # Width folded: the gold lines themselves carry half-width punctuation (eval/README.md).
    pairs = read_pairs(EVAL / "ocr" / "faspell_ocr_train.tsv")
    scores = evaluate(pairs, cleaner, fold_width=True)
    m = scores.metrics()
    out = {k: m[k] for k in ("sentence_correction_precision", "sentence_correction_recall",
                             "char_correction_precision", "overcorrection_rate")}
    return out | content_scores(pairs, cleaner)


def _han(text: str) -> str:
    return "".join(filter(is_han, text))


def content_scores(pairs: list[Pair], cleaner: Cleaner) -> dict[str, float | None]:
    """Sentence correction on content only: each sentence read as its Han characters.

    A sentence is changed when its Han characters change, corrected when they then equal the
    gold's; precision is corrected / changed, recall corrected / sentences whose Han characters
    differ from the gold's (a dropped or garbled ideograph read as punctuation counts as an error).
    """
    changed = corrected = erroneous = 0
    for pair in pairs:
        noisy, gold, cleaned = _han(pair.noisy), _han(pair.gold), _han(cleaner.clean(pair.noisy).text)
        erroneous += noisy != gold
        changed += cleaned != noisy
        corrected += cleaned != noisy and cleaned == gold
    return {"content_sentence_precision": ratio(corrected, changed),
            "content_sentence_recall": ratio(corrected, erroneous),
            "content_sentences_changed": changed, "content_sentences_corrected": corrected}


def _fold(text: str) -> str:
    """Whitespace removed, non-Han characters NFKC-folded (as tesseract/README.md measures)."""
    return "".join(ch if is_han(ch) else unicodedata.normalize("NFKC", ch) for ch in text if not ch.isspace())


def _gold_view(gold: str, other: str) -> list[str | None]:
    """For each gold character, the character ``other`` has in its place (None: none aligned)."""
    seen: list[str | None] = [None] * len(gold)
    for op in Levenshtein.opcodes(gold, other):
        if op.tag == "equal" or (op.tag == "replace" and op.src_end - op.src_start == op.dest_end - op.dest_start):
            for k in range(op.src_end - op.src_start):
                seen[op.src_start + k] = other[op.dest_start + k]
    return seen


def tesseract(cleaners: dict[str, Cleaner]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name, cleaner in cleaners.items():
        counts: Counter[str] = Counter()
        for ocr_path in sorted((EVAL / "tesseract").glob("*.ocr.txt")):
            gold = _fold(ocr_path.with_name(ocr_path.name.replace(".ocr.txt", ".gold.txt")).read_text(encoding="utf-8"))
            raw = ocr_path.read_text(encoding="utf-8")
            before = _gold_view(gold, _fold(raw))
            after = _gold_view(gold, _fold(cleaner.clean(raw).text))
            for g, b, a in zip(gold, before, after):
                if not is_han(g):
                    continue
                if b is not None and b != g and is_han(b):
                    counts["han_substitutions"] += 1
                    counts["repaired"] += a == g
                elif b == g and a != g:
                    counts["broken"] += 1
        out[name] = dict(counts)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=300, help="injected errors per kind")
    ap.add_argument("--skip", nargs="*", default=[], choices=["damage", "clean", "csc", "faspell", "tesseract"])
    ap.add_argument("--json", type=Path, help="also write the numbers here")
    args = ap.parse_args()
    if not EVAL.is_dir():
        sys.exit(f"{EVAL}: no evaluation data")
    print(model_status())
    cleaners = {"default": Cleaner(Config()), "unsafe": Cleaner(Config(unsafe=True))}
    results: dict[str, object] = {}
    started = time.perf_counter()
    if "damage" not in args.skip:
        results["damage"] = table = damage_table(cleaners, args.samples)
        print("\n| injected damage (eval/clean) | n | repaired | repaired or flagged | repaired --unsafe "
              "| repaired or flagged --unsafe |")
        print("|---|---|---|---|---|---|")
        for kind, row in table.items():
            print(f"| {kind} | {row['injected']} | {row['repaired']:.0%} | {row['repaired_or_flagged']:.0%} | "
                  f"{row['repaired_unsafe']:.0%} | {row['repaired_or_flagged_unsafe']:.0%} |")
    if "clean" not in args.skip:
        results["clean"] = rows = clean_reports(cleaners)
        for name, row in rows.items():
            print(f"\nclean reports ({row['characters']:,} chars), {name}: content edits {row['content_edits_per_100k']:.1f} "
                  f"per 100k {row['edits_by_rule']}, suspects {row['suspects_per_100k']:.1f} per 100k {row['suspects_by_rule']}")
    if "csc" not in args.skip:
        results["csc"] = csc = csc_controls(cleaners)
        for name, row in csc.items():
            print(f"csc controls {name}: {row}")
    if "faspell" not in args.skip:
        results["faspell_unsafe"] = fs = faspell(cleaners["unsafe"])
        results["faspell_default"] = fd = faspell(cleaners["default"])
        print(f"FASPell OCR, --unsafe: {fs}\nFASPell OCR, default: {fd}")
    if "tesseract" not in args.skip:
        results["tesseract"] = ts = tesseract(cleaners)
        for name, row in ts.items():
            subs = row.get("han_substitutions", 0)
            print(f"Tesseract pages, {name}: {row.get('repaired', 0)} of {subs} Han substitutions repaired "
                  f"({row.get('repaired', 0) / max(1, subs):.1%}), {row.get('broken', 0)} correct Han characters broken")
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
