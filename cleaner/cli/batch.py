"""``cleaner batch``: clean many files into a directory, with a progress bar and a summary table."""

from __future__ import annotations

import os
import shlex
import sys
import time
from pathlib import Path

import click
from rich.console import Console

from cleaner.batch import SUMMARY_NAME, BatchOptions, run_batch
from cleaner.batch.guard import BatchLocked, Terminated, terminate_on_signals
from cleaner.cli.common import fail, make_cleaner
from cleaner.cli.options import config_options, encoding_option, parse_size
from cleaner.io import InputError
from cleaner.pipeline import Config
from cleaner.report.progress import BarProgress
from cleaner.report.tables import summary_table
from cleaner.rules import RuleError


def failure_line(path: str, reason: str) -> str:
    """``path: reason``, without the shorter name the reason may start with.

    >>> failure_line("in/sub/a.txt", "sub/a.txt: binary file")
    'in/sub/a.txt: binary file'
    """
    name, sep, rest = reason.partition(": ")
    if sep and path.endswith(name):
        reason = rest
    return f"{path}: {reason}"


def resume_command() -> str:
    """This command line with --resume: how to finish an interrupted batch."""
    args = sys.argv[1:]
    return shlex.join(["cleaner", *args, *([] if "--resume" in args else ["--resume"])])


def check_batch_paths(inputs: list[str], outdir: Path) -> None:
    """Before anything is created: at least one input exists, and OUTDIR is not inside an input directory
    (its outputs and summary would land in the tree being cleaned)."""
    existing = [Path(i) for i in inputs if os.path.lexists(i)]
    if not existing:
        fail(f"{', '.join(inputs)}: no such file or directory; nothing to clean", 1)
    out = outdir.resolve()
    for path in existing:
        if path.is_dir() and (out == path.resolve() or path.resolve() in out.parents):
            fail(f"{outdir}: the output directory is inside the input directory {path}; choose one outside it", 2)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--outdir", required=True, type=click.Path(file_okay=False), help="The output directory.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 256), help="Worker processes.")
@click.option("--glob", "pattern", help="Only files matching this pattern in directories (e.g. '*.txt').")
@click.option("--resume", is_flag=True, help="Skip files already done (same source, same rules) by an earlier run.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on this machine, or on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="A Dask scheduler (tcp://host:8786); without it, a local cluster.")
@click.option("--memory-budget", default="64MB", show_default=True,
              help="Files bigger than this are streamed in paragraph-bounded chunks.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no table.")
@click.option("--text-field", default="text", show_default=True, help="The field of a JSONL record that holds its text.")
@click.option("--follow-links", is_flag=True,
              help="Clean what symbolic links inside input directories point to (by default they are listed and skipped).")
@click.option("--wait", is_flag=True, help="If another batch is writing into OUTDIR, wait for it instead of refusing.")
@encoding_option
@config_options
def batch(inputs: tuple[str, ...], outdir: str, jobs: int, pattern: str | None, resume: bool, engine: str,
          scheduler: str | None, memory_budget: str, quiet: bool, text_field: str, follow_links: bool,
          wait: bool, encoding: str | None, config: Config) -> None:
    """Clean files, directories (recursively) and JSONL shards into OUTDIR.

    Each file keeps its relative path under OUTDIR and gets its report beside it
    (NAME.report.json; NAME.report.jsonl for a shard). The batch summary is
    OUTDIR/batch-summary.json. Exit status 1 when some files failed (they are
    listed); the others are cleaned all the same.

    \b
    Examples:
      cleaner batch scans/ -o clean/ --jobs 2
      cleaner batch scans/ -o clean/ --glob '*.txt' --resume
      cleaner batch pages.jsonl.gz -o clean/
      cleaner batch scans/ -o clean/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    names = {rule.code: rule.name for rule in make_cleaner(config).all_rules}
    if scheduler and engine != "dask":
        fail("--scheduler needs --engine dask", 2)
    options = BatchOptions(Path(outdir), config, jobs=jobs, glob=pattern, resume=resume, engine=engine,
                           scheduler=scheduler, memory_budget=parse_size(memory_budget), text_field=text_field,
                           encoding=encoding, follow_links=follow_links, wait=wait)
    check_batch_paths(list(inputs), Path(outdir))
    console = Console(stderr=True)  # the bar, the table and the status lines: never on stdout
    show = not quiet and console.is_terminal
    progress = BarProgress(console) if show else None
    started = time.perf_counter()
    try:
        with terminate_on_signals():
            summary = run_batch(list(inputs), options, progress)
    except (InputError, RuleError, BatchLocked) as exc:
        fail(str(exc))
    except (KeyboardInterrupt, Terminated) as exc:
        if progress:
            progress.stop()
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        click.echo(f"cleaner: {how}; temporary files removed; resume with: {resume_command()}", err=True)
        sys.exit(143 if isinstance(exc, Terminated) else 130)
    finally:
        if progress:
            progress.stop()
    if show:
        console.print(summary_table(summary, names))
    for skipped in summary.get("skipped", []):
        click.echo(f"cleaner: skipped: {skipped['path']}: {skipped['reason']}", err=True)
    for failure in summary["failures"]:
        click.echo(f"cleaner: failed: {failure_line(failure['path'], failure['reason'])}", err=True)
    if not summary["units"] and not summary["resumed"] and not summary["failures"]:
        found = f" matching --glob '{pattern}'" if pattern else ""
        click.echo(f"cleaner: error: no files{found} to clean in {', '.join(inputs)}", err=True)
        sys.exit(1)
    if summary.get("summary_error"):
        fail(summary["summary_error"])
    if not quiet:
        resumed = f" ({summary['resumed']} files done by an earlier run)" if summary["resumed"] else ""
        click.echo(f"{summary['documents']} documents cleaned{resumed}, {summary['failed']} failed, "
                   f"in {time.perf_counter() - started:.1f}s; summary: {Path(outdir) / SUMMARY_NAME}", err=True)
    sys.exit(1 if summary["failed"] else 0)
