"""Decoding real encodings and writing atomically."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from cleaner.io import InputError, atomic_write, decode

TEXT = "坚持以人民为中心的发展思想，全心全意为民办事、为民造福，不断满足人民群众对美好生活的新期盼。\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "gb18030"],
)
def test_decode_reports_the_encoding(data: bytes, encoding: str) -> None:
    decoded = decode(data, "doc.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_gbk_and_big5_decode_to_the_same_text() -> None:
    assert decode(TEXT.encode("gbk"), "gbk.txt").text == TEXT
    traditional = "堅持以人民為中心的發展思想，全心全意為民辦事、為民造福，不斷滿足人民群眾對美好生活的新期盼。\n"
    decoded = decode(traditional.encode("big5"), "big5.txt")
    assert decoded.text == traditional and decoded.encoding.startswith(("big5", "cp950"))


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.png")


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    atomic_write(target, "新内容")
    assert target.read_text(encoding="utf-8") == "新内容"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary file left behind
