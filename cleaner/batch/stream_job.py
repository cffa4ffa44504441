"""A text file bigger than the memory budget: read, cleaned and written chunk by chunk.

The clean text goes to its temporary file as the chunks come back; the edits and the suspects
go to two more, and the report is assembled from them at the end with the same fields, in the
same order, as :meth:`cleaner.pipeline.Cleaner.report` writes for a whole document (it writes them).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from cleaner.api import get_cleaner
from cleaner.batch.executors import completed
from cleaner.batch.files import Unit
from cleaner.batch.job import Job
from cleaner.batch.options import BatchOptions
from cleaner.batch.tasks import clean_chunk_task
from cleaner.chunking import ChunkResult, render_edit, split_chunks
from cleaner.edits import CleanResult
from cleaner.io import TextStream, atomic_open, json_bytes
from cleaner.stats import Stats


class StreamJob(Job):
    """A text file bigger than the memory budget: read, cleaned and written chunk by chunk."""

    def __init__(self, unit: Unit, options: BatchOptions, executor: Executor) -> None:
        super().__init__(unit, options, executor)
        self.stream: TextStream | None = None
        self.edit_count = self.suspect_count = 0
        self.stats: list[Stats] = []
        self.errors: list[str] = []
        self.chars_in = self.chars_out = 0
        self.out_hash = hashlib.sha256()
        self.chunks = 0

    def tasks(self) -> Iterator[tuple[Future[Any], int]]:
        text_path, report_path = self.outputs
        self.text_out = self.open_temp(text_path)
        self.edits_out = self.open_temp(report_path)
        self.suspects_out = self.open_temp(report_path)
        self.stream = TextStream(self.unit.path, encoding=self.options.encoding)
        read = 0
        for piece in split_chunks(self.stream, self.options.chunk_chars):
            nbytes, read = self.stream.size - read, self.stream.size
            future: Future[Any]
            if piece.clean:
                future = self.executor.submit(clean_chunk_task, self.options.config, piece.text, piece.offset,
                                              piece.warning, piece.last)
            else:
                future = completed(piece.text)
            yield future, nbytes

    def accept(self, result: ChunkResult | str) -> int:
        if isinstance(result, str):  # a verbatim gap between chunks
            data = result.encode("utf-8")
            self.text_out.write(data)
            self.out_hash.update(data)
            self.chars_in += len(result)
            self.chars_out += len(result)
            self.stats.append(Stats(chars_in=len(result), chars_out=len(result)))
            return len(result)
        self.chunks += 1
        data = result.text.encode("utf-8")
        self.text_out.write(data)
        self.out_hash.update(data)
        self.chars_in += result.stats.chars_in
        self.chars_out += len(result.text)
        for item in result.edits:
            self.edit_count += 1
            self.edits_out.write(((",\n" if self.edit_count > 1 else "") + render_edit(self.edit_count, item)).encode())
        for item in result.suspects:
            self.suspect_count += 1
            self.suspects_out.write(((",\n" if self.suspect_count > 1 else "") + item).encode())
        self.stats.append(result.stats)
        self.errors.extend(e for e in result.errors if e not in self.errors)
        return result.stats.chars_in

    def finish(self) -> dict[str, Any]:
        assert self.stream is not None
        cleaner = get_cleaner(self.options.config)
        self.sha256 = self.stream.sha256
        stats = sum(self.stats, Stats())
        marks = {"edits": "\x00edits\x00", "suspects": "\x00suspects\x00"}
        # The report of a whole document, its fields in their order, with the streamed source, output,
        # and marks where the edits and suspects written to the temporary files go.
        skeleton = cleaner.report(CleanResult("", "", [], [], stats, self.errors), describe_rules=False)
        skeleton.update(
            source={"path": self.unit.rel, "encoding": self.stream.encoding, "sha256": self.stream.sha256,
                    "bytes": self.stream.size, "chars": self.chars_in},
            output={"sha256": self.out_hash.hexdigest(), "chars": self.chars_out},
            edits=marks["edits"],
            suspects=marks["suspects"],
        )
        head, rest = (json.dumps(skeleton, ensure_ascii=False, indent=1) + "\n").split(json.dumps(marks["edits"]))
        middle, tail = rest.split(json.dumps(marks["suspects"]))
        text_path, report_path = self.outputs
        for handle in (self.text_out, self.edits_out, self.suspects_out):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        _, edits_tmp, suspects_tmp = self.temps
        with atomic_open(report_path) as report:
            report.write(json_bytes(head))
            for count, tmp in ((self.edit_count, edits_tmp), (self.suspect_count, suspects_tmp)):
                if count:
                    report.write(b"[\n")
                    with open(tmp, "rb") as part:
                        shutil.copyfileobj(part, report, 1 << 20)
                    report.write(b"\n ]")
                else:
                    report.write(b"[]")
                if tmp == edits_tmp:
                    report.write(json_bytes(middle))
            report.write(json_bytes(tail))
        os.replace(self.temps[0], text_path)
        for tmp in self.temps[1:]:
            Path(tmp).unlink(missing_ok=True)
        self.temps = []
        return self.entry(encoding=self.stream.encoding, bytes=self.stream.size, documents=1, chunks=self.chunks,
                          **stats.counts(), errors=self.errors)
