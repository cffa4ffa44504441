"""Telling the encoding of bytes that are not UTF-8: short GBK and Big5 text read right, an unsure
guess refused with a clear error, and --encoding to override the guess."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from click.testing import CliRunner
from helpers.paths import SAMPLE

from cleaner.cli import main
from cleaner.io import InputError, decode


@pytest.mark.parametrize(("text", "encoding"), [
    ("你好，世界。", "gbk"),
    ("ab 中文", "gbk"),
    ("短文本", "big5"),
    ("你好，世界。", "big5"),
])
def test_short_texts_in_chinese_code_pages(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), "t.txt").text == text


def snippets(size: int) -> list[str]:
    """Every run of ``size`` characters (ideographs and CJK punctuation only) of the sample's lines."""
    text = SAMPLE.read_text(encoding="utf-8")
    runs = [line.strip() for line in text.splitlines() if len(line.strip()) >= size]
    return [run[i : i + size] for run in runs for i in range(0, len(run) - size + 1, size * 7)]


def test_ten_character_gbk_snippets_are_read_right_or_refused() -> None:
    """Never a wrong text with exit 0: each snippet is read right, or refused as unsure."""
    right = refused = 0
    samples = snippets(10)
    assert len(samples) > 150
    for text in samples:
        try:
            got = decode(text.encode("gbk"), "t.txt").text
        except InputError as exc:
            assert "--encoding" in str(exc)
            refused += 1
            continue
        assert got == text
        right += 1
    assert right >= 0.95 * len(samples), (right, refused)


def test_ten_character_big5_snippets_are_read_right_or_refused() -> None:
    convert = opencc.OpenCC("s2t")
    right = 0
    samples = []
    for text in snippets(10):
        traditional = convert.convert(text)
        try:
            samples.append((traditional, traditional.encode("big5")))
        except UnicodeEncodeError:
            continue
    for text, data in samples:
        try:
            got = decode(data, "t.txt").text
        except InputError:
            continue
        assert got == text
        right += 1
    assert right >= 0.9 * len(samples)


def test_cli_refuses_gbk_misread_and_encoding_overrides(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("你好，世界。".encode("gbk"))
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 0 and result.stdout == "你好，世界。\n"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    refused = runner.invoke(main, ["clean", str(latin)])
    assert refused.exit_code == 1 and "--encoding" in refused.stderr
    forced = runner.invoke(main, ["clean", str(latin), "--encoding", "latin-1"])
    assert forced.exit_code == 0 and forced.stdout == "Café crème\n"


def test_encoding_override_is_strict(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("中文".encode("gbk"))
    wrong = runner.invoke(main, ["clean", str(path), "--encoding", "utf-8"])
    assert wrong.exit_code == 1 and "not valid utf-8" in wrong.stderr
    unknown = runner.invoke(main, ["clean", str(path), "--encoding", "klingon"])
    assert unknown.exit_code == 2 and "klingon" in unknown.stderr


def test_encoding_in_batch(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes("Caf\xe9".encode("latin-1"))
    result = runner.invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--encoding", "latin-1", "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "Café\n"
