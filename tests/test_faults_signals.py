"""A `--jobs N` batch that is signalled: workers end with it, temporary files go, one line says how to resume."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil  # type: ignore[import-untyped]
import pytest
from helpers.paths import SAMPLE

from cleaner.io import TEMP_SUFFIX

CLEANER = [sys.executable, "-m", "cleaner"]


def start_batch(tmp_path: Path) -> tuple[subprocess.Popen[str], Path, list[psutil.Process]]:
    """A two-worker batch over 60 documents, once its workers are busy."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    text = SAMPLE.read_text(encoding="utf-8")
    for n in range(60):
        (src / f"doc{n:02}.txt").write_text(text, encoding="utf-8")
    batch = subprocess.Popen([*CLEANER, "batch", str(src), "-o", str(out), "--jobs", "2", "--quiet",
                              "--memory-budget", "16KB"], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(out.glob("doc*.txt")):  # started: a first document is done
        assert batch.poll() is None and time.monotonic() < deadline, "the batch ended before it could be signalled"
        time.sleep(0.05)
    workers = psutil.Process(batch.pid).children(recursive=True)
    assert len(workers) >= 2
    return batch, out, workers


def gone(processes: list[psutil.Process], within: float = 30) -> bool:
    _, alive = psutil.wait_procs(processes, timeout=within)
    return not alive


@pytest.mark.parametrize(("signum", "code", "word"), [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")])
def test_a_signal_removes_temporary_files_and_says_how_to_resume(tmp_path: Path, signum: int, code: int, word: str) -> None:
    batch, out, workers = start_batch(tmp_path)
    batch.send_signal(signum)
    assert batch.wait(timeout=120) == code
    stderr = batch.stderr.read() if batch.stderr else ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"cleaner: {word}; temporary files removed; resume with: cleaner batch ")
    assert lines[0].endswith("--resume") and "Traceback" not in stderr
    assert list(out.rglob(f"*{TEMP_SUFFIX}")) == []
    assert gone(workers)
    resumed = subprocess.run(lines[0].split("resume with: ", 1)[1].replace("cleaner", f"{sys.executable} -m cleaner", 1),
                             shell=True, capture_output=True, text=True, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert len(list(out.glob("doc*.txt"))) == 60


def test_workers_end_with_a_killed_parent(tmp_path: Path) -> None:
    batch, _, workers = start_batch(tmp_path)
    batch.kill()
    batch.wait(timeout=60)
    assert gone(workers), [w.pid for w in workers if w.is_running()]
