"""`cleaner batch` under faults: unreadable trees, full disks, a summary that cannot be written,
two runs into one directory, and symbolic links in and out of the tree."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers.disk import small_tmpfs
from helpers.paths import SAMPLE

from cleaner.batch import STATE_DIR, SUMMARY_NAME
from cleaner.batch.guard import lock_outdir
from cleaner.cli import main
from cleaner.io import TEMP_SUFFIX

CLEANER = [sys.executable, "-m", "cleaner"]
SHORT = "现在，我代表中共太原市第十一届委员会向大会作报告，请予审议。\n"


def failed_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("cleaner: failed: ")]


def temps(root: Path) -> list[Path]:
    return list(root.rglob(f"*{TEMP_SUFFIX}"))


def test_an_unreadable_directory_is_a_listed_failure(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    (src / "locked" / "b.txt").write_text(SHORT, encoding="utf-8")
    if os.geteuid() == 0:  # root reads every directory: inject the error a user would get
        real_scandir = os.scandir

        def scandir(path: Any = ".") -> Any:
            if Path(str(path)) == src / "locked":
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (src / "locked").chmod(0)
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    assert failed_lines(result.stderr) == [f"cleaner: failed: {src / 'locked'}: cannot read directory: Permission denied"]
    summary = json.loads((tmp_path / "out" / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert summary["failed"] == 1 and summary["units"] == 1


def test_a_path_too_long_is_a_listed_failure(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    fd = os.open(src, os.O_RDONLY)
    for _ in range(24):  # 24 x 200 characters: past PATH_MAX (4096), built one directory at a time
        os.mkdir("d" * 200, dir_fd=fd)
        fd, old = os.open("d" * 200, os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
    deep = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(deep, SHORT.encode())
    os.close(deep)
    os.close(fd)
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    lines = failed_lines(result.stderr)
    assert len(lines) == 1 and "File name too long" in lines[0], result.stderr
    assert (tmp_path / "out" / "a.txt").exists()


def _inputs(src: Path, big: int) -> None:
    src.mkdir()
    for name in ("a.txt", "c.txt", "e.txt"):
        (src / name).write_text(SHORT, encoding="utf-8")
    sample = SAMPLE.read_text(encoding="utf-8")
    (src / "b-big.txt").write_text(sample * big, encoding="utf-8")
    record = json.dumps({"text": sample}, ensure_ascii=False) + "\n"
    (src / "d-big.jsonl").write_text(record * big, encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_fails_one_unit_and_the_batch_goes_on(tmp_path: Path, jobs: str) -> None:
    """A 256 KB tmpfs as OUTDIR: the two big units (~600 KB each, streamed) cannot fit, the small ones do."""
    src = tmp_path / "in"
    _inputs(src, big=20)
    with small_tmpfs(tmp_path / "disk", "256k") as disk:
        if disk is None:
            pytest.skip("cannot mount a tmpfs here (needs root); the fault-injecting variant below runs instead")
        done = subprocess.run([*CLEANER, "batch", str(src), "-o", str(disk), "--quiet", "--jobs", jobs,
                               "--memory-budget", "64KB"], capture_output=True, text=True, check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        failed = failed_lines(done.stderr)
        assert len(failed) == 2 and all("No space left on device" in line for line in failed), done.stderr
        assert {"b-big.txt", "d-big.jsonl"} == {line.split(": ")[2].split("/")[-1] for line in failed}, failed
        for name in ("a.txt", "c.txt", "e.txt"):
            assert (disk / name).read_text(encoding="utf-8") == SHORT
        assert temps(disk) == []
        summary = json.loads((disk / SUMMARY_NAME).read_text(encoding="utf-8"))
        assert summary["units"] == 3 and summary["failed"] == 2


def test_a_failed_write_fails_one_unit_fault_injected(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same without a tmpfs: a writer that fails with ENOSPC for one document's output."""
    import cleaner.batch.document_job as batch

    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (src / name).write_text(SHORT, encoding="utf-8")
    real_write = batch.atomic_write  # type: ignore[attr-defined]

    def atomic_write(path: object, data: object) -> None:
        if Path(str(path)).name == "b.txt":
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(path, data)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "atomic_write", atomic_write)
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    assert failed_lines(result.stderr) == [f"cleaner: failed: {src / 'b.txt'}: cannot write output: No space left on device"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.txt")) == ["a.txt", "c.txt"]


def test_failures_are_printed_when_the_summary_cannot_be_written(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\x00\x01" * 100)
    out = tmp_path / "out"
    (out / SUMMARY_NAME).mkdir(parents=True)  # the summary cannot be written over a directory
    result = runner.invoke(main, ["batch", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 1
    assert len(failed_lines(result.stderr)) == 1 and "bad.txt" in failed_lines(result.stderr)[0]
    assert f"cleaner: error: {out / SUMMARY_NAME}: cannot write" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_second_batch_into_the_same_directory_refuses(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    with lock_outdir(out / STATE_DIR, wait=False):  # a first batch, still running
        done = subprocess.run([*CLEANER, "batch", str(src), "-o", str(out), "--quiet"], capture_output=True,
                              text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"cleaner: error: {out}: another cleaner batch (pid {os.getpid()}) is writing here; "
                                   "let it finish, or pass --wait to wait for it")
    assert not (out / "a.txt").exists()


def test_wait_waits_for_the_first_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    out = tmp_path / "out"
    with lock_outdir(out / STATE_DIR, wait=False):
        second = subprocess.Popen([*CLEANER, "batch", str(src), "-o", str(out), "--quiet", "--wait"],
                                  stderr=subprocess.PIPE, text=True)
        with pytest.raises(subprocess.TimeoutExpired):
            second.wait(timeout=3)  # it waits while the lock is held
        assert not (out / "a.txt").exists()
    assert second.wait(timeout=120) == 0, second.stderr.read() if second.stderr else ""
    assert (out / "a.txt").exists()


@pytest.fixture
def linked_tree(tmp_path: Path) -> tuple[Path, Path]:
    src, outside = tmp_path / "in", tmp_path / "outside"
    (src / "sub").mkdir(parents=True)
    outside.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    (outside / "secret.txt").write_text("机密文件。\n", encoding="utf-8")
    (src / "secret.txt").symlink_to(outside / "secret.txt")
    (src / "linked-dir").symlink_to(outside, target_is_directory=True)
    return src, outside


def test_links_in_the_input_tree_are_listed_and_skipped(runner: CliRunner, tmp_path: Path,
                                                         linked_tree: tuple[Path, Path]) -> None:
    src, _ = linked_tree
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.stderr
    skipped = sorted(line for line in result.stderr.splitlines() if line.startswith("cleaner: skipped: "))
    assert skipped == [f"cleaner: skipped: {src / name}: a symbolic link, skipped (--follow-links cleans what it points to)"
                       for name in ("linked-dir", "secret.txt")]
    assert sorted(p.name for p in out.rglob("*.txt")) == ["a.txt"]
    summary = json.loads((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    assert [s["path"] for s in summary["skipped"]] == [str(src / "linked-dir"), str(src / "secret.txt")]


def test_follow_links_opts_in(runner: CliRunner, tmp_path: Path, linked_tree: tuple[Path, Path]) -> None:
    src, _ = linked_tree
    (src / "loop").symlink_to(src, target_is_directory=True)  # a loop is walked once
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(src), "-o", str(out), "--quiet", "--follow-links"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.txt")) == [
        "a.txt", "linked-dir/secret.txt", "secret.txt"]


def test_nothing_is_written_through_a_link_inside_the_output_directory(runner: CliRunner, tmp_path: Path) -> None:
    src, outside, out = tmp_path / "in", tmp_path / "outside", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_text(SHORT, encoding="utf-8")
    (src / "b.txt").write_text(SHORT, encoding="utf-8")
    outside.mkdir()
    (outside / "a.txt").write_text("别人的文件\n", encoding="utf-8")
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    result = runner.invoke(main, ["batch", str(src), "-o", str(out), "--quiet"])
    assert result.exit_code == 1
    assert failed_lines(result.stderr) == [
        f"cleaner: failed: {src / 'sub' / 'a.txt'}: output {out / 'sub' / 'a.txt'} would be written outside {out} "
        "(through a symbolic link)"]
    assert sorted(p.name for p in outside.iterdir()) == ["a.txt"]
    assert (outside / "a.txt").read_text(encoding="utf-8") == "别人的文件\n"
    assert (out / "b.txt").exists()
