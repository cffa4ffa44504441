"""hOCR (Tesseract's ``-c tessedit_create_hocr=1``, OCRopus, Kraken...): read and write.

Pages are ``ocr_page`` elements; lines are ``ocr_line`` (and Tesseract's other line
classes: ``ocr_header``, ``ocr_caption``, ``ocr_textfloat``); words are ``ocrx_word``
with ``x_wconf`` (0-100) in their ``title``. A line without word elements is one word.
A paragraph ends with the last line of an ``ocr_par`` (or, without paragraphs, of an
``ocr_carea``).

Writing keeps every element, its id and its ``title`` (bbox, baseline, confidence) and
replaces the words' text. A word whose text the cleaning removed is dropped, and so is a
line, paragraph or area left without words: hOCR has no use for an empty element, and a
reader that takes ``bbox`` as the place of text would show a removed header again.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from cleaner.formats.assembly import Line, OcrDocument, Page, Word, guess_blanks
from cleaner.formats.xmltree import parse_xml, remove, serialize
from cleaner.io import InputError

LINE_CLASSES = ("ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat")
CONTAINERS = ("ocr_par", "ocr_carea")
BBOX = re.compile(r"\bbbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
WCONF = re.compile(r"\bx_wconf\s+(-?\d+(?:\.\d+)?)")


def _classes(element: Any) -> set[str]:
    value = element.get("class") if isinstance(element.tag, str) else None
    return set(value.split()) if value else set()


def _bbox(element: Any) -> tuple[int, int, int, int] | None:
    m = BBOX.search(element.get("title") or "")
    return (int(m[1]), int(m[2]), int(m[3]), int(m[4])) if m else None


def looks_like(head: bytes) -> bool:
    """Is this the start of an hOCR file?"""
    return b"ocr_page" in head or b"ocr-capabilities" in head


def read(data: bytes, name: str) -> OcrDocument:
    try:
        tree = parse_xml(data, name)
        xml = True
    except InputError:
        from lxml import html  # hOCR written as HTML rather than XHTML

        tree = etree.ElementTree(html.fromstring(data))
        xml = False
    pages = []
    for page_el in tree.iter():
        if "ocr_page" not in _classes(page_el):
            continue
        pages.append(Page(_lines(page_el), page_el.get("id"), page_el))
    if not pages:
        raise InputError(f"{name}: no ocr_page element: not hOCR")
    return OcrDocument("hocr", pages, tree, {"xml": xml})


def _lines(page_el: Any) -> list[Line]:
    lines: list[Line] = []
    last_of: dict[Any, Line] = {}  # paragraph (or area) element -> its last line so far
    for el in page_el.iter():
        if not (_classes(el) & set(LINE_CLASSES)):
            continue
        word_els = [w for w in el.iter() if "ocrx_word" in _classes(w)]
        words = [_word(w) for w in word_els] if word_els else [_word(el)]
        box = _bbox(el)
        height = box[3] - box[1] if box else 0
        boxes = [_bbox(w.node) for w in words]
        for i in range(1, len(words)):
            a, b = boxes[i - 1], boxes[i]
            if a and b:
                words[i].spaces = guess_blanks(b[0] - a[2], height, words[i - 1].text, words[i].text)
        line = Line(words, el.get("id"), el)
        lines.append(line)
        container = next((a for a in el.iterancestors() if _classes(a) & set(CONTAINERS)), None)
        if container is not None:
            last_of[container] = line
    for line in last_of.values():
        line.paragraph_end = True
    return lines


def _word(el: Any) -> Word:
    m = WCONF.search(el.get("title") or "")
    conf = min(max(float(m[1]) / 100, 0.0), 1.0) if m else None
    return Word("".join(el.itertext()), el.get("id"), conf, el)


def write(doc: OcrDocument, texts: list[str]) -> bytes:
    structure = [el for el in doc.tree.iter() if _classes(el) & set(LINE_CLASSES + CONTAINERS)]
    had_text = {el for el in structure if "".join(el.itertext()).strip()}
    emptied = []
    for (_, _line, word), text in zip(doc.words(), texts, strict=True):
        if text == word.text:
            continue
        el = word.node
        for child in list(el):
            el.remove(child)
        el.text = text
        if not text:
            emptied.append(el)
    for el in emptied:
        remove(el)
    # Lines, paragraphs and areas left without text go too (innermost first).
    for el in reversed(structure):
        if el in had_text and not "".join(el.itertext()).strip():
            remove(el)
    if doc.meta.get("xml", True):
        return serialize(doc.tree)
    from lxml import html

    return html.tostring(doc.tree, encoding="UTF-8", doctype="<!DOCTYPE html>")  # type: ignore[no-any-return]
