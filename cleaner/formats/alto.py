"""ALTO (v2, v3, v4; Tesseract's ``alto`` output): read and write.

Pages are ``Page`` elements, lines ``TextLine``, words ``String`` with ``CONTENT`` and
``WC`` (word confidence, 0-1). A paragraph ends with the last line of a ``TextBlock``.
Any ALTO namespace is read (or none); the output keeps the input's.

Writing keeps every element, its ``ID`` and geometry (``HPOS``, ``VPOS``, ``WIDTH``,
``HEIGHT``) and replaces ``CONTENT``. ALTO requires a ``String`` to have content, so a
word whose text the cleaning removed is dropped with the ``SP`` (space) that separated
it from its neighbour; a ``TextLine`` left without a ``String`` is dropped (it requires
one), and so is a ``TextBlock`` or ``ComposedBlock`` left empty. A changed ``String``
loses its ``Glyph`` children and ``ALTERNATIVE`` readings, which described the old text.
"""

from __future__ import annotations

from typing import Any

from cleaner.formats.assembly import Line, OcrDocument, Page, Word, guess_blanks
from cleaner.formats.xmltree import local, parse_xml, remove, serialize
from cleaner.io import InputError


def looks_like(root_tag: str) -> bool:
    return root_tag.rsplit("}", 1)[-1] == "alto"


def _num(el: Any, attr: str) -> float | None:
    try:
        return float(el.get(attr))
    except (TypeError, ValueError):
        return None


def read(data: bytes, name: str) -> OcrDocument:
    tree = parse_xml(data, name)
    root = tree.getroot()
    if local(root) != "alto":
        raise InputError(f"{name}: the root element is <{local(root)}>, not <alto>")
    pages = []
    for page_el in root.iter():
        if local(page_el) != "Page":
            continue
        lines = []
        for block in (el for el in page_el.iter() if local(el) == "TextBlock"):
            block_lines = [_line(el) for el in block if local(el) == "TextLine"]
            if block_lines:
                block_lines[-1].paragraph_end = True
            lines.extend(block_lines)
        pages.append(Page(lines, page_el.get("ID"), page_el))
    if not pages:
        raise InputError(f"{name}: no <Page> element in this ALTO file")
    return OcrDocument("alto", pages, tree)


def _line(el: Any) -> Line:
    words = []
    height = _num(el, "HEIGHT") or 0
    previous_end = None
    for s in el:
        if local(s) != "String":
            continue
        wc = _num(s, "WC")
        word = Word(s.get("CONTENT") or "", s.get("ID"), None if wc is None else min(max(wc, 0.0), 1.0), s)
        hpos, width = _num(s, "HPOS"), _num(s, "WIDTH")
        if previous_end is not None and hpos is not None:
            word.spaces = guess_blanks(hpos - previous_end, height, words[-1].text if words else "", word.text)
        previous_end = hpos + width if hpos is not None and width is not None else None
        words.append(word)
    return Line(words, el.get("ID"), el)


def write(doc: OcrDocument, texts: list[str]) -> bytes:
    root = doc.tree.getroot()
    containers = [el for el in root.iter() if local(el) in ("TextLine", "TextBlock", "ComposedBlock")]
    had_words = {el for el in containers if _has_string(el)}
    emptied = []
    for (_, _, word), text in zip(doc.words(), texts, strict=True):
        if text == word.text:
            continue
        el = word.node
        for child in list(el):
            if local(child) in ("Glyph", "ALTERNATIVE"):
                el.remove(child)
        if text:
            el.set("CONTENT", text)
        else:
            emptied.append(el)
    for el in emptied:
        _drop_string(el)
    for el in reversed(containers):  # innermost first
        if el in had_words and not _has_string(el):
            remove(el)
    return serialize(doc.tree)


def _has_string(el: Any) -> bool:
    return any(local(s) == "String" for s in el.iter())


def _drop_string(el: Any) -> None:
    """Drop a String and one SP next to it, so that no line starts or ends with a space or has two."""
    previous, following = el.getprevious(), el.getnext()
    if previous is not None and local(previous) == "SP":
        remove(previous)
    elif following is not None and local(following) == "SP":
        remove(following)
    remove(el)
