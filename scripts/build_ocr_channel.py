"""Build rules/tables/ocr_confusions.tsv: which characters Tesseract reads as which.

The glyph table (similar_chars.tsv) says which characters *look* alike; this one
says which ones a real engine *confuses*, with probabilities. Public-domain text
from ../shared/corpus/ (never ../shared/eval/) is typeset as A4 book pages with
Debian's Noto CJK fonts the way ../shared/eval/tesseract/README.md describes the
real OCR pages, each page "scanned" in one of its five conditions (clean 300 dpi;
200 dpi with blur; 300 dpi rotated 0.3-0.8 degrees with salt-and-pepper noise;
low-contrast print; 150 dpi): scripts/ocr_channel_pages.py. Tesseract reads every
page (``-l chi_sim --psm 6``), its text is aligned with what was typeset, and the
substitutions, insertions and deletions are counted. docs/ocr-channel.md has more.

Two steps, because they need different Pythons (Debian's for Pillow and numpy,
the project's venv for rapidfuzz and cleaner.align). Both are build-time only:

    apt-get install -y fonts-noto-cjk tesseract-ocr tesseract-ocr-chi-sim python3-pil python3-numpy
    /usr/bin/python3 scripts/build_ocr_channel.py scan --pages 1200  # OCR text cached in /tmp
    /usr/bin/python3 scripts/build_ocr_channel.py scan --hard --seed 12 --pages 180  # smaller print, harder scans
    .venv/bin/python scripts/build_ocr_channel.py table               # writes the tables

``scan`` is resumable: pages already read are kept in the cache directory.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import io
import json
import os
import subprocess
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from ocr_channel_pages import (  # noqa: E402
    CORPUS,
    FONT_DIR,
    FONTS,
    HARD_CONDITIONS,
    HARD_SIZES_PT,
    document_title,
    in_gb2312,
    plan,
    scan,
    traditional,
)

CACHE = Path("/tmp/cleaner-ocr-channel")
OUT = ROOT / "rules" / "tables" / "ocr_confusions.tsv"
OUT_OTHER = ROOT / "rules" / "tables" / "ocr_confusions_other.tsv"
TESSERACT = ["tesseract", "-", "-", "-l", "chi_sim", "--psm", "6"]
MIN_COUNT = 2  # keep pairs seen at least this often
PRIOR = 20  # strength (in characters) of the prior that pulls each error rate to the global one
MAX_LINE_ERROR = 0.3  # a line with more edits than this share of its characters is not counted


# ---------------------------------------------------------------- scanning


def scan_and_read(page: dict) -> str:
    """Scan one page and read it with Tesseract, unless the cache has it already."""
    base = cache_dir(page["run"]) / page["id"]
    if (base.with_suffix(".json")).exists():
        return page["id"]
    started = time.monotonic()
    image, done = scan(page)
    png = io.BytesIO()
    image.save(png, format="PNG", dpi=(done["dpi"], done["dpi"]), compress_level=1)
    render_s = time.monotonic() - started
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    started = time.monotonic()
    ocr = subprocess.run(["nice", "-n", "10", *TESSERACT], input=png.getvalue(), capture_output=True, env=env, check=True)
    record = dict(page, scan=done, ocr=ocr.stdout.decode("utf-8"), render_s=round(render_s, 2),
                  ocr_s=round(time.monotonic() - started, 2))
    tmp = base.with_suffix(".part")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.rename(base.with_suffix(".json"))
    return page["id"]


def cache_dir(seed: int) -> Path:
    """One directory per run: a run with another seed typesets and scans the corpus anew."""
    return CACHE / f"seed-{seed}"


def run_scan(args) -> int:
    cache_dir(args.seed).mkdir(parents=True, exist_ok=True)
    pages = plan(args.pages, args.seed, HARD_CONDITIONS, HARD_SIZES_PT) if args.hard else plan(args.pages, args.seed)
    todo = [p for p in pages if not (cache_dir(args.seed) / (p["id"] + ".json")).exists()]
    print(f"{len(pages)} pages planned, {len(todo)} to scan into {cache_dir(args.seed)}", file=sys.stderr)
    started = time.monotonic()
    with ProcessPoolExecutor(args.jobs) as pool:
        for k, page_id in enumerate(pool.map(scan_and_read, todo), 1):
            print(f"[{k}/{len(todo)} {time.monotonic() - started:.0f}s] {page_id}", file=sys.stderr, flush=True)
    return 0


# ---------------------------------------------------------------- counting


def fold(text: str) -> str:
    """Whitespace removed, non-Han characters NFKC-folded: width and layout do not count."""
    from cleaner.charclass import is_han

    return "".join(ch if is_han(ch) else unicodedata.normalize("NFKC", ch) for ch in text if not ch.isspace())


def count_page(record: dict, subs: Counter, other: Counter, totals: Counter) -> tuple[int, int, int]:
    """Add one page's confusions; returns edit distance, characters and lines dropped of its body.

    The running header and footer are aligned too (so that the OCR of them does not
    land on the body) but not counted. A line read worse than MAX_LINE_ERROR is a
    segmentation failure (Tesseract now and then turns a clean line into a string
    of unrelated characters), not a sample of which characters look alike.
    """
    from cleaner.align import changes

    page = record["page"]
    header = fold(document_title(Path(record["doc"]).stem) + f"第{page}页")
    body = [fold(line["text"]) for line in record["lines"] if line["text"]]
    footer = fold(f"— {page} —")
    gold = "\n".join([header, *body, footer])
    ocr = "\n".join(line for line in map(fold, record["ocr"].splitlines()) if line)
    line_of: list[int] = []  # gold offset -> body line index, -1 for header, footer and breaks
    for k, text in enumerate([header, *body, footer]):
        inside = k if 0 < k <= len(body) else 0
        line_of.extend([inside - 1] * len(text) + [-1])
    found = [c for c in changes(gold, ocr) if c.before.replace("\n", "") != c.after.replace("\n", "")]
    errors = Counter()
    for c in found:
        errors[line_of[min(c.start, len(gold) - 1)]] += max(len(c.before), len(c.after))
    good = {k for k, text in enumerate(body) if errors[k] <= MAX_LINE_ERROR * len(text)}
    for k in good:
        totals.update(ch for ch in body[k] if in_gb2312(ch))
    for c in found:
        if line_of[min(c.start, len(gold) - 1)] not in good or not all(map(in_gb2312, c.before)):
            continue  # a traditional character read as its simplified form is no confusion
        before, after = c.before.replace("\n", ""), c.after.replace("\n", "")
        (subs if len(before) == 1 and len(after) == 1 else other)[before, after] += 1
    return sum(errors[k] for k in good), sum(len(body[k]) for k in good), len(body) - len(good)


def confusion_kind(intended: str, read: str) -> str:
    if not intended:
        return "insertion"
    if not read:
        return "deletion"
    return "substitution" if len(intended) == len(read) == 1 else "multi"


def font_digest() -> str:
    digest = hashlib.sha256()
    for regular, bold in FONTS.values():
        for name in (regular, bold):
            digest.update(Path(FONT_DIR + name).read_bytes())
    return digest.hexdigest()[:16]


def probabilities(subs: Counter, totals: Counter, global_rate: float) -> dict[tuple[str, str], float]:
    """P(read | intended), the error rate of each character pulled towards the global one.

    A character seen 3 times and misread twice is not misread 67% of the time: its
    error rate is (errors + PRIOR * global) / (seen + PRIOR), shared among its
    readings in proportion to their counts.
    """
    errors: Counter = Counter()
    for (intended, _), n in subs.items():
        errors[intended] += n
    out = {}
    for (intended, read), n in subs.items():
        rate = (errors[intended] + PRIOR * global_rate) / (max(totals[intended], errors[intended]) + PRIOR)
        out[intended, read] = min(1.0, rate * n / errors[intended])
    return out


def corpus_files(used: list[str], skipped: set[str]) -> str:
    every = sorted(path.name for path in CORPUS.glob("*.txt"))
    left_out = [Path(name).stem for name in every if name not in used]
    if len(left_out) > len(used):
        return f"{len(used)} files: " + " ".join(Path(name).stem for name in used)
    reasons = ", ".join(f"{name} (traditional characters)" if name + ".txt" in skipped else name for name in left_out)
    return f"{len(used)} files: all of it" + (f" but {reasons}" if reasons else "")


def run_table(args) -> int:
    from cleaner.charclass import is_han

    skip = {path.name for path in CORPUS.glob("*.txt") if traditional(path)}
    files = sorted(CACHE.glob("seed-*/*.json"))
    seeds = sorted({int(path.parent.name.removeprefix("seed-")) for path in files})
    records = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    records = [r for r in records if r["doc"] not in skip]
    if not records:
        print(f"build_ocr_channel: no scanned pages in {CACHE}; run the scan step first", file=sys.stderr)
        return 1
    subs: Counter = Counter()
    other: Counter = Counter()
    totals: Counter = Counter()
    distance, chars, dropped, seconds = 0, 0, 0, 0.0
    by_condition: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # pages, edits, characters
    for record in records:
        d, n, lost = count_page(record, subs, other, totals)
        distance, chars, dropped, seconds = distance + d, chars + n, dropped + lost, seconds + record["ocr_s"]
        stats = by_condition[record["scan"]["condition"]]
        stats[0], stats[1], stats[2] = stats[0] + 1, stats[1] + d, stats[2] + n
    han = Counter({k: v for k, v in subs.items() if is_han(k[0]) and is_han(k[1])})
    rest = Counter({k: v for k, v in subs.items() if k not in han})
    rest.update(other)
    han_seen = sum(n for ch, n in totals.items() if is_han(ch))
    global_rate = sum(han.values()) / max(1, han_seen)
    probs = probabilities(han, totals, global_rate)
    version = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    documents = sorted({r["doc"] for r in records})
    conditions = ", ".join(f"{c} {v[0]} pages CER {v[1] / max(1, v[2]):.2%}" for c, v in sorted(by_condition.items()))
    sizes = "/".join(f"{pt:g}" for pt in sorted({r["style"]["font_pt"] for r in records}))
    header = [
        "# Characters Tesseract reads as other characters, made by scripts/build_ocr_channel.py (do not edit by hand).",
        f"# Made {datetime.date.today().isoformat()} with {version} (-l chi_sim --psm 6, OMP_THREAD_LIMIT=1).",
        f"# Text: {len(records)} scanned pages (scan --seed {' '.join(map(str, seeds))}) of ../shared/corpus/",
        "# (public domain: official documents of the state, from zh.wikisource),",
        f"# {chars} characters counted, from {corpus_files(documents, skip)}.",
        "# Typeset as A4 book pages in Debian's fonts-noto-cjk (Noto Serif/Sans CJK SC, SIL OFL 1.1),",
        f"# font files sha256 {font_digest()}; {sizes} pt, 32-35 characters a line, justified, indented paragraphs.",
        f"# Scan conditions: {conditions}; overall CER {distance / max(1, chars):.2%}",
        f"# ({dropped} lines read with more than {MAX_LINE_ERROR:.0%} errors left out: segmentation failures).",
        "# Derived counts only, no text of the corpus beyond single characters.",
    ]
    rows = sorted((k, n) for k, n in han.items() if n >= args.min_count)
    main = header + [
        f"# {han_seen} Han characters, {sum(han.values())} of them read as another Han character ({global_rate:.3%}).",
        f"# P(read | intended) = error rate of intended (pulled to the global {global_rate:.3%}",
        f"# with a prior of {PRIOR} characters) times count / its errors; Han single-character substitutions",
        f"# seen at least {args.min_count} times. Non-Han and multi-character confusions: {OUT_OTHER.name}.",
        "intended\tread\tcount\tprobability",
    ]
    main += [f"{a}\t{b}\t{n}\t{probs[a, b]:.4g}" for (a, b), n in rows]
    args.output.write_text("\n".join(main) + "\n", encoding="utf-8")
    other_rows = sorted((confusion_kind(a, b), a, b, n) for (a, b), n in rest.items() if n >= args.min_count)
    second = header + [
        f"# Confusions that are not one Han character for another, seen at least {args.min_count} times, sorted:",
        "# deletion (read empty), insertion (intended empty), multi (a string read as a string of another",
        "# length), substitution (one character for one, at least one of them not Han).",
        "# Text is whitespace-free and NFKC-folded outside Han, so width and layout do not count.",
        "kind\tintended\tread\tcount",
    ]
    second += ["\t".join(map(str, row)) for row in other_rows]
    args.other.write_text("\n".join(second) + "\n", encoding="utf-8")
    print(
        f"{len(records)} pages, {chars} characters, {dropped} lines dropped, CER {distance / max(1, chars):.2%}, "
        f"Tesseract {seconds / 60:.1f} min; {len(rows)} Han pairs ({sum(han.values())} substitutions), "
        f"{len(other_rows)} other rows -> {args.output}, {args.other}",
        file=sys.stderr,
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="step", required=True)
    s = sub.add_parser("scan", help="typeset, scan and OCR corpus pages into the cache (Debian python3)")
    s.add_argument("--pages", type=int, default=300)
    s.add_argument("--seed", type=int, default=11)
    s.add_argument("--jobs", type=int, default=2, help="Tesseract processes at once")
    s.add_argument("--hard", action="store_true",
                   help="9-9.5 pt print in the harder conditions (lowres120, bold300, noisy200)")
    t = sub.add_parser("table", help="count the confusions in the cache and write the tables (project venv)")
    t.add_argument("-o", "--output", type=Path, default=OUT)
    t.add_argument("--other", type=Path, default=OUT_OTHER)
    t.add_argument("--min-count", type=int, default=MIN_COUNT, help="keep pairs seen at least this often")
    args = parser.parse_args()
    if args.step == "scan":
        return run_scan(args)
    sys.path.insert(0, str(ROOT))
    return run_table(args)


if __name__ == "__main__":
    sys.exit(main())
