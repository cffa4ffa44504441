"""JSONL records, in `cleaner clean --jsonl` and `cleaner batch` alike: a record keeps its form,
a bad record passes through unchanged and is reported by line, the rest are cleaned."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner.batch import BatchOptions, run_batch
from cleaner.cli import main

DEEP = '{"text": "深", "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
GOOD = json.dumps({"id": 1, "text": "发展初性明显增强。"}, ensure_ascii=False)
BAD_LINES = [
    ("{broken", "not valid JSON"),
    ('{"text": "bad \\ud800 here"}', "surrogate"),
    (DEEP, "nested too deep"),
    ('{"text": "好", "score": NaN}', "NaN"),
    ('{"text": "好", "score": -Infinity}', "Infinity"),
    ('{"id": 3}', "'text'"),
]


def shard(tmp_path: Path, lines: list[str], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    return path


def clean_jsonl(runner: CliRunner, src: Path, *args: str) -> tuple[Result, Path]:
    out = src.parent / ("out-" + src.name.removesuffix(".gz"))
    result = runner.invoke(main, ["clean", "--jsonl", str(src), "-o", str(out), *args])
    return result, out


@pytest.mark.parametrize("text", ["今天天气很好。", "第一行\n第二行", "第一段。\n\n第二段。", "一行。\n"])
@pytest.mark.parametrize("paragraphs", [[], ["--paragraphs", "keep"]])
def test_a_clean_record_comes_back_unchanged(runner: CliRunner, tmp_path: Path, text: str, paragraphs: list[str]) -> None:
    result, out = clean_jsonl(runner, shard(tmp_path, [json.dumps({"text": text}, ensure_ascii=False)]), *paragraphs)
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"] == text
    assert record["edits"] == []


def test_a_record_keeps_its_line_structure_in_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    texts = ["今天天气很好。", "第一行\n第二行"]
    shard(src, [json.dumps({"text": t}, ensure_ascii=False) for t in texts])
    run_batch([str(src)], BatchOptions(tmp_path / "out"))
    lines = (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == texts


def test_paragraphs_line_adds_no_final_newline_to_a_record(runner: CliRunner, tmp_path: Path) -> None:
    _result, out = clean_jsonl(runner, shard(tmp_path, [json.dumps({"text": "今天天气很好。"}, ensure_ascii=False)]),
                              "--paragraphs", "line")
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"] == "今天天气很好。" and record["edits"] == []


def test_paragraphs_blank_is_asked_for_records(runner: CliRunner, tmp_path: Path) -> None:
    _result, out = clean_jsonl(runner, shard(tmp_path, [json.dumps({"text": "第一行\n第二行"}, ensure_ascii=False)]),
                              "--paragraphs", "blank")
    assert json.loads(out.read_text(encoding="utf-8"))["text"] == "第一行\n\n第二行"


def test_bad_records_pass_through_in_clean_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    lines = [GOOD] + [line for line, _ in BAD_LINES] + [GOOD]
    result, out = clean_jsonl(runner, shard(tmp_path, lines))
    assert result.exit_code == 1
    written = out.read_bytes().decode("utf-8").split("\n")[:-1]
    assert len(written) == len(lines)
    for n, (line, why) in enumerate(BAD_LINES, 2):
        assert written[n - 1] == line  # passed through byte for byte
        assert f"in.jsonl:{n}:" in result.stderr and why in result.stderr
    for n in (0, len(lines) - 1):
        assert json.loads(written[n])["text"] == "发展韧性明显增强。"


def test_bad_records_pass_through_in_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    lines = [GOOD] + [line for line, _ in BAD_LINES] + [GOOD]
    shard(src, lines)
    summary = run_batch([str(src)], BatchOptions(tmp_path / "out"))
    written = (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8").split("\n")[:-1]
    assert len(written) == len(lines)
    assert written[1 : len(BAD_LINES) + 1] == [line for line, _ in BAD_LINES]
    assert json.loads(written[0])["text"] == json.loads(written[-1])["text"] == "发展韧性明显增强。"
    failed = {f["path"]: f["reason"] for f in summary["failures"]}
    for n, (_, why) in enumerate(BAD_LINES, 2):
        assert why in failed[f"{src / 'in.jsonl'}:{n}"]
    assert summary["documents"] == 2


def test_records_are_written_as_strict_json(runner: CliRunner, tmp_path: Path) -> None:
    _result, out = clean_jsonl(runner, shard(tmp_path, [GOOD, '{"text": "好", "big": 1e400}']))
    for line in out.read_text(encoding="utf-8").splitlines():
        json.loads(line, parse_constant=lambda name: pytest.fail(f"bare {name} written"))


def test_text_field(runner: CliRunner, tmp_path: Path) -> None:
    src = shard(tmp_path, [json.dumps({"content": "发展初性明显增强。", "text": "别动"}, ensure_ascii=False)])
    result, out = clean_jsonl(runner, src, "--text-field", "content")
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["content"] == "发展韧性明显增强。" and record["text"] == "别动"


def test_text_field_in_batch(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shard(src, [json.dumps({"content": "发展初性明显增强。"}, ensure_ascii=False)])
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--text-field", "content", "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8"))["content"] == "发展韧性明显增强。"


def test_clean_jsonl_reads_gzip(runner: CliRunner, tmp_path: Path) -> None:
    src = shard(tmp_path, [GOOD], "in.jsonl.gz")
    result = runner.invoke(main, ["clean", "--jsonl", str(src)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"] == "发展韧性明显增强。"


def test_clean_jsonl_writes_gzip_when_the_output_says_so(runner: CliRunner, tmp_path: Path) -> None:
    src = shard(tmp_path, [GOOD])
    out = tmp_path / "out.jsonl.gz"
    result = runner.invoke(main, ["clean", "--jsonl", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(gzip.decompress(out.read_bytes()))["text"] == "发展韧性明显增强。"


def test_a_record_that_is_not_utf8_passes_through(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    gbk = '{"text": "中文"}'.encode("gbk")
    src.write_bytes(GOOD.encode() + b"\n" + gbk + b"\n")
    result, out = clean_jsonl(runner, src)
    assert result.exit_code == 1 and "in.jsonl:2: not UTF-8" in result.stderr
    assert "Traceback" not in result.output
    assert out.read_bytes().split(b"\n")[1] == gbk
