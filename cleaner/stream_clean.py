"""``cleaner clean`` of a file too big to clean whole: streamed in chunks exactly as ``cleaner batch``
streams it (the same job, :class:`cleaner.batch.stream_job.StreamJob`), so the text and the report are the
same bytes, and memory stays bounded by the budget rather than growing with the file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from cleaner.batch.executors import InlineExecutor
from cleaner.batch.files import Unit
from cleaner.batch.options import BatchOptions
from cleaner.batch.stream_job import StreamJob
from cleaner.io import write_stdout
from cleaner.pipeline import Config


class _FileJob(StreamJob):
    """A batch's streaming job whose outputs are two named files rather than places under OUTDIR."""

    def __init__(self, unit: Unit, options: BatchOptions, text_path: Path, report_path: Path) -> None:
        super().__init__(unit, options, InlineExecutor())
        self._outputs = [text_path, report_path]

    @property
    def outputs(self) -> list[Path]:
        return self._outputs


def should_stream(path: str, options: BatchOptions) -> bool:
    """Would ``cleaner batch`` stream this file? (A regular file bigger than what one chunk holds.)"""
    return path != "-" and os.path.isfile(path) and os.path.getsize(path) > options.stream_above


def clean_streamed(path: str, output: str, report_path: str | None, config: Config, memory_budget: int,
                   encoding: str | None = None) -> dict[str, Any]:
    """Clean the file ``path`` chunk by chunk into ``output`` (``-``: stdout) and ``report_path`` (if any);
    return the summary entry (counts, errors). Raises InputError as reading and decoding do."""
    options = BatchOptions(Path(tempfile.gettempdir()), config, memory_budget=memory_budget, encoding=encoding)
    with tempfile.TemporaryDirectory(prefix="cleaner-") as scratch:
        text_path = Path(scratch, "text") if output == "-" else Path(output)
        report = Path(report_path) if report_path and report_path != "-" else Path(scratch, "report.json")
        job = _FileJob(Unit(Path(path), path, "text", os.path.getsize(path)), options, text_path, report)
        try:
            for future, _ in job.tasks():
                job.accept(future.result())
            entry = job.finish()
        except BaseException:
            job.abandon()
            raise
        if output == "-":
            with open(text_path, "rb") as handle:  # every short write to stdout is seen (a full disk)
                for block in iter(lambda: handle.read(1 << 20), b""):
                    write_stdout(block)
        if report_path == "-":
            with open(report, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    write_stdout(block)
    return entry
