"""`cleaner clean` as a user runs it (clean text and JSON report) against ftfy.fix_text, same text, same process.

Two texts of about 10 MB (``--mb``): the sample repeated, and the clean reports of
../shared/eval/clean repeated (varied text; skipped when absent). For each, the CLI
command ``cleaner clean FILE -o OUT --report OUT.json`` runs in this process
(``cleaner.cli.main``, after one warm-up run on a small file that loads the rules
and the lexicon, as a long-running process would have them loaded), then
``ftfy.fix_text`` runs on the same text. The machine is shared, so the ratio (wall
and CPU) is what to read; the load average is printed with the table. ``--cold``
also times the command in a fresh process (rule and lexicon loading included).

    .venv/bin/python benchmarks/cli_throughput.py [--mb 10] [--cold] [--profile]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from batch_throughput import Timer  # the sibling script (run as a script, its folder is on the path)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
REPORTS = ROOT.parent / "shared" / "eval" / "clean"
MB = 10**6


def texts(reports_dir: Path) -> dict[str, str]:
    """Name -> one paragraph-separated unit of text, to be repeated."""
    units = {"sample": SAMPLE.read_text(encoding="utf-8").rstrip("\n") + "\n\n"}
    reports = sorted(reports_dir.glob("*.txt"))
    if reports:
        units["clean reports"] = "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n\n" for p in reports)
    else:
        print(f"({reports_dir} is absent: the clean reports line is skipped)", file=sys.stderr)
    return units


def run_cli(args: list[str]) -> None:
    from cleaner.cli import main

    try:
        main(args, standalone_mode=False)
    except SystemExit as exc:  # click exits on errors
        if exc.code:
            raise


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=10.0, help="size of each text in megabytes of UTF-8")
    parser.add_argument("--cold", action="store_true", help="also time the command in a fresh process")
    parser.add_argument("--profile", action="store_true", help="print --profile-time's table for each text")
    parser.add_argument("--reports", type=Path, default=REPORTS, help="the directory of clean reports")
    args = parser.parse_args()
    import ftfy

    rows = []
    with tempfile.TemporaryDirectory(prefix="cleaner-cli-bench-") as tmp:
        for name, unit in texts(args.reports).items():
            copies = max(1, round(args.mb * MB / len(unit.encode("utf-8"))))
            text = unit * copies
            src, out = Path(tmp) / "in.txt", Path(tmp) / "out.txt"
            src.write_text(text, encoding="utf-8")
            (Path(tmp) / "small.txt").write_text(unit, encoding="utf-8")
            run_cli(["clean", str(Path(tmp) / "small.txt"), "-o", str(out), "--report", str(out) + ".json"])
            command = ["clean", str(src), "-o", str(out), "--report", str(out) + ".json"]
            with Timer() as cli:
                run_cli(command + (["--profile-time"] if args.profile else []))
            with Timer() as fix:
                ftfy.fix_text(text)
            cold = None
            if args.cold:
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "cleaner", *command], check=True)
                cold = time.perf_counter() - started
            rows.append((name, len(text), cli, fix, cold))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nload average (1, 5, 15 min): {load}\n")
    print("| text | characters | cleaner clean + JSON report | ftfy.fix_text | cleaner vs ftfy (wall / CPU) |"
          + (" fresh process |" if args.cold else ""))
    print("|---|---|---|---|---|" + ("---|" if args.cold else ""))
    for name, chars, cli, fix, cold in rows:
        line = (f"| {name} | {chars / 1e6:.1f} M | {chars / cli.wall / 1e6:.2f} M chars/s ({cli.wall:.2f} s) "
                f"| {chars / fix.wall / 1e6:.2f} M chars/s ({fix.wall:.2f} s) "
                f"| {fix.wall / cli.wall:.2f}x / {fix.cpu / cli.cpu:.2f}x |")
        print(line + (f" {cold:.2f} s |" if cold is not None else ""))


if __name__ == "__main__":
    main()
