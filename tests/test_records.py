"""JSONL records, in `cleaner clean --jsonl` and `cleaner batch` alike: a record keeps its form,
a bad record passes through unchanged and is reported by line, the rest are cleaned."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cleaner.batch import SUMMARY_NAME, BatchOptions, run_batch
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


# The same bad records for both paths: each passes through unchanged with the same one-line reason.
ALIKE = [
    GOOD,
    '{"text": "bad \\ud800 here"}',  # a lone surrogate in the text
    '{"text": "好", "note": "\\udc00"}',  # a lone surrogate in another field
    "{broken",  # not JSON
    '{"id": 3}',  # no text field
    '{"text": 5}',  # a text that is not a string
    GOOD,
]


def reasons_by_line(lines: list[str]) -> dict[int, str]:
    """``{line: reason}`` from ``NAME.jsonl:LINE: reason`` lines (the file's name differs between the paths)."""
    found = {}
    for line in lines:
        number, reason = line.split(".jsonl:", 1)[1].split(": ", 1)
        found[int(number)] = reason
    return found


def test_clean_jsonl_and_batch_treat_each_record_alike(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    path = shard(src, ALIKE)
    (src / "z.txt").write_text("发展初性明显增强。\n", encoding="utf-8")  # after the shard: the batch goes on
    summary = run_batch([str(src)], BatchOptions(tmp_path / "out"))
    result, out = clean_jsonl(runner, path)
    assert result.exit_code == 1
    prefix = "cleaner: bad record, passed through unchanged: "
    single = reasons_by_line([line.removeprefix(prefix) for line in result.stderr.splitlines() if line.startswith(prefix)])
    batch = reasons_by_line([f"{f['path']}: {f['reason'].split(': ', 1)[1]}" for f in summary["failures"]])
    assert single == batch and sorted(batch) == [2, 3, 4, 5, 6]
    assert "lone surrogate" in batch[2] and "lone surrogate" in batch[3]
    assert "not valid JSON" in batch[4] and "string 'text' field" in batch[5] and "string 'text' field" in batch[6]
    one = out.read_text(encoding="utf-8").splitlines()
    many = (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8").splitlines()
    assert one[1:6] == many[1:6] == ALIKE[1:6]  # passed through byte for byte by both
    texts = [[json.loads(lines[n])["text"] for n in (0, 6)] for lines in (one, many)]
    assert texts == [["发展韧性明显增强。"] * 2] * 2
    assert summary["documents"] == 3 and (tmp_path / "out" / "z.txt").read_text(encoding="utf-8") == "发展韧性明显增强。\n"


def test_a_file_name_that_is_not_utf8_is_cleaned_like_any_other(tmp_path: Path) -> None:
    """Python reads such a name with lone surrogates; the reports, the summary and the manifest
    write them as \\u escapes instead of failing the whole file (or the batch) on them."""
    src = tmp_path / "in"
    src.mkdir()
    try:
        names = [os.fsdecode(b"\xff-pages.jsonl"), os.fsdecode(b"\xfe-doc.txt")]
        shard(src, [GOOD, "{broken"], names[0])
        (src / names[1]).write_text("发展初性明显增强。\n", encoding="utf-8")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    summary = run_batch([str(src)], BatchOptions(tmp_path / "out"))
    assert summary["units"] == 2 and summary["documents"] == 2
    assert [(f["path"], f["reason"]) for f in summary["failures"]] == [
        (f"{src / names[0]}:2", f"{names[0]}:2: not valid JSON: Expecting property name enclosed in double quotes")]
    written = json.loads((tmp_path / "out" / SUMMARY_NAME).read_bytes())
    assert written["failures"] == summary["failures"] and [f["path"] for f in written["files"]] == sorted(names)
    report = json.loads((tmp_path / "out" / (names[1] + ".report.json")).read_bytes())
    assert report["source"]["path"] == names[1] and report["edits"][0]["rule"] == "LX05"
    record_report = json.loads((tmp_path / "out" / (names[0] + ".report.jsonl")).read_bytes())
    assert record_report["source"]["path"] == names[0]
    again = run_batch([str(src)], BatchOptions(tmp_path / "out", resume=True))
    assert again["resumed"] == 2 and again["failures"] == summary["failures"]
