"""Batch cleaning: many files, directories and JSONL shards into an output directory.

Every input file is a *unit* of work: a text document (its clean text at the same
relative path under OUTDIR, its JSON report beside it as ``NAME.report.json``)
or a JSONL shard (records with a ``text`` field; the clean shard at the same
path, one report per record in ``NAME.report.jsonl``, gzipped like the input).

Nothing is lost: every output appears atomically (temporary file, then rename);
a unit that fails is listed with its reason and the batch goes on; no output
may land on an input. A manifest (``OUTDIR/.cleaner-batch/manifest.jsonl``)
records each finished unit with its source hash and the rule-set hash, so that
``resume=True`` skips units already done and a batch killed half-way ends, once
resumed, with the same outputs as an uninterrupted run.

Work is cut into tasks (a whole small document, a chunk of a large one, a batch
of JSONL records) that run on an engine -- in this process, in a local process
pool, or on a Dask cluster -- and come back in order, so every engine writes the
same bytes. Files bigger than the memory budget are streamed in
paragraph-bounded chunks (:mod:`cleaner.chunking`) with report offsets in
source coordinates.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import os
import shutil
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import IO, Any, Protocol

from cleaner.api import get_cleaner
from cleaner.batch_dask import short_reason
from cleaner.batch_guard import is_link, lock_outdir, outside_outdir, worker_init
from cleaner.chunking import ChunkResult, merge_stats, render_chunk, render_edit, split_chunks
from cleaner.formats import SUFFIXES as OCR_SUFFIXES
from cleaner.formats import OcrResult, clean_ocr, detect_format, read_ocr
from cleaner.io import TEMP_SUFFIX, Decoded, InputError, TextStream, atomic_open, atomic_write, decode, temp_file
from cleaner.pipeline import Config
from cleaner.records import RecordOutcome, clean_record, record_config
from cleaner.report.json_report import REPORT_VERSION, build_report, dumps

SUMMARY_NAME = "batch-summary.json"
STATE_DIR = ".cleaner-batch"
MANIFEST_NAME = "manifest.jsonl"
SUMMARY_VERSION = 1
# Counters of a unit's entry that the summary adds up.
TOTALS = ("documents", "chars_in", "chars_out", "edits", "suggestions", "suspects")
# A chunk of this many characters costs about this many bytes while it is cleaned (text,
# working copies, edit objects, rendered report items): measured on the sample repeated to
# 11 MB (3.8 M characters) cleaned whole, 577 MB peak, about 125 bytes a character.
BYTES_PER_CHUNK_CHAR = 128
MIN_CHUNK_CHARS = 1024


@dataclass(frozen=True)
class BatchOptions:
    outdir: Path
    config: Config = field(default_factory=Config)
    jobs: int = 1
    glob: str | None = None
    resume: bool = False
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # a Dask scheduler address; None starts a LocalCluster
    memory_budget: int = 64 * 2**20  # bytes; larger files are streamed in chunks
    follow_links: bool = False  # clean what symbolic links inside input directories point to
    wait: bool = False  # wait for another batch writing into OUTDIR instead of refusing
    text_field: str = "text"  # the field of a JSONL record that holds its text
    encoding: str | None = None  # the text files' encoding; None: told from their bytes

    @property
    def chunk_chars(self) -> int:
        return max(MIN_CHUNK_CHARS, self.memory_budget // BYTES_PER_CHUNK_CHAR)

    @property
    def stream_above(self) -> int:
        """Files of more bytes than this are streamed: they may hold more characters than a chunk."""
        return self.chunk_chars


@dataclass(frozen=True)
class Unit:
    """One input file and where its outputs go (paths relative to OUTDIR, with /)."""

    path: Path
    rel: str
    kind: str  # "text" | "jsonl"
    size: int

    @property
    def gz(self) -> bool:
        return self.rel.endswith(".gz")

    @property
    def report_rel(self) -> str:
        if self.kind == "text":
            return self.rel + ".report.json"
        return self.rel.removesuffix(".gz") + ".report.jsonl" + (".gz" if self.gz else "")


def is_jsonl(name: str) -> bool:
    return name.endswith((".jsonl", ".jsonl.gz"))


class Progress(Protocol):
    def start(self, units: int, total_bytes: int) -> None: ...

    def advance(self, nbytes: int, chars: int, units: int) -> None: ...


# -- Finding the units ---------------------------------------------------------------------------


def discover(inputs: list[str], outdir: Path, pattern: str | None,
             follow_links: bool = False) -> tuple[list[Unit], list[dict[str, str]]]:
    """The units under ``inputs`` (files, directories walked recursively) and the inputs that failed.

    Directories skip hidden entries and OUTDIR itself; ``pattern`` (a glob on the
    file name, or on the relative path when it has a ``/``) filters their files.
    Files named on the command line are always taken. A directory or file that
    cannot be read (permissions, a path too long) is a failure; a symbolic link
    inside a directory is listed as skipped (``"skipped": "1"``) unless ``follow_links``.
    """
    units: list[Unit] = []
    failures: list[dict[str, str]] = []
    out_real = outdir.resolve()

    def unreadable(error: OSError) -> None:
        failures.append({"path": str(error.filename), "reason": f"cannot read directory: {error.strerror}"})

    def skipped_link(path: Path) -> None:
        failures.append({"path": str(path), "reason": "a symbolic link, skipped (--follow-links cleans what it points to)",
                         "skipped": "1"})

    for item in inputs:
        path = Path(item)
        if path.is_file():
            units.append(_unit(path, path.name))
        elif path.is_dir():
            seen = {path.resolve()}
            for root, dirs, files in os.walk(path, onerror=unreadable, followlinks=follow_links):
                kept = []
                for d in sorted(dirs):
                    sub = Path(root, d)
                    if d.startswith(".") or sub.resolve() == out_real:
                        continue
                    if is_link(sub):
                        if not follow_links:
                            skipped_link(sub)
                            continue
                        if sub.resolve() in seen:  # a loop of links
                            continue
                    seen.add(sub.resolve())
                    kept.append(d)
                dirs[:] = kept
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root, name)
                    rel = file.relative_to(path).as_posix()
                    if pattern and not fnmatchcase(rel if "/" in pattern else name, pattern):
                        continue
                    if is_link(file) and not follow_links:
                        skipped_link(file)
                        continue
                    try:
                        if file.is_file():
                            units.append(_unit(file, rel))
                    except OSError as exc:  # a path too long, a file gone or unreadable
                        failures.append({"path": str(file), "reason": f"cannot read: {exc.strerror or exc}"})
        elif path.exists():
            failures.append({"path": item, "reason": "not a regular file or directory"})
        else:
            failures.append({"path": item, "reason": "no such file or directory"})
    return units, failures


def _unit(path: Path, rel: str) -> Unit:
    return Unit(path, rel, "jsonl" if is_jsonl(path.name) else "text", path.stat().st_size)


def plan_outputs(units: list[Unit], outdir: Path) -> tuple[list[Unit], list[dict[str, str]]]:
    """Drop units whose outputs would collide with another unit's, a reserved name, or an input file."""
    inputs = {u.path.resolve() for u in units}
    out_real = outdir.resolve()
    taken: dict[str, str] = {SUMMARY_NAME: "the batch summary"}
    kept, failures = [], []
    for unit in units:
        reason = ""
        for rel in (unit.rel, unit.report_rel):
            target = (outdir / rel).resolve()
            if rel.split("/")[0] == STATE_DIR or rel in taken:
                reason = f"output {rel} is already taken by {taken.get(rel, 'the batch state')}"
            elif target in inputs:
                reason = f"output {outdir / rel} would overwrite an input file"
            elif outside_outdir(outdir / rel, out_real):
                reason = f"output {outdir / rel} would be written outside {outdir} (through a symbolic link)"
            if reason:
                break
        if reason:
            failures.append({"path": str(unit.path), "reason": reason})
            continue
        taken[unit.rel] = taken[unit.report_rel] = str(unit.path)
        kept.append(unit)
    return kept, failures


