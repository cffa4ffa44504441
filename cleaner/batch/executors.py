"""Where tasks run: :class:`concurrent.futures.Executor` s, chosen by ``--engine`` and ``--jobs``.

- one job: :class:`InlineExecutor`, each task at once in this process (nothing pickled);
- ``--jobs N``: a :class:`~concurrent.futures.ProcessPoolExecutor` of warmed-up workers;
- ``--engine dask``: Dask's own executor (``Client.get_executor``) on a cluster
  (:mod:`cleaner.batch.dask_cluster`).

Tasks come back through standard futures, so the run does not care which one it has.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from cleaner.batch.options import BatchOptions
from cleaner.batch.tasks import warm_up
from cleaner.io import InputError
from cleaner.pipeline import Config

P = ParamSpec("P")
T = TypeVar("T")


def completed(value: T) -> Future[T]:
    """A future that already holds ``value`` (for what needs no executor)."""
    future: Future[T] = Future()
    future.set_result(value)
    return future


class InlineExecutor(Executor):
    """Runs each task at once, in this process, when it is submitted (``--jobs 1``)."""

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # a task's failure belongs to its unit, as in a pool
            future.set_exception(exc)
        return future


def short_reason(exc: BaseException) -> str:
    """One short line for a task's failure; a dead Dask worker is named as such.

    >>> short_reason(ValueError("bad thing\\nmore detail"))
    'ValueError: bad thing'
    """
    if type(exc).__name__ == "KilledWorker":
        return "a Dask worker died while cleaning it (KilledWorker); rerun with --resume"
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


PR_SET_PDEATHSIG = 1


def worker_init() -> None:
    """In a pool worker: end with the parent, and let the parent handle Ctrl-C and SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass


@contextmanager
def process_pool(jobs: int, config: Config) -> Iterator[ProcessPoolExecutor]:
    """A local pool of ``jobs`` worker processes with the rules compiled, for the ``with`` block.

    Where the platform can fork, the workers are forked from this process after it compiled
    the rules and loaded the lexicon, and before any other thread (the progress bar) starts:
    they start in milliseconds, sharing that memory. If the block ends in an exception (a
    signal), the workers are ended at once: the results of their tasks would be thrown away.
    """
    methods = multiprocessing.get_all_start_methods()
    # Forking is only safe while this process has no other thread (one could hold a lock).
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    if method == "fork":
        warm_up(config)
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method),
                               initializer=worker_init)
    try:
        for future in [pool.submit(warm_up, config) for _ in range(jobs)]:
            future.result()  # all workers exist now
        yield pool
    except BaseException:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def open_executor(options: BatchOptions) -> Iterator[tuple[Executor, int]]:
    """The executor ``options`` ask for and how many tasks it runs at once, for the ``with`` block."""
    if options.engine == "dask":
        from cleaner.batch.dask_cluster import dask_executor

        with dask_executor(options.jobs, options.scheduler) as (executor, workers):
            yield executor, workers
    elif options.engine != "local":
        raise InputError(f"unknown engine '{options.engine}' (local, dask)")
    elif options.jobs > 1:
        with process_pool(options.jobs, options.config) as pool:
            yield pool, options.jobs
    else:
        with InlineExecutor() as executor:
            yield executor, 1
