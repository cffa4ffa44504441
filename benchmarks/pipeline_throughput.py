"""Throughput of the full default pipeline against ftfy.fix_text and jieba.lcut, same text, same run.

The sample document is repeated to about 10 MB (``--mb``). Each contender gets
the same string; the report gives characters per second and the pipeline's
speed as a ratio to each baseline. Target: the full pipeline (lexical
detection included) at least 2x the speed of jieba.lcut, which it can reach
only by looking words up at candidate positions instead of segmenting.

Loading (the lexicon, the variant index of LX06, jieba's dictionary) is done
before timing, once, as a long-running cleaner would.

    .venv/bin/python benchmarks/pipeline_throughput.py [--mb 10] [--unsafe]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"


def timed(label: str, func, text: str) -> float:
    start = time.perf_counter()
    func(text)
    seconds = time.perf_counter() - start
    print(f"{label:<28} {seconds:7.2f} s  {len(text) / seconds / 1e6:6.2f} M chars/s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=10.0, help="size of the text in megabytes of UTF-8")
    parser.add_argument("--unsafe", action="store_true", help="apply unsafe edits too")
    args = parser.parse_args()

    import ftfy
    import jieba

    from cleaner.pipeline import Cleaner, Config

    sample = SAMPLE.read_text(encoding="utf-8")
    repeat = max(1, int(args.mb * 1e6 / len(sample.encode("utf-8"))))
    text = (sample.rstrip("\n") + "\n\n") * repeat
    print(f"text: {len(text):,} characters ({len(text.encode('utf-8')) / 1e6:.1f} MB), the sample x {repeat}")

    cleaner = Cleaner(Config(unsafe=args.unsafe))
    cleaner.clean(sample)  # load the lexicon and the variant index before timing
    jieba.initialize()

    pipeline = timed("cleaner (full pipeline)", cleaner.clean, text)
    fix = timed("ftfy.fix_text", ftfy.fix_text, text)
    lcut = timed("jieba.lcut", jieba.lcut, text)
    print(f"pipeline speed / jieba.lcut speed: {lcut / pipeline:.2f}x (target >= 2)")
    print(f"pipeline speed / ftfy.fix_text speed: {fix / pipeline:.2f}x")


if __name__ == "__main__":
    main()