# -- Tasks: what runs on an engine (top-level functions, so that they pickle) --------------------


@dataclass
class DocumentOutcome:
    text: bytes = b""
    report: bytes = b""
    entry: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""
    failure: str = ""


def clean_document_task(config: Config, rel: str, data: bytes, encoding: str | None = None) -> DocumentOutcome:
    """Decode and clean a whole document; render its clean text and report."""
    cleaner = get_cleaner(config)
    ocr: OcrResult | None = None
    try:
        fmt = detect_format(rel, data)
        if fmt:  # a structured OCR file: cleaned as its assembled text, written in its own format
            ocr = clean_ocr(cleaner, read_ocr(data, rel, fmt))
            decoded = Decoded(ocr.assembly.text, "utf-8", hashlib.sha256(data).hexdigest(), len(data))
        else:
            decoded = decode(data, rel, encoding)
    except InputError as exc:
        return DocumentOutcome(sha256=hashlib.sha256(data).hexdigest(), failure=str(exc))
    result = ocr.result if ocr else cleaner.clean(decoded.text)
    report = build_report(result, path=rel, decoded=decoded, profile=cleaner.profile, rules_hash=cleaner.rules_hash)
    if ocr:
        ocr.locate(report)
    entry = {"encoding": decoded.encoding, "bytes": decoded.size, "documents": 1, "chunks": 1, **_counts(result.stats),
             "errors": list(result.errors), **({"format": fmt} if ocr else {})}
    output = ocr.render() if ocr else result.text.encode("utf-8")
    return DocumentOutcome(output, dumps(report).encode("utf-8"), entry, decoded.sha256)


