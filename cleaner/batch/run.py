"""The run: every unit's tasks go to the executor, and their results come back in order.

Tasks are submitted as the inputs are read, at most a window of them ahead (twice the
workers), so memory stays bounded; results are taken in submission order, so every
executor writes the same bytes. A unit that fails is listed with its reason and the batch
goes on; an interruption (Ctrl-C, SIGTERM, an error) abandons what is half done and
removes every temporary file, so that ``--resume`` finishes the batch.
"""

from __future__ import annotations

import json
import time
from collections import deque
from concurrent.futures import Executor, Future
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from cleaner.api import get_cleaner
from cleaner.batch.document_job import DocumentJob
from cleaner.batch.executors import open_executor, short_reason
from cleaner.batch.files import Unit, discover
from cleaner.batch.guard import lock_outdir
from cleaner.batch.job import Job
from cleaner.batch.manifest import Manifest, remove_stale_temps, settings_hash
from cleaner.batch.options import STATE_DIR, SUMMARY_NAME, BatchOptions, Progress
from cleaner.batch.plan import plan_outputs
from cleaner.batch.shard_job import ShardJob
from cleaner.batch.stream_job import StreamJob
from cleaner.batch.summary import build_summary
from cleaner.formats import SUFFIXES as OCR_SUFFIXES
from cleaner.io import InputError, atomic_write, json_bytes


def make_job(unit: Unit, options: BatchOptions, executor: Executor) -> Job:
    if unit.kind == "jsonl":
        return ShardJob(unit, options, executor)
    if unit.size > options.stream_above and unit.path.suffix.lower() not in OCR_SUFFIXES:
        return StreamJob(unit, options, executor)  # (a structured OCR file is never cut into chunks)
    return DocumentJob(unit, options, executor)


def run_batch(inputs: list[str], options: BatchOptions, progress: Progress | None = None,
              executor: Executor | None = None) -> dict[str, Any]:
    """Clean every unit under ``inputs`` into ``options.outdir``; write and return the batch summary.

    ``executor`` runs the tasks instead of the one ``options`` ask for (and is left open)."""
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
        units, found = discover(inputs, outdir, options.glob, options.follow_links)
        failures = [f for f in found if not f.get("skipped")]
        skipped = [{"path": f["path"], "reason": f["reason"]} for f in found if f.get("skipped")]
        units, collisions = plan_outputs(units, outdir)
        failures.extend(collisions)
        remove_stale_temps(outdir)
        manifest = Manifest(outdir, options.resume)
        run = Run(options, settings, manifest, failures, progress)
        # The pool starts before the progress bar starts a thread: it forks only a single thread.
        executing: AbstractContextManager[tuple[Executor, int]] = (
            nullcontext((executor, 1)) if executor else open_executor(options))
        try:
            with executing as (chosen, workers):
                run.clean(units, chosen, workers)
        finally:
            manifest.close()
    seconds = time.perf_counter() - started
    summary = build_summary(run.entries, run.failures, cleaner.profile, cleaner.rules_hash, seconds,
                            run.chars_cleaned, run.resumed, options.engine, workers)
    summary["skipped"] = skipped
    try:
        atomic_write(outdir / SUMMARY_NAME, json_bytes(json.dumps(summary, ensure_ascii=False, indent=1) + "\n"))
    except (InputError, OSError) as exc:  # the failures are still printed from the returned summary
        summary["summary_error"] = f"{outdir / SUMMARY_NAME}: cannot write: {getattr(exc, 'strerror', None) or exc}"
    return summary


class Run:
    """One run over the units: their jobs, the results taken in order, the manifest kept."""

    def __init__(self, options: BatchOptions, settings: str, manifest: Manifest, failures: list[dict[str, str]],
                 progress: Progress | None) -> None:
        self.options = options
        self.outdir = options.outdir
        self.settings = settings
        self.manifest = manifest
        self.failures = failures
        self.progress = progress
        self.entries: dict[str, dict[str, Any]] = {}
        self.resumed = 0
        self.chars_cleaned = 0
        # (job, a task's future and the input bytes it covers) or (job, None, 0): the job's last task is in.
        self.pending: deque[tuple[Job, Future[Any] | None, int]] = deque()

    def clean(self, units: list[Unit], executor: Executor, workers: int) -> None:
        """Clean ``units`` on ``executor``; on an interruption, remove what is half done and re-raise."""
        if self.progress:
            self.progress.start(len(units), sum(u.size for u in units))
        window = 2 * max(1, workers)
        completed = False
        current: Job | None = None
        try:
            for unit in units:
                cached = self.manifest.lookup(unit, self.settings, self.outdir) if self.options.resume else None
                if cached is not None:
                    self.entries[unit.rel] = cached
                    self.failures.extend(cached.get("records_failed", []))
                    self.resumed += 1
                    if self.progress:
                        self.progress.advance(unit.size, 0, 1)
                    continue
                job = current = make_job(unit, self.options, executor)
                try:
                    for future, nbytes in job.tasks():
                        self.pending.append((job, future, nbytes))
                        while len(self.pending) > window:
                            self.take()
                except InputError as exc:
                    job.fail(str(exc))
                except OSError as exc:
                    job.fail(f"{unit.path}: {exc.strerror or exc}")
                self.pending.append((job, None, 0))
                while len(self.pending) > window:
                    self.take()
            while self.pending:
                self.take()
            completed = True
        finally:
            if not completed:  # interrupted (a signal, an error): abandon what is half done
                half_done = {id(job): job for job, _, _ in self.pending}
                if current is not None:
                    half_done.setdefault(id(current), current)
                for job in half_done.values():
                    job.abandon()
                self.pending.clear()
                # A signal can land between creating a temporary file and recording it; this run holds
                # the lock on OUTDIR, so every temporary file there is its own.
                remove_stale_temps(self.outdir)

    def take(self) -> None:
        """Take the oldest pending result: write it into its job's outputs, or finish the job."""
        job, future, nbytes = self.pending.popleft()
        if future is None:
            self.finish(job)
            return
        try:
            result = future.result()
        except Exception as exc:  # a failed task fails its unit, not the batch
            job.fail(f"{job.unit.path}: {short_reason(exc)}")
            return
        if job.failure:
            return
        try:
            chars = job.accept(result)
        except OSError as exc:  # a full disk while writing this unit: the unit fails, not the batch
            job.fail(f"{job.unit.path}: cannot write output: {exc.strerror or exc}")
            return
        self.chars_cleaned += chars
        if self.progress:
            self.progress.advance(nbytes, chars, 0)

    def finish(self, job: Job) -> None:
        """Put a job's outputs in place and record it, or list it as failed and remove what it wrote."""
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
            self.failures.append({"path": str(job.unit.path), "reason": job.failure})
        else:
            self.failures.extend(entry.get("records_failed", []))
            self.entries[job.unit.rel] = entry
            try:
                self.manifest.add(job.unit, job.sha256, self.settings, self.outdir, entry)
            except OSError as exc:  # the unit is done; only --resume will not know it
                entry.setdefault("errors", []).append(f"not recorded for --resume: {exc.strerror or exc}")
        if self.progress:
            self.progress.advance(0, 0, 1)
