"""Is every rule kind linear in the length of a line? A benchmark, not a timed test.

A 200 MB single line (a document whose line breaks were lost, a JSON field of one
book) must not make any rule quadratic. For each rule of the default profile, its
matcher's ``find`` runs on single-line probes of N and 4N characters; a linear
rule takes about 4x as long on the longer one, a quadratic one about 16x. A rule
whose ratio passes ``--limit`` (default 8) is listed as SUSPECT, and the exit
status is 1.

Probes: the sample with its line breaks removed (real text, one line), and
adversarial lines built from what the rules look for (continuation markers,
page numbers, runs of spaces, doubled characters, brackets, quotes, digits).

    .venv/bin/python benchmarks/linear_probe.py [--chars 250000] [--limit 8] [--rule LY01]
    .venv/bin/python benchmarks/linear_probe.py --pipeline --chars 2000000   # the whole clean, 2 MB vs 8 MB
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"

PIECES = {
    "sample, one line": None,  # filled from the sample
    "continuation markers": "人民生活更加殷实安康（下转第4版）接上页",
    "page numbers": "第4版 -12- 太原日报 2021年9月26日 ",
    "spaces": "中  \u3000 文 ",
    "doubled characters": "的的人人大大",
    "brackets": "（(【〔［中",
    "quotes": "“中文”\"中文\"'",
    "digits": "1O0l2,3.4",
    "open sentence": "我们要坚持",
}


def probe(piece: str, chars: int) -> str:
    return (piece * (chars // len(piece) + 1))[:chars]


def seconds(matcher, text: str) -> float:
    start = time.perf_counter()
    matcher.find(text)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=250_000, help="N: the shorter probe (the longer is 4N)")
    parser.add_argument("--limit", type=float, default=8.0, help="time ratio (4N vs N) above which a rule is suspect")
    parser.add_argument("--rule", action="append", help="only this rule code (repeatable)")
    parser.add_argument("--pipeline", action="store_true", help="time the whole clean on each probe instead")
    parser.add_argument("--probe", action="append", help="only this probe (by name; repeatable)")
    args = parser.parse_args()
    if args.probe:
        for name in list(PIECES):
            if name not in args.probe:
                del PIECES[name]

    from cleaner.pipeline import Cleaner

    cleaner = Cleaner()
    if "sample, one line" in PIECES:
        PIECES["sample, one line"] = SAMPLE.read_text(encoding="utf-8").replace("\n", "")
    if args.pipeline:
        return pipeline(cleaner, args.chars, args.limit)
    suspects = 0
    print(f"{'rule':<6} {'kind':<22} {'worst probe':<22} {'N s':>8} {'4N s':>8} {'ratio':>6}")
    for rule in cleaner.rules:
        if args.rule and rule.code not in args.rule:
            continue
        matcher = cleaner.matchers[rule.code]
        worst = ("", 0.0, 0.0, 0.0)
        for name, piece in PIECES.items():
            assert piece is not None
            short, long = probe(piece, args.chars), probe(piece, 4 * args.chars)
            a = seconds(matcher, short)
            b = seconds(matcher, long)
            ratio = b / a if a > 1e-3 else (b / 1e-3 if b > 4e-3 else 1.0)
            if b > worst[2] or (ratio > worst[3] and b > 0.05):
                worst = (name, a, b, ratio)
        flag = "  SUSPECT" if worst[3] > args.limit and worst[2] > 0.05 else ""
        suspects += bool(flag)
        print(f"{rule.code:<6} {rule.kind:<22} {worst[0]:<22} {worst[1]:8.3f} {worst[2]:8.3f} {worst[3]:6.1f}{flag}")
        sys.stdout.flush()
    print(f"{suspects} rule(s) suspect of super-linear time on one long line")
    return 1 if suspects else 0


def pipeline(cleaner, chars: int, limit: float) -> int:
    """The whole clean of one line of N and 4N characters, per probe."""
    suspects = 0
    cleaner.clean(PIECES.get("sample, one line") or "“中文”")  # load the lexicon and tables before timing
    print(f"{'probe':<22} {'N s':>8} {'4N s':>8} {'ratio':>6}")
    for name, piece in PIECES.items():
        assert piece is not None
        cleaner.clean(probe(piece, 1000))
        times = []
        for size in (chars, 4 * chars):
            text = probe(piece, size)
            start = time.perf_counter()
            cleaner.clean(text)
            times.append(time.perf_counter() - start)
        ratio = times[1] / max(times[0], 1e-3)
        flag = "  SUSPECT" if ratio > limit and times[1] > 0.05 else ""
        suspects += bool(flag)
        print(f"{name:<22} {times[0]:8.2f} {times[1]:8.2f} {ratio:6.1f}{flag}")
        sys.stdout.flush()
    print(f"{suspects} probe(s) suspect of super-linear time on one long line")
    return 1 if suspects else 0


if __name__ == "__main__":
    raise SystemExit(main())