def clean_chunk_task(config: Config, text: str, offset: int, warning: str, last: bool = True) -> ChunkResult:
    """Clean one chunk of a large document; offsets in the result are the document's. Only the
    first chunk holds the document's start and only the last its end (where LY13, LY14 work)."""
    edges = (("start",) if offset == 0 else ()) + (("end",) if last else ())
    result = get_cleaner(dataclasses.replace(config, edges=edges)).clean(text)
    rendered = render_chunk(result, offset)
    if warning:
        rendered.errors.append(warning)
    return rendered


def clean_records_task(config: Config, rel: str, lines: list[tuple[int, bytes]], text_field: str = "text") -> list[RecordOutcome]:
    """Clean a batch of JSONL records (:func:`cleaner.records.clean_record`, as ``clean --jsonl`` does)."""
    cleaner = get_cleaner(record_config(config))
    return [clean_record(cleaner, raw, number, rel, text_field) for number, raw in lines]


def _counts(stats: dict[str, Any]) -> dict[str, Any]:
    keys = ("chars_in", "chars_out", "edits", "suggestions", "suspects", "per_rule", "suggested_per_rule",
            "suspects_per_rule")
    return {k: stats.get(k, {} if k.endswith("per_rule") else 0) for k in keys}


# -- Engines -------------------------------------------------------------------------------------


class _Ready:
    """A finished future: a task run in this process, or a value that needs no engine."""

    def __init__(self, value: Any = None, error: BaseException | None = None) -> None:
        self.value, self.error = value, error

    def result(self) -> Any:
        if self.error is not None:
            raise self.error
        return self.value


class Engine:
    """Runs tasks in this process, one after the other (``--jobs 1``)."""

    workers = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        try:
            return _Ready(fn(*args))
        except Exception as exc:
            return _Ready(error=exc)

    def close(self, interrupted: bool = False) -> None:
        pass


def warm_up(config: Config) -> None:
    """Compile the rules and load their tables, so that worker processes start ready."""
    from cleaner.preload import preload

    preload(get_cleaner(config))


