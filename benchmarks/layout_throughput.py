"""Throughput of the layout stage on 10 MB, against a plain ``str.splitlines()`` pass in the same run.

The text is the sample document repeated to 10 MB (UTF-8). Three inputs:
the sample as it is, the sample hard-wrapped at 20 characters per line (every
line break a decision), and the sample laid out as damaged pages by the test
damage generator (page numbers, headers, markers, OCR spaces). Each is cleaned
by a cleaner holding the layout rules only; the baseline is one
``str.splitlines()`` over the same text. Speeds are characters per second and
the ratio layout / splitlines (how many times slower than splitting lines).

    .venv/bin/python benchmarks/layout_throughput.py [--mb 10] [--repeat 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.damage import Layout, damage  # noqa: E402

from cleaner.pipeline import Cleaner, Config  # noqa: E402

SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
GOLDEN = ROOT / "tests" / "golden" / "taiyuan.clean.txt"


def to_size(unit: str, megabytes: float) -> str:
    """``unit`` repeated until its UTF-8 encoding reaches ``megabytes`` MB (10^6 bytes)."""
    size = len(unit.encode("utf-8"))
    copies = max(1, round(megabytes * 1_000_000 / size))
    return (unit.rstrip("\n") + "\n\n") * copies


def hard_wrap(text: str, width: int) -> str:
    out = []
    for line in text.split("\n"):
        out.extend([line[i : i + width] for i in range(0, len(line), width)] or [""])
    return "\n".join(out)


def best_of(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="size of each input in MB (default 10)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per input; the best is kept (default 1)")
    args = parser.parse_args()

    config = Config()
    layout_rules = [r for r in Cleaner(config).all_rules if r.stage == "layout"]
    cleaner = Cleaner(config, rules=layout_rules)
    sample = SAMPLE.read_text(encoding="utf-8")
    inputs = {
        "sample as is": sample,
        "hard-wrapped at 20": hard_wrap(sample, 20),
        "damaged pages": damage(GOLDEN.read_text(encoding="utf-8"), Layout(width=24, spaces=0.3)).text,
    }
    print(f"layout rules: {', '.join(r.code for r in layout_rules)}")
    print(f"{'input':<20} {'MB':>6} {'chars':>11} {'splitlines c/s':>15} {'layout c/s':>12} "
          f"{'ratio':>7} {'passes':>6} {'edits':>8}")
    for name, unit in inputs.items():
        text = to_size(unit, args.mb)
        megabytes = len(text.encode("utf-8")) / 1e6
        base = best_of(max(3, args.repeat), text.splitlines)
        result = None

        def run(text: str = text) -> None:
            nonlocal result
            result = cleaner.clean(text)

        took = best_of(args.repeat, run)
        assert result is not None
        chars = len(text)
        print(f"{name:<20} {megabytes:>6.1f} {chars:>11,} {chars / base:>15,.0f} {chars / took:>12,.0f} "
              f"{took / base:>7.0f}x {result.stats.passes:>6} {result.stats.edits:>8,}")


if __name__ == "__main__":
    main()
