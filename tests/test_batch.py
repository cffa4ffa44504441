"""Batch cleaning: encodings, JSONL shards, chunked large files, resume after SIGKILL, engines."""

from __future__ import annotations

import gzip
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import opencc
import pytest
from click.testing import CliRunner

from cleaner.api import clean_text, get_cleaner
from cleaner.batch import MANIFEST_NAME, STATE_DIR, SUMMARY_NAME, BatchOptions, run_batch, without_run_fields
from cleaner.cli import main
from cleaner.edits import apply_edits
from cleaner.io import TEMP_SUFFIX, InputError, TextStream, decode
from cleaner.report.json_report import build_report, dumps, edits_from_report

SHORT = "现在，我代表中共太原市第十一届委员会向大会作报告，请予审议。\n\n全市经济发展初性明显增强。\n"


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (the batch state and the summary aside) by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and STATE_DIR not in p.parts and p.name != SUMMARY_NAME
    }


def summary_of(root: Path) -> dict[str, Any]:
    return without_run_fields(json.loads((root / SUMMARY_NAME).read_text(encoding="utf-8")))


def big5_text(text: str) -> str:
    traditional = opencc.OpenCC("s2t").convert(text)
    return "".join(ch for ch in traditional if ch.encode("big5", "ignore"))


@pytest.fixture
def mixed_dir(tmp_path: Path, sample_text: str) -> Path:
    """A directory of the sample in many encodings, a binary file, and a shard."""
    src = tmp_path / "in"
    (src / "gb").mkdir(parents=True)
    (src / "utf8.txt").write_bytes(sample_text.encode("utf-8"))
    (src / "bom.txt").write_bytes(sample_text.encode("utf-8-sig"))
    (src / "gb" / "gbk.txt").write_bytes(sample_text.encode("gbk"))
    (src / "gb" / "gb2312.txt").write_bytes(SHORT.encode("gb2312"))
    (src / "big5.txt").write_bytes(big5_text(sample_text[:3000]).encode("big5"))
    (src / "utf16.txt").write_bytes(sample_text.encode("utf-16"))
    (src / "utf16be-nobom.txt").write_bytes(sample_text.encode("utf-16-be"))
    (src / "image.bin").write_bytes(bytes(range(256)) * 8)
    (src / ".hidden.txt").write_bytes(b"never read")
    return src


def test_directory_of_encodings_and_a_binary_file(mixed_dir: Path, tmp_path: Path, runner: CliRunner, sample_text: str) -> None:
    out = tmp_path / "out"
    result = runner.invoke(main, ["batch", str(mixed_dir), "-o", str(out)])
    assert result.exit_code == 1, result.output  # one file failed, the others are cleaned
    summary = json.loads((out / SUMMARY_NAME).read_text(encoding="utf-8"))
    encodings = {f["path"]: f["encoding"] for f in summary["files"]}
    assert encodings == {
        "big5.txt": "big5",
        "bom.txt": "utf-8-sig",
        "gb/gb2312.txt": "gb18030",  # GB18030 is the superset: same text, one decoder
        "gb/gbk.txt": "gb18030",
        "utf16.txt": "utf-16",
        "utf16be-nobom.txt": "utf-16-be",
        "utf8.txt": "utf-8",
    }
    assert [f["path"] for f in summary["failures"]] == [str(mixed_dir / "image.bin")]
    assert "binary" in summary["failures"][0]["reason"]
    assert "image.bin" in result.output
    # Output is UTF-8, the same for every encoding of the same text; reports record the encoding.
    clean = (out / "utf8.txt").read_bytes()
    for name in ("bom.txt", "gb/gbk.txt", "utf16.txt", "utf16be-nobom.txt"):
        assert (out / name).read_bytes() == clean, name
    # The report is what `cleaner clean --report` writes, byte for byte.
    expected = dumps(build_report(clean_text(sample_text), path="gb/gbk.txt", decoded=decode(sample_text.encode("gbk")),
                                  profile="default", rules_hash=get_cleaner().rules_hash))
    assert (out / "gb" / "gbk.txt.report.json").read_text(encoding="utf-8") == expected
    report = json.loads((out / "gb" / "gbk.txt.report.json").read_text(encoding="utf-8"))
    assert report["source"]["encoding"] == "gb18030"
    assert report["source"]["path"] == "gb/gbk.txt"
    assert apply_edits(sample_text, edits_from_report(report)) == clean.decode("utf-8")
    assert "发展韧性" in (out / "gb" / "gb2312.txt").read_text(encoding="utf-8")
    assert not (out / ".hidden.txt").exists() and not (out / "image.bin").exists()
    assert summary["documents"] == 7 and summary["units"] == 7 and summary["failed"] == 1


