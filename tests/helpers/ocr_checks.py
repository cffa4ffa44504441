"""Checks the OCR-format tests share: element geometry by id, ALTO's required structure, PAGE's schema."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from cleaner.formats import OcrResult, clean_ocr, detect_format, read_ocr
from cleaner.formats.assembly import without_whitespace
from cleaner.formats.xmltree import local
from cleaner.pipeline import Cleaner

GEOMETRY = {"hocr": ("title",), "alto": ("HPOS", "VPOS", "WIDTH", "HEIGHT"), "page": ()}


def clean_file(path: Path, cleaner: Cleaner | None = None) -> OcrResult:
    data = path.read_bytes()
    fmt = detect_format(path, data)
    assert fmt, f"{path}: format not detected"
    return clean_ocr(cleaner or Cleaner(), read_ocr(data, str(path), fmt))


def _is_page(el: Any) -> bool:
    return local(el) == "Page" or "ocr_page" in (el.get("class") or "").split()


def xml_geometry(tree: Any, fmt: str) -> dict[tuple[int, str], tuple[str, ...]]:
    """Every element with an id, by (page number, id): its geometry (hOCR title, ALTO position,
    PAGE Coords points). (Tesseract's ALTO numbers the elements of each page afresh.)"""
    found = {}
    page = 0
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        page += _is_page(el)
        ident = (page, el.get("id") or el.get("ID"))
        if not ident[1]:
            continue
        if fmt == "page":
            coords = [c.get("points") for c in el if local(c) == "Coords"]
            found[ident] = tuple(coords)
        else:
            found[ident] = tuple(el.get(a) or "" for a in GEOMETRY[fmt])
    return found


def assert_round_trip(result: OcrResult) -> Any:
    """The output parses; every element it keeps has its id and geometry; its words read as the clean text."""
    fmt = result.document.format
    original = xml_geometry(result.document.tree, fmt) if fmt != "paddle" else None  # (before render mutates it)
    rendered = result.render()
    again = read_ocr(rendered, "output", fmt)
    words = "".join(word.text for _, _, word in again.words())
    assert without_whitespace(words) == without_whitespace(result.result.text)
    if original is not None:
        kept = xml_geometry(again.tree, fmt)
        assert kept, "no element with an id in the output"
        for ident, geometry in kept.items():
            assert original.get(ident) == geometry, f"{ident}: geometry changed"
    return again


def assert_alto_structure(tree: Any) -> None:
    """What the ALTO specification requires of the elements the cleaner touches."""
    for page in (el for el in tree.iter() if local(el) == "Page"):  # (Tesseract repeats IDs across pages)
        ids = [el.get("ID") for el in page.iter() if isinstance(el.tag, str) and el.get("ID")]
        assert len(ids) == len(set(ids)), f"duplicate IDs on page {page.get('ID')}"
    for el in tree.iter():
        name = local(el)
        if name == "String":
            assert el.get("CONTENT"), f"String {el.get('ID')} without CONTENT"
        elif name == "TextLine":
            children = [local(c) for c in el if local(c)]
            assert "String" in children, f"TextLine {el.get('ID')} without a String"
            assert children[0] != "SP" and children[-1] != "SP", f"TextLine {el.get('ID')} starts or ends with SP"
            assert "SP,SP" not in ",".join(children), f"TextLine {el.get('ID')} has two SP in a row"
        elif name == "TextBlock":
            assert any(local(c) == "TextLine" for c in el), f"TextBlock {el.get('ID')} left empty"


def page_schema() -> etree.XMLSchema:
    """PAGE XML's published 2019 schema, as the ocrd_validators package ships it (a test dependency)."""
    spec = importlib.util.find_spec("ocrd_validators")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("ocrd_validators (which ships PAGE's page.xsd) is not installed: pip install -e '.[test]'")
    xsd = Path(spec.submodule_search_locations[0]) / "page.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def hocr_bbox(title: str) -> str:
    m = re.search(r"bbox [-\d ]+", title)
    return m.group(0) if m else ""
