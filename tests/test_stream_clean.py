"""`cleaner clean` streams a large file as `cleaner batch` does: the same bytes, in bounded memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.paths import GOLDEN

from cleaner.cli import main


@pytest.fixture
def big(tmp_path: Path, sample_text: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "big.txt"
    path.write_text((sample_text.rstrip("\n") + "\n\n") * 8, encoding="utf-8")
    return path


def test_streamed_clean_is_batch_and_whole_document_cleaning(runner: CliRunner, big: Path, tmp_path: Path) -> None:
    budget = ["--memory-budget", "100KB"]
    streamed = runner.invoke(main, ["clean", "in/big.txt", "-o", "streamed.txt", "--report", "streamed.json", *budget])
    assert streamed.exit_code == 0, streamed.output
    whole = runner.invoke(main, ["clean", "in/big.txt", "-o", "whole.txt", "--report", "whole.json"])
    assert whole.exit_code == 0, whole.output
    batch = runner.invoke(main, ["batch", "in", "-o", "out", "-q", *budget])
    assert batch.exit_code == 0, batch.output
    summary = json.loads((tmp_path / "out" / "batch-summary.json").read_text(encoding="utf-8"))
    assert summary["files"][0]["chunks"] > 5  # batch streamed it too
    text = (tmp_path / "streamed.txt").read_bytes()
    assert text == (tmp_path / "whole.txt").read_bytes() == (tmp_path / "out" / "big.txt").read_bytes()
    report = json.loads((tmp_path / "streamed.json").read_text(encoding="utf-8"))
    from_batch = json.loads((tmp_path / "out" / "big.txt.report.json").read_text(encoding="utf-8"))
    assert (report["source"].pop("path"), from_batch["source"].pop("path")) == ("in/big.txt", "big.txt")
    assert report == from_batch  # the same report but for the path, as given to each command
    assert report["edits"] == json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))["edits"]


def test_streamed_clean_to_stdout(runner: CliRunner, big: Path, tmp_path: Path) -> None:
    streamed = runner.invoke(main, ["clean", "in/big.txt", "--memory-budget", "100KB"])
    whole = runner.invoke(main, ["clean", "in/big.txt"])
    assert streamed.exit_code == whole.exit_code == 0
    assert streamed.stdout_bytes == whole.stdout_bytes
    assert list(tmp_path.iterdir()) == [tmp_path / "in"]  # no temporary file left behind


def test_streamed_in_place(runner: CliRunner, big: Path) -> None:
    expected = runner.invoke(main, ["clean", "in/big.txt"]).stdout_bytes
    original = big.read_bytes()
    result = runner.invoke(main, ["clean", "in/big.txt", "--in-place", "--memory-budget", "100KB"])
    assert result.exit_code == 0, result.output
    assert big.read_bytes() == expected and Path("in/big.txt.bak").read_bytes() == original


@pytest.mark.slow
def test_clean_of_an_11mb_file_stays_in_bounded_memory(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "big.txt"
    copy = sample_text.rstrip("\n") + "\n\n"
    path.write_text(copy * (11 * 2**20 // len(copy.encode()) + 1), encoding="utf-8")
    # Peak memory of the cleaning process alone, measured by a fresh parent (RUSAGE_CHILDREN).
    probe = ("import resource, subprocess, sys;"
             "subprocess.run([sys.executable, '-m', 'cleaner', 'clean', sys.argv[1], '-o', sys.argv[2]], check=True);"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    peak_kb = int(subprocess.run([sys.executable, "-c", probe, str(path), str(tmp_path / "out.txt")],
                                 capture_output=True, text=True, check=True).stdout)
    assert peak_kb < 350 * 1024, f"peak {peak_kb // 1024} MB"  # whole-document cleaning took 577 MB
    assert (tmp_path / "out.txt").read_bytes().startswith((GOLDEN / "taiyuan.clean.txt").read_bytes()[:300])


@pytest.mark.parametrize("text", [
    "发展韧性明显增强，" * 2000,  # one line, no sentence end, no line break: cut where it must be
    "\n\n" + "发展韧性明显增强，" * 2000 + "\n\n\n",  # and blank lines at both edges
])
def test_a_forced_cut_leaves_no_trace(runner: CliRunner, tmp_path: Path, text: str) -> None:
    path = tmp_path / "line.txt"
    path.write_text(text, encoding="utf-8")
    streamed = runner.invoke(main, ["clean", str(path), "--memory-budget", "100KB"])
    whole = runner.invoke(main, ["clean", str(path)])
    assert streamed.exit_code == whole.exit_code == 0
    assert streamed.stdout == whole.stdout
