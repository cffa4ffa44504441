"""Measure the character and lexical rules on the evaluation data in ../shared/eval.

- ocr/faspell_ocr_train.tsv (real OCR lines, every line wrong): sentence-level
  precision and recall, with and without --unsafe, and the precision of the
  applied content edits (an edit that touches an ideograph).
- csc/*.tsv: the share of correct sentences (noisy == correct) that were changed,
  any change and content changes apart.
- clean/*.txt (clean documents): content edits (outside the layout stage) per
  100,000 characters, with the edits listed under --show; and the same documents
  with 200 ideographs each doubled by a seeded generator: repairs of LX01/LX02.

Pair lines are independent one-line documents; canonical layout adds a final
newline, which is stripped before comparing. Usage:

    .venv/bin/python benchmarks/eval_characters_words.py [--show N] [--eval DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from cleaner.pipeline import Cleaner, Config

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def content(edit) -> bool:
    return edit.applied and "layout" not in edit.stage and han(edit.before) != han(edit.after)


def pairs(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            noisy, gold = line.split("\t", 1)
            rows.append((noisy, gold))
    return rows


def faspell(cleaner: Cleaner, rows: list[tuple[str, str]], show: int) -> dict[str, float]:
    changed = corrected = wrong = 0
    edits = good_edits = 0
    per_rule: Counter[str] = Counter()
    bad_rule: Counter[str] = Counter()
    shown = 0
    for noisy, gold in rows:
        result = cleaner.clean(noisy)
        out = result.text.rstrip("\n")
        touched = [e for e in result.edits if content(e)]
        is_wrong = han(noisy) != han(gold)
        wrong += is_wrong
        if touched:
            changed += 1
            ok = han(out) == han(gold)
            corrected += ok and is_wrong
        for e in touched:
            edits += 1
            right = len(e.before) == len(e.after) and gold[e.start : e.end] == e.after
            good_edits += right
            per_rule[e.rule] += 1
            if not right:
                bad_rule[e.rule] += 1
                if shown < show:
                    shown += 1
                    around = slice(max(0, e.start - 8), e.end + 8)
                    print(f"   wrong {e.rule}: {e.before}->{e.after} in {noisy[around]} (gold {gold[around]})")
    return {
        "lines": len(rows), "wrong lines": wrong, "changed lines": changed, "corrected lines": corrected,
        "sentence precision": corrected / changed if changed else 1.0,
        "sentence recall": corrected / wrong if wrong else 0.0,
        "content edits": edits, "edit precision": good_edits / edits if edits else 1.0,
        "edits per rule": dict(per_rule), "wrong edits per rule": dict(bad_rule),
    }


def csc(cleaner: Cleaner, rows: list[tuple[str, str]], show: int) -> dict[str, float]:
    controls = [(n, g) for n, g in rows if n == g]
    any_change = content_change = 0
    shown = 0
    rules: Counter[str] = Counter()
    for noisy, _ in controls:
        result = cleaner.clean(noisy)
        if result.text.rstrip("\n") != noisy:
            any_change += 1
            touched = [e for e in result.edits if content(e)]
            for e in result.edits:
                if e.applied:
                    rules[e.rule] += 1
            if touched:
                content_change += 1
                for e in touched:
                    if shown < show:
                        shown += 1
                        print(f"   changed {e.rule}: {e.before}->{e.after} in {noisy[max(0, e.start - 8) : e.end + 8]}")
    n = len(controls)
    return {"correct lines": n, "changed (any)": any_change / n, "changed (content)": content_change / n,
            "rules": dict(rules)}


def clean_docs(cleaner: Cleaner, folder: Path, show: int) -> dict[str, float]:
    chars = edits = 0
    rules: Counter[str] = Counter()
    shown = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        result = cleaner.clean(text)
        chars += len(text)
        for e in result.edits:
            if e.applied and "layout" not in e.stage:
                edits += 1
                rules[e.rule] += 1
                if shown < show:
                    shown += 1
                    print(f"   {path.name} {e.rule}: {e.before!r}->{e.after!r} in {text[max(0, e.start - 10) : e.end + 10]!r}")
    return {"chars": chars, "content edits": edits, "per 100k chars": edits * 100_000 / chars, "rules": dict(rules)}


def synthetic_doubles(cleaner: Cleaner, folder: Path, per_doc: int = 200, seed: int = 4) -> dict[str, float]:
    """Double random ideographs of the clean documents (a seeded generator) and count repairs.

    A doubled character is repaired when the output equals the clean text there;
    a false repair is any content edit of the duplicate rules elsewhere.
    """
    import random

    rng = random.Random(seed)
    injected = repaired = false = 0
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        positions = sorted(rng.sample([i for i, ch in enumerate(text) if HAN.match(ch)], per_doc))
        pieces, last = [], 0
        for i in positions:
            pieces.append(text[last : i + 1] + text[i])
            last = i + 1
        pieces.append(text[last:])
        damaged = "".join(pieces)
        doubled = {i + n + 1 for n, i in enumerate(positions)}  # offsets of the added copies
        injected += len(positions)
        result = cleaner.clean(damaged)
        for e in result.edits:
            if not e.applied or not set(e.rules) & {"LX01", "LX02"}:
                continue
            if e.after == "" and e.end - e.start == 1 and ({e.start, e.start + 1} & doubled):
                repaired += 1  # deleting either copy restores the text
            else:
                false += 1
    return {"injected": injected, "repaired": repaired, "recall": repaired / injected,
            "false repairs": false, "precision": repaired / (repaired + false) if repaired + false else 1.0}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--show", type=int, default=0, help="print up to N wrong or unwanted edits per measure")
    args = parser.parse_args()
    if not args.eval.is_dir():
        print(f"{args.eval}: no evaluation data", file=sys.stderr)
        return 2
    for label, config in (("safe (default)", Config()), ("--unsafe", Config(unsafe=True))):
        cleaner = Cleaner(config)
        print(f"== {label}")
        print(" faspell_ocr_train:", faspell(cleaner, pairs(args.eval / "ocr" / "faspell_ocr_train.tsv"), args.show))
        for path in sorted((args.eval / "csc").glob("*.tsv")):
            print(f" {path.stem} controls:", csc(cleaner, pairs(path), args.show))
        print(" clean/:", clean_docs(cleaner, args.eval / "clean", args.show))
        print(" clean/ with doubled characters (synthetic):", synthetic_doubles(cleaner, args.eval / "clean"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
