"""Structured OCR formats in and out: hOCR, ALTO, PAGE XML and PaddleOCR's JSON.

>>> detect_format("scan.hocr", b"")
'hocr'
>>> detect_format("page.xml", b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"/>')
'alto'
>>> detect_format("notes.txt", b"text") is None
True

A file is read into an :class:`~cleaner.formats.assembly.OcrDocument`, assembled into
one text in the shape of Tesseract's plain-text output (lines, an empty line after a
paragraph, a form feed between pages), cleaned as one text with the words'
confidences, and written back in its own format with every element's id and
geometry kept and its text replaced (:func:`clean_ocr`). ``docs/formats.md`` says
what each format does with a word or line whose text the cleaning removed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from cleaner.formats import alto, hocr, paddle, pagexml
from cleaner.formats.assembly import Assembly, OcrDocument, assemble, new_word_texts
from cleaner.io import MAX_STDIN_BYTES, Decoded, InputError, decode, read_bytes, read_input

if TYPE_CHECKING:
    from cleaner.edits import CleanResult
    from cleaner.pipeline import Cleaner

FORMATS: dict[str, ModuleType] = {"hocr": hocr, "alto": alto, "page": pagexml, "paddle": paddle}
FORMAT_NAMES = ("text", *FORMATS)
SUFFIXES = {".hocr": "hocr", ".html": "hocr", ".htm": "hocr", ".xhtml": "hocr", ".xml": "xml", ".json": "json"}


def _root_tag(data: bytes) -> str:
    """The root element's tag (``{namespace}name``) of an XML file, read from its start."""
    from lxml import etree

    try:
        for _, el in etree.iterparse(__import__("io").BytesIO(data), events=("start",), resolve_entities=False,
                                     no_network=True, huge_tree=True):
            return str(el.tag)
    except etree.XMLSyntaxError:
        return ""
    return ""


def detect_format(name: str | Path, data: bytes) -> str | None:
    """The OCR format of a file by its extension and, for ``.html``, ``.xml`` and ``.json``,
    its content (hOCR classes, the root element, the JSON's shape); None for plain text.
    Standard input (``-``) is told by its content alone."""
    suffix = Path(str(name)).suffix.lower()
    kind = SUFFIXES.get(suffix)
    if str(name) == "-":
        head = data.lstrip()[:1]
        kind = "xml" if head == b"<" else "json" if head in (b"[", b"{") else None
    if kind == "hocr":
        return "hocr" if suffix == ".hocr" or hocr.looks_like(data[:65536]) else None
    if kind == "xml":
        tag = _root_tag(data)
        if alto.looks_like(tag):
            return "alto"
        if pagexml.looks_like(tag):
            return "page"
        return "hocr" if hocr.looks_like(data[:65536]) else None
    if kind == "json":
        try:
            return "paddle" if paddle.shape(json.loads(data.decode("utf-8-sig"))) else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            return None
    return None


def resolve_format(name: str | Path, data: bytes, requested: str = "auto") -> str | None:
    """The format to read a file as: ``requested`` (``--format``), or by :func:`detect_format`
    for ``auto``; None for plain text."""
    if requested == "auto":
        return detect_format(name, data)
    if requested not in FORMAT_NAMES:
        raise ValueError(f"unknown format {requested!r} (one of auto, {', '.join(FORMAT_NAMES)})")
    return None if requested == "text" else requested


def read_document(path: str | Path, requested: str = "auto", encoding: str | None = None,
                  max_stdin: int = MAX_STDIN_BYTES) -> tuple[Decoded, OcrDocument | None]:
    """Read a file as text (in ``encoding``, if given) or as an OCR format. For an OCR file the
    decoded text is its assembly (what the cleaner sees and the report's offsets count in);
    hash and size are the file's."""
    if requested == "text" or (requested == "auto" and str(path) != "-" and Path(str(path)).suffix.lower() not in SUFFIXES):
        return read_input(path, encoding, max_stdin), None
    data = read_bytes(path, max_stdin)
    name = "<stdin>" if str(path) == "-" else str(path)
    fmt = resolve_format(path, data, requested)
    if fmt is None:
        return decode(data, name, encoding), None
    document = read_ocr(data, name, fmt)
    text = assemble(document).text
    return Decoded(text, "utf-8", hashlib.sha256(data).hexdigest(), len(data)), document


def read_ocr(data: bytes, name: str, fmt: str) -> OcrDocument:
    """Read ``data`` as ``fmt``; a file that is not that format is an InputError naming it."""
    if not data.strip():
        raise InputError(f"{name}: empty file, nothing to clean")
    return FORMATS[fmt].read(data, name)  # type: ignore[no-any-return]


@dataclass
class OcrResult:
    """A cleaned OCR file: the document, its assembly, the cleaning and the words' new texts."""

    document: OcrDocument
    assembly: Assembly
    result: CleanResult
    texts: list[str]

    _rendered: bytes | None = None

    def render(self) -> bytes:
        """The file in its own format, with the clean text in its elements. (Writing changes
        the document's tree in place, so it is done once.)"""
        if self._rendered is None:
            self._rendered = FORMATS[self.document.format].write(self.document, self.texts)
        return self._rendered

    def locate(self, report: dict[str, Any]) -> dict[str, Any]:
        """Add to a JSON report the format and, for each edit and suspect, the elements it touches."""
        report["source"]["format"] = self.document.format
        for item in [*report["edits"], *report["suspects"]]:
            item["elements"] = self.assembly.elements(item["start"], item["end"])
        return report


def clean_ocr(cleaner: Cleaner, document: OcrDocument) -> OcrResult:
    """Clean a read OCR file as one text, with its words' confidences as evidence."""
    assembly = assemble(document)
    result = cleaner.clean(assembly.text, confidence=assembly.confidence)
    return OcrResult(document, assembly, result, new_word_texts(assembly, result.edits))
