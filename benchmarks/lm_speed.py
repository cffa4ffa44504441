"""The default pipeline with the language model against ftfy.fix_text, on the clean reports.

Both run in the same process on the same texts (../shared/eval/clean, each file
cleaned as a document), best of ``--repeat`` runs each; the model-backed rules'
own time (candidate scans, segmentation, KenLM queries: every ``find`` of an
``lm_channel`` rule) is measured inside the pipeline runs and given as a share.
Loading (the model, the lexicon, the look-alike index) happens before timing,
once, as in a long-running cleaner; its time is printed apart.

    python benchmarks/lm_speed.py [--repeat 5] [--folder ../shared/eval/clean]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--folder", type=Path, default=ROOT.parent / "shared" / "eval" / "clean")
    args = ap.parse_args()

    import ftfy

    from cleaner.model import model_status
    from cleaner.pipeline import Cleaner, Config

    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    chars = sum(map(len, texts))
    started = time.perf_counter()
    cleaner = Cleaner(Config())
    cleaner.clean(texts[0][:3000])  # loads the model, the lexicon and the look-alike index
    loading = time.perf_counter() - started
    print(model_status())
    print(f"{len(texts)} files, {chars:,} characters; loading {loading:.2f} s (once per process); "
          f"load average {os.getloadavg()[0]:.1f}")

    in_model = [0.0]
    for code in cleaner.model_backed:  # time the model rules' own work inside the pipeline
        matcher = cleaner.matchers[code]
        plain = matcher.find

        def timed(text: str, *rest: object, _find=plain) -> object:
            start = time.perf_counter()
            try:
                return _find(text, *rest)
            finally:
                in_model[0] += time.perf_counter() - start

        matcher.find = timed  # type: ignore[method-assign]

    def best(run) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        return min(times)

    ftfy_s = best(lambda: [ftfy.fix_text(t) for t in texts])
    in_model[0] = 0.0
    cleaner_s = best(lambda: [cleaner.clean(t) for t in texts])
    model_share = in_model[0] / args.repeat / cleaner_s  # the mean model time over the best total: an estimate
    print(f"{'ftfy.fix_text':<34} {ftfy_s:6.3f} s  {chars / ftfy_s / 1e3:7.0f} k chars/s")
    print(f"{'cleaner (default, with the model)':<34} {cleaner_s:6.3f} s  {chars / cleaner_s / 1e3:7.0f} k chars/s  "
          f"{ftfy_s / cleaner_s:.2f}x ftfy; model rules about {model_share:.0%} of the time")


if __name__ == "__main__":
    main()