@pytest.mark.parametrize("encoding", ["gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_decode_real_bytes(encoding: str, sample_text: str) -> None:
    text = big5_text(sample_text) if encoding == "big5" else sample_text
    decoded = decode(text.encode(encoding), "x.txt")
    assert decoded.text == text
    assert decoded.encoding == {"gbk": "gb18030"}.get(encoding, encoding)


def test_undecodable_bytes_are_refused_not_guessed() -> None:
    for data in (bytes(range(1, 256)) * 8, "Caf\xe9 na\xefve r\xe9sum\xe9 ".encode("latin-1") * 20, b"\x00\x01" * 100):
        with pytest.raises(InputError, match=r"x\.bin"):
            decode(data, "x.bin")


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-16-le", "utf-8"])
def test_text_stream_decodes_like_decode(tmp_path: Path, sample_text: str, encoding: str) -> None:
    data = (sample_text * 3).encode(encoding)
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    stream = TextStream(path, block=4096)  # many blocks, multi-byte characters cut at block ends
    assert "".join(stream) == decode(data).text
    assert stream.sha256 == decode(data).sha256 and stream.size == len(data)


def test_text_stream_reports_the_byte_that_does_not_decode(tmp_path: Path, sample_text: str) -> None:
    path = tmp_path / "x.txt"
    good = sample_text.encode("utf-8") * 2
    path.write_bytes(good + b"\xff\xfe tail")
    with pytest.raises(InputError, match=f"not valid utf-8 at byte {len(good)}"):
        "".join(TextStream(path, block=4096))


def test_jsonl_shards_keep_other_fields(tmp_path: Path, sample_text: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    records: list[dict[str, Any]] = [{"id": 1, "text": SHORT, "meta": {"page": 3}}, {"id": 2, "text": sample_text[:800]}]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    (src / "pages.jsonl").write_text(lines[0] + "\n\n{broken\n" + lines[1] + "\n", encoding="utf-8")
    with gzip.open(src / "more.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    out = tmp_path / "out"
    summary = run_batch([str(src)], BatchOptions(out))
    written = (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    assert written[1] == "{broken"  # a bad record passes through unchanged
    clean = [json.loads(line) for line in written[:1] + written[2:]]
    assert [r["id"] for r in clean] == [1, 2]
    assert clean[0]["meta"] == {"page": 3}
    assert "发展韧性明显增强" in clean[0]["text"]
    reports = [json.loads(line) for line in (out / "pages.jsonl.report.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["source"]["line"] for r in reports] == [1, 4]
    for record, report, original in zip(clean, reports, records):
        assert apply_edits(original["text"], edits_from_report(report)) == record["text"]
    assert summary["failures"] == [{"path": f"{src / 'pages.jsonl'}:3",
                                    "reason": "pages.jsonl:3: not valid JSON: Expecting property name enclosed in double quotes"}]
    with gzip.open(out / "more.jsonl.gz", "rt", encoding="utf-8") as handle:
        assert [json.loads(line) for line in handle] == clean
    assert (out / "more.jsonl.report.jsonl.gz").exists()
    assert summary["documents"] == 4
    # gzip output is deterministic (no time stamp, no name): a rerun writes the same bytes.
    again = tmp_path / "again"
    run_batch([str(src)], BatchOptions(again))
    assert tree(again) == tree(out)


def test_chunked_large_file_equals_whole_document_cleaning(tmp_path: Path, sample_text: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = (sample_text.rstrip("\n") + "\n\n") * 12
    (src / "big.txt").write_text(text, encoding="utf-8")
    whole = run_batch([str(src)], BatchOptions(tmp_path / "whole", memory_budget=10**9))
    chunked = run_batch([str(src)], BatchOptions(tmp_path / "chunked", memory_budget=120_000))
    assert whole["files"][0]["chunks"] == 1
    assert chunked["files"][0]["chunks"] > 20  # chunks much smaller than one copy of the sample
    assert tree(tmp_path / "chunked") == tree(tmp_path / "whole")  # text and report, byte for byte
    report = json.loads((tmp_path / "chunked" / "big.txt.report.json").read_text(encoding="utf-8"))
    assert apply_edits(text, edits_from_report(report)) == (tmp_path / "chunked" / "big.txt").read_text(encoding="utf-8")
    assert report["edits"][-1]["start"] > len(text) - len(sample_text)  # offsets are the document's


def test_large_files_in_other_encodings_stream_too(tmp_path: Path, sample_text: str) -> None:
    text = (sample_text.rstrip("\n") + "\n\n") * 6
    src = tmp_path / "in"
    src.mkdir()
    (src / "utf8.txt").write_text(text, encoding="utf-8")
    (src / "gbk.txt").write_bytes(text.encode("gbk"))
    (src / "utf16.txt").write_bytes(text.encode("utf-16"))
    summary = run_batch([str(src)], BatchOptions(tmp_path / "out", memory_budget=100_000))
    assert {f["path"]: (f["encoding"], f["chunks"] > 5) for f in summary["files"]} == {
        "gbk.txt": ("gb18030", True), "utf16.txt": ("utf-16", True), "utf8.txt": ("utf-8", True)}
    out = tree(tmp_path / "out")
    assert out["gbk.txt"] == out["utf8.txt"] == out["utf16.txt"]
    report = json.loads(out["gbk.txt.report.json"])
    assert report["source"]["bytes"] == len(text.encode("gbk")) and report["source"]["chars"] == len(text)


def test_outputs_never_land_on_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    summary = run_batch([str(src)], BatchOptions(src))
    assert summary["failed"] == 1 and "would overwrite an input" in summary["failures"][0]["reason"]
    assert (src / "a.txt").read_text(encoding="utf-8") == SHORT


def test_glob_and_collisions(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    for d in (one, two):
        d.mkdir()
        (d / "a.txt").write_text(SHORT, encoding="utf-8")
        (d / "b.md").write_text(SHORT, encoding="utf-8")
    summary = run_batch([str(one), str(two)], BatchOptions(tmp_path / "out", glob="*.txt"))
    assert [f["path"] for f in summary["files"]] == ["a.txt"]
    assert summary["failures"][0]["path"] == str(two / "a.txt")
    assert "already taken" in summary["failures"][0]["reason"]


def test_resume_skips_done_files_and_redoes_changed_ones(tmp_path: Path, sample_text: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in range(3):
        (src / f"{n}.txt").write_text(sample_text[n * 100 :], encoding="utf-8")
    out = tmp_path / "out"
    run_batch([str(src)], BatchOptions(out))
    first = tree(out)
    (src / "1.txt").write_text(SHORT, encoding="utf-8")
    (out / f".0.txt.abcd1234{TEMP_SUFFIX}").write_bytes(b"left by a killed run")
    summary = run_batch([str(src)], BatchOptions(out, resume=True))
    assert summary["resumed"] == 2
    assert tree(out)["0.txt"] == first["0.txt"] and "发展韧性" in tree(out)["1.txt"].decode("utf-8")
    assert not list(out.glob(f"*{TEMP_SUFFIX}"))
    fresh = tmp_path / "fresh"
    run_batch([str(src)], BatchOptions(fresh))
    assert tree(out) == tree(fresh) and summary_of(out) == summary_of(fresh)


def _batch_command(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "batch", str(src), "-o", str(out), "--memory-budget", "200KB",
            "--quiet", *extra]


@pytest.mark.slow
def test_sigkill_half_way_then_resume_equals_an_uninterrupted_run(tmp_path: Path, sample_text: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    body = (sample_text.rstrip("\n") + "\n\n") * 3
    for n in range(40):
        (src / f"doc{n:02d}.txt").write_text(body[n:], encoding="utf-8")
    (src / "zz-large.txt").write_text(body * 12, encoding="utf-8")  # streamed in chunks
    units = 41
    out = tmp_path / "out"
    manifest = out / STATE_DIR / MANIFEST_NAME
    proc = subprocess.Popen(_batch_command(src, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if manifest.exists() and len(manifest.read_bytes().splitlines()) >= 10:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the batch finished before it could be killed"
    done = len(manifest.read_bytes().splitlines())
    assert 10 <= done < units
    resumed = subprocess.run(_batch_command(src, out, "--resume"), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr
    assert json.loads((out / SUMMARY_NAME).read_text(encoding="utf-8"))["resumed"] >= done
    reference = tmp_path / "reference"
    subprocess.run(_batch_command(src, reference), check=True)
    assert tree(out) == tree(reference)
    assert summary_of(out) == summary_of(reference)
    assert not [p for p in out.rglob("*") if p.name.endswith(TEMP_SUFFIX)]


def test_two_local_jobs_write_the_same_bytes_as_one(tmp_path: Path, mixed_dir: Path) -> None:
    run_batch([str(mixed_dir)], BatchOptions(tmp_path / "one"))
    run_batch([str(mixed_dir)], BatchOptions(tmp_path / "two", jobs=2, memory_budget=40_000))
    run_batch([str(mixed_dir)], BatchOptions(tmp_path / "three", memory_budget=40_000))
    assert tree(tmp_path / "two") == tree(tmp_path / "one") == tree(tmp_path / "three")
    assert summary_of(tmp_path / "two") == summary_of(tmp_path / "three")


@pytest.mark.slow
def test_dask_engine_equals_local_engine(tmp_path: Path, mixed_dir: Path, sample_text: str) -> None:
    distributed = pytest.importorskip("distributed")
    (mixed_dir / "shard.jsonl").write_text(json.dumps({"text": SHORT}, ensure_ascii=False) + "\n", encoding="utf-8")
    (mixed_dir / "large.txt").write_text(sample_text * 6, encoding="utf-8")
    local = tmp_path / "local"
    run_batch([str(mixed_dir)], BatchOptions(local, memory_budget=100_000))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        dask_out = tmp_path / "dask"
        summary = run_batch([str(mixed_dir)], BatchOptions(dask_out, engine="dask", scheduler=cluster.scheduler_address,
                                                            memory_budget=100_000))
        cli_out = tmp_path / "dask-cli"
        result = CliRunner().invoke(main, ["batch", str(mixed_dir), "-o", str(cli_out), "--engine", "dask",
                                           "--scheduler", cluster.scheduler_address, "--memory-budget", "100000"])
        assert result.exit_code == 1 and "image.bin" in result.output  # the binary file failed, nothing else
    assert tree(cli_out) == tree(local)
    assert summary["engine"] == "dask" and summary["workers"] == 2
    assert tree(dask_out) == tree(local)
    assert summary_of(dask_out) == summary_of(local)


def test_cli_is_quiet_without_a_terminal(tmp_path: Path, runner: CliRunner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SHORT, encoding="utf-8")
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 0 and result.output == ""
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out2")])
    assert result.exit_code == 0
    assert "1 documents cleaned, 0 failed" in result.output and "━" not in result.output
    bad = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "o3"), "--memory-budget", "lots"])
    assert bad.exit_code == 2 and "not a size" in bad.output


def test_memory_budget_sizes() -> None:
    from cleaner.cli.options import parse_size

    assert parse_size("64MB") == 64 * 2**20 and parse_size("1G") == 2**30 and parse_size("4096") == 4096