class PoolEngine(Engine):
    """A local process pool (``--jobs N``).

    Where the platform can fork, the workers are forked from this process after it
    compiled the rules and loaded the lexicon, and before any other thread (the
    progress bar) starts: they start in milliseconds, sharing that memory.
    """

    def __init__(self, jobs: int, config: Config) -> None:
        import multiprocessing
        import threading
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        # Forking is only safe while this process has no other thread (one could hold a lock).
        if "fork" in methods and threading.active_count() == 1:
            method = "fork"
        else:
            method = "forkserver" if "forkserver" in methods else "spawn"
        if method == "fork":
            warm_up(config)
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                                        initializer=worker_init)
        for future in [self.pool.submit(warm_up, config) for _ in range(jobs)]:
            future.result()  # all workers exist now
        self.workers = jobs

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.pool.submit(fn, *args)

    def close(self, interrupted: bool = False) -> None:
        if interrupted:  # do not wait for the tasks running: their results would be thrown away
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_engine(options: BatchOptions) -> Engine:
    if options.engine == "dask":
        from cleaner.batch_dask import DaskEngine

        return DaskEngine(options.jobs, options.scheduler)  # type: ignore[return-value]
    if options.engine != "local":
        raise InputError(f"unknown engine '{options.engine}' (local, dask)")
    return PoolEngine(options.jobs, options.config) if options.jobs > 1 else Engine()


# -- Jobs: a unit's tasks, and writing its outputs as results come back in order -----------------


class Job:
    """The tasks of one unit and the writing of its outputs. Results arrive in task order."""

    def __init__(self, unit: Unit, options: BatchOptions, engine: Engine) -> None:
        self.unit = unit
        self.options = options
        self.engine = engine
        self.failure = ""
        self.sha256 = ""

    @property
    def outputs(self) -> list[Path]:
        return [self.options.outdir / self.unit.rel, self.options.outdir / self.unit.report_rel]

    def tasks(self) -> Iterator[tuple[Any, int]]:
        """(future, input bytes it covers): submitted as the input is read."""
        raise NotImplementedError

    def accept(self, result: Any) -> int:
        """Take a task's result (in order); return the characters it covered."""
        raise NotImplementedError

    def finish(self) -> dict[str, Any]:
        """Put the outputs in place; return the unit's summary entry."""
        raise NotImplementedError

    def abandon(self) -> None:
        """Remove temporary files after a failure."""

    def fail(self, reason: str) -> None:
        self.failure = self.failure or reason

    def entry(self, **values: Any) -> dict[str, Any]:
        return {"path": self.unit.rel, "kind": self.unit.kind, "output": self.unit.rel,
                "report": self.unit.report_rel, **values}


