"""How many of Tesseract's real Han substitutions a channel table knows (measurement only).

Aligns each ../shared/eval/tesseract/NAME.ocr.txt with NAME.gold.txt (whitespace
removed, non-Han characters NFKC-folded, the running header and footer of every
page dropped by the manifest's texts) and counts the (intended, read) pairs of
single Han characters that Tesseract substituted. For each, it asks whether
rules/tables/ocr_confusions.tsv has the pair, whether rules/tables/similar_chars.tsv
has the two characters as neighbours (either direction), or either. Nothing here
feeds back into a table: eval/ is for measuring only.

    .venv/bin/python scripts/measure_ocr_channel.py [--table PATH] [--pairs]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from cleaner.align import changes  # noqa: E402
from cleaner.charclass import is_han  # noqa: E402

EVAL = ROOT.parent / "shared" / "eval" / "tesseract"
TABLES = ROOT / "rules" / "tables"
RUNNING_TEXT_SIMILARITY = 0.5  # an edge line this close to the page's header or footer is that header or footer


def load_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_ocr_channel", ROOT / "scripts" / "build_ocr_channel.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def body_of(ocr: str, pages: list[dict], fold) -> str:
    """The OCR text without each page's running header (first line) and footer (last line)."""
    out = []
    for text, page in zip(ocr.split("\f"), pages):
        lines = [fold(line) for line in text.splitlines()]
        lines = [line for line in lines if line]
        header = fold(page["header_left"] + page["header_right"])
        if lines and Levenshtein.normalized_similarity(lines[0], header) >= RUNNING_TEXT_SIMILARITY:
            lines = lines[1:]
        if lines and Levenshtein.normalized_similarity(lines[-1], fold(page["footer"])) >= RUNNING_TEXT_SIMILARITY:
            lines = lines[:-1]
        out.extend(lines)
    return "".join(out)


def han_substitutions(name: str, pages: list[dict], fold) -> Counter:
    gold = fold((EVAL / f"{name}.gold.txt").read_text(encoding="utf-8"))
    ocr = body_of((EVAL / f"{name}.ocr.txt").read_text(encoding="utf-8"), pages, fold)
    found = Counter()
    for c in changes(gold, ocr):
        if len(c.before) == len(c.after) == 1 and is_han(c.before) and is_han(c.after):
            found[c.before, c.after] += 1
    return found


def channel_pairs(path: Path) -> set[tuple[str, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {(row[0], row[1]) for row in rows[1:]}


def similar_pairs(path: Path) -> set[tuple[str, str]]:
    pairs = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith(("#", "from\t")):
            continue
        ch, near = line.split("\t")
        for item in near.split():
            other = item.rsplit(":", 1)[0]
            pairs |= {(ch, other), (other, ch)}
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", type=Path, default=TABLES / "ocr_confusions.tsv")
    parser.add_argument("--pairs", action="store_true", help="list the substitutions and where each is known")
    args = parser.parse_args()
    if not (EVAL / "manifest.json").exists():
        print(f"measure_ocr_channel: {EVAL} is not present", file=sys.stderr)
        return 1
    fold = load_script().fold
    manifest = json.loads((EVAL / "manifest.json").read_text(encoding="utf-8"))
    subs = Counter()
    for name, doc in manifest["docs"].items():
        subs += han_substitutions(name, doc["page_detail"], fold)
    channel, similar = channel_pairs(args.table), similar_pairs(TABLES / "similar_chars.tsv")
    total, kinds = sum(subs.values()), len(subs)
    print(f"{total} Han substitutions ({kinds} distinct pairs) in {', '.join(manifest['docs'])}")
    print(f"{'known to':<28}{'substitutions':>15}{'distinct pairs':>16}")
    for label, known in (
        (f"{args.table.name}", lambda p: p in channel),
        ("similar_chars.tsv", lambda p: p in similar),
        ("either", lambda p: p in channel or p in similar),
        ("both", lambda p: p in channel and p in similar),
    ):
        n = sum(c for p, c in subs.items() if known(p))
        k = sum(1 for p in subs if known(p))
        print(f"{label:<28}{n:>6} {n / max(1, total):>7.1%}{k:>8} {k / max(1, kinds):>7.1%}")
    if args.pairs:
        for (a, b), n in subs.most_common():
            where = "+".join(w for w, s in (("ocr", channel), ("similar", similar)) if (a, b) in s) or "-"
            print(f"{a}->{b}\t{n}\t{where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
