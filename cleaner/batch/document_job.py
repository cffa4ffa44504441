"""A text file within the memory budget: one task cleans it whole."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor, Future
from typing import Any

from cleaner.batch.files import Unit
from cleaner.batch.job import Job
from cleaner.batch.options import BatchOptions
from cleaner.batch.tasks import DocumentOutcome, clean_document_task
from cleaner.io import InputError, atomic_write


class DocumentJob(Job):
    """A text (or structured OCR) file cleaned whole by one task; its outputs written at the end."""

    def __init__(self, unit: Unit, options: BatchOptions, executor: Executor) -> None:
        super().__init__(unit, options, executor)
        self.outcome: DocumentOutcome | None = None

    def tasks(self) -> Iterator[tuple[Future[Any], int]]:
        try:
            data = self.unit.path.read_bytes()
        except OSError as exc:
            raise InputError(f"{self.unit.path}: cannot read: {exc.strerror}") from None
        yield self.executor.submit(clean_document_task, self.options.config, self.unit.rel, data,
                                   self.options.encoding), len(data)

    def accept(self, result: DocumentOutcome) -> int:
        self.outcome = result
        self.sha256 = result.sha256
        if result.failure:
            self.fail(result.failure)
            return 0
        return int(result.entry["chars_in"])

    def finish(self) -> dict[str, Any]:
        assert self.outcome is not None
        text_path, report_path = self.outputs
        text_path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(text_path, self.outcome.text)
        atomic_write(report_path, self.outcome.report)
        return self.entry(**self.outcome.entry)
