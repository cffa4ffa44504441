"""A job: the tasks of one unit, and the writing of its outputs as their results come back in order.

The kinds of job: :class:`~cleaner.batch.document_job.DocumentJob` (a file cleaned whole),
:class:`~cleaner.batch.stream_job.StreamJob` (a file bigger than the memory budget, chunk by
chunk) and :class:`~cleaner.batch.shard_job.ShardJob` (a JSONL shard, batches of records).
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import IO, Any

from cleaner.batch.files import Unit
from cleaner.batch.options import BatchOptions
from cleaner.io import temp_file


class Job:
    """The tasks of one unit and the writing of its outputs. Results arrive in task order."""

    def __init__(self, unit: Unit, options: BatchOptions, executor: Executor) -> None:
        self.unit = unit
        self.options = options
        self.executor = executor
        self.failure = ""
        self.sha256 = ""
        self.temps: list[str] = []  # temporary files that become (or build) the outputs
        self.handles: list[IO[bytes] | gzip.GzipFile] = []  # open for writing, outermost first

    @property
    def outputs(self) -> list[Path]:
        return [self.options.outdir / self.unit.rel, self.options.outdir / self.unit.report_rel]

    def tasks(self) -> Iterator[tuple[Future[Any], int]]:
        """(future, input bytes it covers): submitted as the input is read."""
        raise NotImplementedError

    def accept(self, result: Any) -> int:
        """Take a task's result (in order); return the characters it covered."""
        raise NotImplementedError

    def finish(self) -> dict[str, Any]:
        """Put the outputs in place; return the unit's summary entry."""
        raise NotImplementedError

    def open_temp(self, target: Path) -> IO[bytes]:
        """A temporary file beside ``target``, removed by :meth:`abandon` unless renamed."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_file(target)
        self.temps.append(tmp)
        handle = os.fdopen(fd, "wb")
        self.handles.append(handle)
        return handle

    def abandon(self) -> None:
        """Close what is open and remove the temporary files, after a failure or an interruption."""
        close_quietly(*self.handles)
        for tmp in self.temps:
            Path(tmp).unlink(missing_ok=True)

    def fail(self, reason: str) -> None:
        self.failure = self.failure or reason

    def entry(self, **values: Any) -> dict[str, Any]:
        return {"path": self.unit.rel, "kind": self.unit.kind, "output": self.unit.rel,
                "report": self.unit.report_rel, **values}


def close_quietly(*handles: IO[bytes] | gzip.GzipFile) -> None:
    """Close what a failed unit had open. Closing flushes, which fails again on a full disk: the
    temporary files are deleted next, so that second error means nothing."""
    for handle in handles:
        try:
            handle.close()
        except (OSError, ValueError):
            try:  # the buffered data could not go out; drop it so the descriptor closes
                os.close(handle.fileno())
            except (OSError, ValueError, AttributeError):
                pass
