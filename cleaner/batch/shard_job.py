"""A JSONL shard (plain or gzipped), read and cleaned in batches of records.

Each record is cleaned by :func:`cleaner.records.clean_record`, the function ``clean --jsonl``
uses: a bad record passes through unchanged and is listed with its line, the rest are cleaned.
The clean shard and the per-record reports (``NAME.report.jsonl``) are gzipped when the input is.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from typing import IO, Any

from cleaner.batch.files import Unit
from cleaner.batch.job import Job
from cleaner.batch.options import BatchOptions
from cleaner.batch.tasks import clean_records_task
from cleaner.io import InputError
from cleaner.records import RecordOutcome
from cleaner.stats import Stats


class ShardJob(Job):
    """A JSONL shard (plain or gzipped), streamed in batches of records."""

    def __init__(self, unit: Unit, options: BatchOptions, executor: Executor) -> None:
        super().__init__(unit, options, executor)
        self.records = 0
        self.record_failures: list[dict[str, str]] = []
        self.stats: list[Stats] = []
        self.errors: list[str] = []

    def tasks(self) -> Iterator[tuple[Future[Any], int]]:
        text_path, report_path = self.outputs
        text_out = self.open_temp(text_path)
        reports_out = self.open_temp(report_path)
        self.text_sink: IO[bytes] | gzip.GzipFile = text_out
        self.report_sink: IO[bytes] | gzip.GzipFile = reports_out
        if self.unit.gz:  # deterministic gzip: no file name, no time stamp, so reruns give the same bytes
            self.text_sink = gzip.GzipFile(filename="", mode="wb", fileobj=text_out, mtime=0)
            self.report_sink = gzip.GzipFile(filename="", mode="wb", fileobj=reports_out, mtime=0)
            self.handles[:0] = [self.text_sink, self.report_sink]  # closed before the files they write to
        digest = hashlib.sha256()
        batch: list[tuple[int, bytes]] = []
        size = 0
        try:
            raw = open(self.unit.path, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"{self.unit.path}: cannot read: {exc.strerror}") from None
        with raw:
            digesting = HashingReader(raw, digest)
            # The hashing reader has the read() GzipFile needs; typeshed wants a real file object.
            handle: Any = gzip.GzipFile(fileobj=digesting, mode="rb") if self.unit.gz else digesting  # type: ignore[call-overload]
            read = 0
            try:
                for number, line in enumerate(handle, 1):
                    if not line.strip():
                        continue
                    batch.append((number, line))
                    size += len(line)
                    if size >= self.options.chunk_chars:
                        yield self.submit(batch), digesting.size - read
                        read, batch, size = digesting.size, [], 0
            except (OSError, EOFError) as exc:
                raise InputError(f"{self.unit.path}: cannot read: {exc}") from None
            if batch or read == 0:
                yield self.submit(batch), digesting.size - read
        self.sha256 = digest.hexdigest()

    def submit(self, batch: list[tuple[int, bytes]]) -> Future[list[RecordOutcome]]:
        return self.executor.submit(clean_records_task, self.options.config, self.unit.rel, batch,
                                    self.options.text_field)

    def accept(self, result: list[RecordOutcome]) -> int:
        chars = 0
        for item in result:
            self.text_sink.write(item.output)  # a bad record passes through unchanged
            if item.failure:
                self.record_failures.append({"path": f"{self.unit.path}:{item.line}", "reason": item.failure})
                continue
            self.records += 1
            self.report_sink.write(item.report)
            self.stats.append(item.stats)
            self.errors.extend(item.errors)
            chars += item.stats.chars_in
        return chars

    def finish(self) -> dict[str, Any]:
        for handle in self.handles:  # gzip streams first: they end by writing to the files
            if isinstance(handle, gzip.GzipFile):
                handle.close()
            else:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
        text_path, report_path = self.outputs
        os.replace(self.temps[0], text_path)
        os.replace(self.temps[1], report_path)
        self.temps = []
        stats = sum(self.stats, Stats())
        return self.entry(encoding="utf-8", bytes=self.unit.size, documents=self.records,
                          chunks=0, **stats.counts(), errors=self.errors,
                          records_failed=self.record_failures)


class HashingReader:
    """A binary file that hashes and counts what is read from it."""

    def __init__(self, raw: IO[bytes], digest: Any) -> None:
        self.raw, self.digest, self.size = raw, digest, 0

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data

    def readline(self, limit: int = -1) -> bytes:
        data = self.raw.readline(limit)
        self.digest.update(data)
        self.size += len(data)
        return data

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")
