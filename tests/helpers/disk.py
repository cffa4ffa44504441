"""A small, full-able disk for the disk-full tests: a real tmpfs where the test may mount one.

Mounting needs root (CI and this machine run as root). Where it cannot mount, a test
falls back to a fault-injecting writer and says so in its skip or its assertion message.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def small_tmpfs(where: Path, size: str = "64k") -> Iterator[Path | None]:
    """A tmpfs of ``size`` mounted at ``where``; None when this machine will not mount one."""
    where.mkdir(parents=True, exist_ok=True)
    mount = shutil.which("mount")
    if mount is None:
        yield None
        return
    done = subprocess.run([mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
