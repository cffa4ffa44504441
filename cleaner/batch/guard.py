"""What keeps a batch safe around the cleaning: one run per output directory, outputs that
stay inside it, symbolic links, and ending cleanly on a signal.

- :func:`lock_outdir`: a second batch into the same directory would delete the first's live
  temporary files and reset its manifest; an exclusive ``flock`` on
  ``OUTDIR/.cleaner-batch/lock`` makes it refuse (or wait, ``--wait``).
- :func:`outside_outdir`: an output path that resolves outside OUTDIR (a symlinked directory
  inside it) is refused, so nothing is written through a link.
- :func:`terminate_on_signals`: SIGTERM becomes :class:`Terminated`, so the batch's clean-up
  (removing temporary files) runs as it does for Ctrl-C.
"""

from __future__ import annotations

import fcntl
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

LOCK_NAME = "lock"


class Terminated(BaseException):
    """SIGTERM, raised where the batch is, so that its ``finally`` clean-up runs."""


class BatchLocked(Exception):
    """Another batch holds the output directory."""


@contextmanager
def lock_outdir(state_dir: Path, wait: bool) -> Iterator[None]:
    """Hold an exclusive lock on a batch's output directory for the ``with`` block."""
    state_dir.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = open(state_dir / LOCK_NAME, "a+", encoding="utf-8")  # noqa: SIM115 - closed below
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BatchLocked(f"{state_dir.parent}: another cleaner batch ({holder}) is writing here; "
                              "let it finish, or pass --wait to wait for it") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


def outside_outdir(target: Path, out_real: Path) -> bool:
    """Would writing ``target`` land outside the output directory (through a symbolic link)?"""
    real = target.parent.resolve() / target.name
    return out_real != real.parent and out_real not in real.parents


def is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


@contextmanager
def terminate_on_signals() -> Iterator[None]:
    """Within the block, SIGTERM raises :class:`Terminated` (SIGINT raises KeyboardInterrupt anyway)."""
    def raise_terminated(signum: int, frame: Any) -> None:
        raise Terminated()

    try:
        previous = signal.signal(signal.SIGTERM, raise_terminated)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