class DocumentJob(Job):
    """A text file within the memory budget: one task cleans it whole."""

    def __init__(self, unit: Unit, options: BatchOptions, engine: Engine) -> None:
        super().__init__(unit, options, engine)
        self.outcome: DocumentOutcome | None = None

    def tasks(self) -> Iterator[tuple[Any, int]]:
        try:
            data = self.unit.path.read_bytes()
        except OSError as exc:
            raise InputError(f"{self.unit.path}: cannot read: {exc.strerror}") from None
        yield self.engine.submit(clean_document_task, self.options.config, self.unit.rel, data,
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


class StreamJob(Job):
    """A text file bigger than the memory budget: read, cleaned and written chunk by chunk."""

    def __init__(self, unit: Unit, options: BatchOptions, engine: Engine) -> None:
        super().__init__(unit, options, engine)
        self.stream: TextStream | None = None
        self.temps: list[str] = []
        self.edit_count = self.suspect_count = 0
        self.stats: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.chars_in = self.chars_out = 0
        self.out_hash = hashlib.sha256()
        self.chunks = 0

    def _open_temp(self, target: Path) -> IO[bytes]:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = temp_file(target)
        self.temps.append(tmp)
        return os.fdopen(fd, "wb")

    def tasks(self) -> Iterator[tuple[Any, int]]:
        text_path, report_path = self.outputs
        self.text_out = self._open_temp(text_path)
        self.edits_out = self._open_temp(report_path)
        self.suspects_out = self._open_temp(report_path)
        self.stream = TextStream(self.unit.path, encoding=self.options.encoding)
        read = 0
        for piece in split_chunks(self.stream, self.options.chunk_chars):
            nbytes, read = self.stream.size - read, self.stream.size
            if piece.clean:
                future = self.engine.submit(clean_chunk_task, self.options.config, piece.text, piece.offset,
                                            piece.warning, piece.last)
            else:
                future = _Ready(piece.text)
            yield future, nbytes

    def accept(self, result: ChunkResult | str) -> int:
        if isinstance(result, str):  # a verbatim gap between chunks
            data = result.encode("utf-8")
            self.text_out.write(data)
            self.out_hash.update(data)
            self.chars_in += len(result)
            self.chars_out += len(result)
            self.stats.append({"chars_in": len(result), "chars_out": len(result)})
            return len(result)
        self.chunks += 1
        data = result.text.encode("utf-8")
        self.text_out.write(data)
        self.out_hash.update(data)
        self.chars_in += int(result.stats["chars_in"])
        self.chars_out += len(result.text)
        for item in result.edits:
            self.edit_count += 1
            self.edits_out.write(((",\n" if self.edit_count > 1 else "") + render_edit(self.edit_count, item)).encode())
        for item in result.suspects:
            self.suspect_count += 1
            self.suspects_out.write(((",\n" if self.suspect_count > 1 else "") + item).encode())
        self.stats.append(result.stats)
        self.errors.extend(e for e in result.errors if e not in self.errors)
        return int(result.stats["chars_in"])

    def finish(self) -> dict[str, Any]:
        from cleaner import __version__

        assert self.stream is not None
        cleaner = get_cleaner(self.options.config)
        self.sha256 = self.stream.sha256
        stats = merge_stats(self.stats)
        marks = {"edits": "\x00edits\x00", "suspects": "\x00suspects\x00"}
        skeleton = {  # the same fields, in the same order, as build_report
            "report_version": REPORT_VERSION,
            "cleaner": __version__,
            "profile": cleaner.profile,
            "rules_hash": cleaner.rules_hash,
            "source": {"path": self.unit.rel, "encoding": self.stream.encoding, "sha256": self.stream.sha256,
                       "bytes": self.stream.size, "chars": self.chars_in},
            "output": {"sha256": self.out_hash.hexdigest(), "chars": self.chars_out},
            "edits": marks["edits"],
            "suspects": marks["suspects"],
            "stats": stats,
            "errors": self.errors,
        }
        head, rest = (json.dumps(skeleton, ensure_ascii=False, indent=1) + "\n").split(json.dumps(marks["edits"]))
        middle, tail = rest.split(json.dumps(marks["suspects"]))
        text_path, report_path = self.outputs
        for handle in (self.text_out, self.edits_out, self.suspects_out):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        _, edits_tmp, suspects_tmp = self.temps
        with atomic_open(report_path) as report:
            report.write(head.encode())
            for count, tmp, close in ((self.edit_count, edits_tmp, "\n ]"), (self.suspect_count, suspects_tmp, "\n ]")):
                if count:
                    report.write(b"[\n")
                    with open(tmp, "rb") as part:
                        shutil.copyfileobj(part, report, 1 << 20)
                    report.write(close.encode())
                else:
                    report.write(b"[]")
                if tmp == edits_tmp:
                    report.write(middle.encode())
            report.write(tail.encode())
        os.replace(self.temps[0], text_path)
        for tmp in self.temps[1:]:
            Path(tmp).unlink(missing_ok=True)
        self.temps = []
        return self.entry(encoding=self.stream.encoding, bytes=self.stream.size, documents=1, chunks=self.chunks,
                          **_counts(stats), errors=self.errors)

    def abandon(self) -> None:
        _close_quietly(*(getattr(self, name, None) for name in ("text_out", "edits_out", "suspects_out")))
        for tmp in self.temps:
            Path(tmp).unlink(missing_ok=True)


class ShardJob(StreamJob):
    """A JSONL shard (plain or gzipped), streamed in batches of records."""

    def tasks(self) -> Iterator[tuple[Any, int]]:
        text_path, report_path = self.outputs
        self.text_out = self._open_temp(text_path)
        self.edits_out = self._open_temp(report_path)  # the per-record reports
        # Deterministic gzip: no file name, no time stamp, so reruns give the same bytes.
        self.text_gz = gzip.GzipFile(filename="", mode="wb", fileobj=self.text_out, mtime=0) if self.unit.gz else None
        self.report_gz = gzip.GzipFile(filename="", mode="wb", fileobj=self.edits_out, mtime=0) if self.unit.gz else None
        self.records = 0
        self.record_failures: list[dict[str, str]] = []
        self.encoding = "utf-8"
        digest = hashlib.sha256()
        batch: list[tuple[int, bytes]] = []
        size = 0
        try:
            raw = open(self.unit.path, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"{self.unit.path}: cannot read: {exc.strerror}") from None
        with raw:
            digesting = _HashingReader(raw, digest)
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
                        yield self.engine.submit(clean_records_task, self.options.config, self.unit.rel, batch,
                                                 self.options.text_field), digesting.size - read
                        read, batch, size = digesting.size, [], 0
            except (OSError, EOFError) as exc:
                raise InputError(f"{self.unit.path}: cannot read: {exc}") from None
            if batch or read == 0:
                yield self.engine.submit(clean_records_task, self.options.config, self.unit.rel, batch,
                                         self.options.text_field), digesting.size - read
        self.sha256 = digest.hexdigest()

    def accept(self, result: list[RecordOutcome]) -> int:  # type: ignore[override]  # a clean_records_task's records
        text_sink = self.text_gz or self.text_out
        report_sink = self.report_gz or self.edits_out
        chars = 0
        for item in result:
            text_sink.write(item.output)  # a bad record passes through unchanged
            if item.failure:
                self.record_failures.append({"path": f"{self.unit.path}:{item.line}", "reason": item.failure})
                continue
            self.records += 1
            report_sink.write(item.report)
            self.stats.append(item.stats)
            self.errors.extend(item.errors)
            chars += int(item.stats["chars_in"])
        return chars

    def finish(self) -> dict[str, Any]:
        for gz in (self.text_gz, self.report_gz):
            if gz is not None:
                gz.close()
        for handle in (self.text_out, self.edits_out):
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        text_path, report_path = self.outputs
        os.replace(self.temps[0], text_path)
        os.replace(self.temps[1], report_path)
        self.temps = []
        stats = merge_stats(self.stats) or {}
        return self.entry(encoding=self.encoding, bytes=self.unit.size, documents=self.records,
                          chunks=0, **_counts(stats), errors=self.errors,
                          records_failed=self.record_failures)

    def abandon(self) -> None:
        _close_quietly(*(getattr(self, name, None) for name in ("text_gz", "report_gz", "text_out", "edits_out")))
        for tmp in self.temps:
            Path(tmp).unlink(missing_ok=True)


def _close_quietly(*handles: Any) -> None:
    """Close what a failed unit had open. Closing flushes, which fails again on a full disk: the
    temporary files are deleted next, so that second error means nothing."""
    for handle in handles:
        if handle is None:
            continue
        try:
            handle.close()
        except (OSError, ValueError):
            try:  # the buffered data could not go out; drop it so the descriptor closes
                os.close(handle.fileno())
            except (OSError, ValueError, AttributeError):
                pass


class _HashingReader:
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


def make_job(unit: Unit, options: BatchOptions, engine: Engine) -> Job:
    if unit.kind == "jsonl":
        return ShardJob(unit, options, engine)
    if unit.size > options.stream_above and unit.path.suffix.lower() not in OCR_SUFFIXES:
        return StreamJob(unit, options, engine)  # (a structured OCR file is never cut into chunks)
    return DocumentJob(unit, options, engine)


# -- The manifest: what is done, for --resume ----------------------------------------------------


def settings_hash(options: BatchOptions) -> str:
    """Everything besides the source that decides a unit's outputs."""
    cleaner = get_cleaner(options.config)
    config = options.config
    key = f"{cleaner.rules_hash}|unsafe={config.unsafe}|passes={config.max_passes}|chunk={options.chunk_chars}"
    if options.text_field != "text":
        key += f"|text_field={options.text_field}"
    if options.encoding:
        key += f"|encoding={options.encoding}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """An append-only log of finished units; a torn last line (a kill mid-write) is ignored."""

    def __init__(self, outdir: Path, resume: bool) -> None:
        self.path = outdir / STATE_DIR / MANIFEST_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, dict[str, Any]] = {}
        if resume and self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.done[record["path"]] = record
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue
            # Rewrite it whole: drops a torn line so that later appends stay readable.
            atomic_write(self.path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.done.values()))
        elif not resume:
            atomic_write(self.path, "")
        self.handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed by close()

    def lookup(self, unit: Unit, settings: str, outdir: Path) -> dict[str, Any] | None:
        record = self.done.get(unit.rel)
        if not record or record.get("settings") != settings:
            return None
        for rel, size in record.get("outputs", {}).items():
            target = outdir / rel
            if not target.is_file() or target.stat().st_size != size:
                return None
        if record.get("sha256") != file_sha256(unit.path):
            return None
        return dict(record["entry"])

    def add(self, unit: Unit, sha256: str, settings: str, outdir: Path, entry: dict[str, Any]) -> None:
        outputs = {rel: (outdir / rel).stat().st_size for rel in (unit.rel, unit.report_rel)}
        record = {"path": unit.rel, "sha256": sha256, "settings": settings, "outputs": outputs, "entry": entry}
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()


def remove_stale_temps(outdir: Path) -> int:
    """Delete temporary files a killed run left behind (only ours: hidden, with our suffix)."""
    removed = 0
    for root, _, files in os.walk(outdir):
        for name in files:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                Path(root, name).unlink(missing_ok=True)
                removed += 1
    return removed


# -- The batch -----------------------------------------------------------------------------------


def run_batch(inputs: list[str], options: BatchOptions, progress: Progress | None = None,
              engine: Engine | None = None) -> dict[str, Any]:
    """Clean every unit under ``inputs`` into ``options.outdir``; write and return the batch summary."""
    started = time.perf_counter()
    outdir = options.outdir
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: the output directory is a file")
    outdir.mkdir(parents=True, exist_ok=True)
    if (outdir / STATE_DIR).is_symlink():
        raise InputError(f"{outdir / STATE_DIR}: a symbolic link; the batch state must be inside the output directory")
    cleaner = get_cleaner(options.config)  # rule errors surface here, before any work
    settings = settings_hash(options)
    with lock_outdir(outdir / STATE_DIR, options.wait):
        return _run_locked(inputs, options, cleaner, settings, started, progress, engine)


def _run_locked(inputs: list[str], options: BatchOptions, cleaner: Any, settings: str, started: float,
                progress: Progress | None, engine: Engine | None) -> dict[str, Any]:
    outdir = options.outdir
    units, found = discover(inputs, outdir, options.glob, options.follow_links)
    failures = [f for f in found if not f.get("skipped")]
    skipped = [{"path": f["path"], "reason": f["reason"]} for f in found if f.get("skipped")]
    units, collisions = plan_outputs(units, outdir)
    failures.extend(collisions)
    remove_stale_temps(outdir)
    manifest = Manifest(outdir, options.resume)
    own_engine = engine is None
    engine = engine or make_engine(options)
    entries: dict[str, dict[str, Any]] = {}
    resumed = 0
    chars_cleaned = 0
    if progress:
        progress.start(len(units), sum(u.size for u in units))
    window = 2 * max(1, engine.workers)
    pending: deque[tuple[Job, Any, int]] = deque()

    def drain() -> None:
        nonlocal chars_cleaned
        job, future, nbytes = pending.popleft()
        if future is not None:
            try:
                result = future.result()
            except Exception as exc:
                job.fail(f"{job.unit.path}: {short_reason(exc)}")
            else:
                if not job.failure:
                    try:
                        chars = job.accept(result)
                    except OSError as exc:  # a full disk while writing this unit: the unit fails, not the batch
                        job.fail(f"{job.unit.path}: cannot write output: {exc.strerror or exc}")
                        return
                    chars_cleaned += chars
                    if progress:
                        progress.advance(nbytes, chars, 0)
            return
        entry = None
        if not job.failure:
            try:
                entry = job.finish()
            except InputError as exc:
                job.fail(str(exc))
            except OSError as exc:  # a full disk: this unit fails, the batch goes on
                job.fail(f"{job.unit.path}: cannot write output: {exc.strerror or exc}")
        if entry is None:
            job.abandon()
            failures.append({"path": str(job.unit.path), "reason": job.failure})
        else:
            for failed in entry.get("records_failed", []):
                failures.append(failed)
            entries[job.unit.rel] = entry
            try:
                manifest.add(job.unit, job.sha256, settings, outdir, entry)
            except OSError as exc:  # the unit is done; only --resume will not know it
                entry.setdefault("errors", []).append(f"not recorded for --resume: {exc.strerror or exc}")
        if progress:
            progress.advance(0, 0, 1)

    completed = False
    current: Job | None = None
    try:
        for unit in units:
            cached = manifest.lookup(unit, settings, outdir) if options.resume else None
            if cached is not None:
                entries[unit.rel] = cached
                failures.extend(cached.get("records_failed", []))
                resumed += 1
                if progress:
                    progress.advance(unit.size, 0, 1)
                continue
            job = current = make_job(unit, options, engine)
            try:
                for future, nbytes in job.tasks():
                    pending.append((job, future, nbytes))
                    while len(pending) > window:
                        drain()
            except InputError as exc:
                job.fail(str(exc))
            except OSError as exc:
                job.fail(f"{unit.path}: {exc.strerror or exc}")
            pending.append((job, None, 0))
            while len(pending) > window:
                drain()
        while pending:
            drain()
        completed = True
    finally:
        if not completed:  # interrupted (a signal, an error): abandon what is half done
            half_done = {id(job): job for job, _, _ in pending}
            if current is not None:
                half_done.setdefault(id(current), current)
            for job in half_done.values():
                job.abandon()
            pending.clear()
            # A signal can land between creating a temporary file and recording it; this run holds
            # the lock on OUTDIR, so every temporary file there is its own.
            remove_stale_temps(outdir)
        manifest.close()
        if own_engine:
            engine.close(interrupted=not completed)
    seconds = time.perf_counter() - started
    summary = build_summary(entries, failures, cleaner.profile, cleaner.rules_hash, seconds, chars_cleaned, resumed,
                            options, engine.workers)
    summary["skipped"] = skipped
    try:
        atomic_write(outdir / SUMMARY_NAME, json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    except (InputError, OSError) as exc:  # the failures are still printed from the returned summary
        summary["summary_error"] = f"{outdir / SUMMARY_NAME}: cannot write: {getattr(exc, 'strerror', None) or exc}"
    return summary


# Fields of the summary that describe the run rather than its results (they differ between runs).
RUN_FIELDS = ("seconds", "chars_per_second", "resumed", "engine", "workers")


def build_summary(entries: dict[str, dict[str, Any]], failures: list[dict[str, str]], profile: str,
                  rules_hash: str, seconds: float, chars_cleaned: int, resumed: int, options: BatchOptions,
                  workers: int) -> dict[str, Any]:
    from cleaner import __version__

    units = [entries[rel] for rel in sorted(entries)]
    totals = {key: sum(int(u.get(key, 0)) for u in units) for key in TOTALS}
    per_rule: Counter[str] = Counter()
    suspects_per_rule: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    for unit in units:
        per_rule.update(unit.get("per_rule", {}))
        suspects_per_rule.update(unit.get("suspects_per_rule", {}))
        encodings[unit.get("encoding", "")] += 1
    return {
        "summary_version": SUMMARY_VERSION,
        "cleaner": __version__,
        "profile": profile,
        "rules_hash": rules_hash,
        "units": len(units),
        **totals,
        "failed": len(failures),
        "per_rule": dict(sorted(per_rule.items())),
        "suspects_per_rule": dict(sorted(suspects_per_rule.items())),
        "encodings": dict(sorted(encodings.items())),
        "failures": sorted(failures, key=lambda f: (f["path"], f["reason"])),
        "files": units,
        "seconds": round(seconds, 3),
        "chars_per_second": round(chars_cleaned / seconds) if seconds > 0 else 0,
        "resumed": resumed,
        "engine": options.engine,
        "workers": workers,
    }


def without_run_fields(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary minus what describes the run (time, engine): equal for equal results."""
    return {k: v for k, v in summary.items() if k not in RUN_FIELDS}

