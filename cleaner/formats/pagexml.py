"""PAGE XML (PRImA's page content schema, 2013-07-15 and 2019-07-15; OCR-D's format): read and write.

A file holds one ``Page``. Its text regions are read in the page's ``ReadingOrder``
(regions it does not list follow in document order); a region's ``TextLine`` elements
are its lines and its end is a paragraph end. A line's ``Word`` elements are its words;
a line without words is one word. The text of an element is its first ``TextEquiv``
(the lowest ``index``), ``Unicode``; its confidence that ``TextEquiv``'s ``conf``.

Writing keeps every element, its ``id`` and ``Coords`` and replaces the text of that
``TextEquiv`` (and its ``PlainText``, if any). A word whose text the cleaning removed is
dropped, and a line left without text is dropped; a region is kept (the reading order
refers to it) with its ``TextEquiv`` emptied. The text of a line with words and of a
region is rebuilt from what they hold (words joined as the input joined them, lines by
line feeds), as the schema's consistency rules ask. A changed ``Word`` loses its
``Glyph`` children, which described the old text.
"""

from __future__ import annotations

from typing import Any

from cleaner.formats.assembly import Line, OcrDocument, Page, Word
from cleaner.formats.xmltree import local, parse_xml, remove, serialize
from cleaner.io import InputError

NAMESPACE_PREFIX = "http://schema.primaresearch.org/PAGE/gts/pagecontent/"


def looks_like(root_tag: str) -> bool:
    return root_tag.startswith("{" + NAMESPACE_PREFIX) and root_tag.endswith("}PcGts")


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if local(c) == name]


def text_equiv(el: Any) -> Any:
    """The element's first TextEquiv (lowest index), or None."""
    equivs = _children(el, "TextEquiv")
    if not equivs:
        return None
    return min(equivs, key=lambda e: int(e.get("index", "0")) if (e.get("index") or "").lstrip("-").isdigit() else 0)


def element_text(el: Any) -> str:
    equiv = text_equiv(el)
    if equiv is None:
        return ""
    unicode = _children(equiv, "Unicode")
    return (unicode[0].text or "") if unicode else ""


def _conf(el: Any) -> float | None:
    equiv = text_equiv(el)
    try:
        return min(max(float(equiv.get("conf")), 0.0), 1.0) if equiv is not None else None
    except (TypeError, ValueError):
        return None


def read(data: bytes, name: str) -> OcrDocument:
    tree = parse_xml(data, name)
    root = tree.getroot()
    if not looks_like(root.tag):
        raise InputError(f"{name}: the root element is <{local(root)}>, not PAGE XML's <PcGts>")
    pages = _children(root, "Page")
    if not pages:
        raise InputError(f"{name}: no <Page> element in this PAGE XML file")
    page_el = pages[0]
    lines: list[Line] = []
    for region in _regions_in_order(page_el):
        region_lines = [_line(el) for el in _children(region, "TextLine")]
        if region_lines:
            region_lines[-1].paragraph_end = True
        lines.extend(region_lines)
    return OcrDocument("page", [Page(lines, page_el.get("imageFilename"), page_el)], tree)


def _regions_in_order(page_el: Any) -> list[Any]:
    regions = [el for el in page_el.iter() if local(el) == "TextRegion"]
    by_id = {r.get("id"): r for r in regions}
    ordered: list[Any] = []
    for order in _children(page_el, "ReadingOrder"):
        for ref in order.iter():
            if local(ref) in ("RegionRefIndexed", "RegionRef") and ref.get("regionRef") in by_id:
                ordered.append(by_id[ref.get("regionRef")])
    # OrderedGroup children by their index; refs of other kinds keep document order.
    seen = set()
    result = []
    for region in [*ordered, *regions]:
        if id(region) not in seen:
            seen.add(id(region))
            result.append(region)
    return result


def _line(el: Any) -> Line:
    word_els = _children(el, "Word")
    if word_els:
        words = [Word(element_text(w), w.get("id"), _conf(w), w) for w in word_els]
    else:
        words = [Word(element_text(el), el.get("id"), _conf(el), el)]
    return Line(words, el.get("id"), el)


def _set_text(el: Any, text: str) -> None:
    equiv = text_equiv(el)
    if equiv is None:
        return
    for child in equiv:
        if local(child) in ("Unicode", "PlainText"):
            child.text = text


def write(doc: OcrDocument, texts: list[str]) -> bytes:
    lines = [line for page in doc.pages for line in page.lines]
    joiner = {id(line): _joiner(line) for line in lines}
    regions = {id(line.node.getparent()): line.node.getparent() for line in lines}
    for (_, _line, word), text in zip(doc.words(), texts, strict=True):
        if text != word.text:
            for glyph in _children(word.node, "Glyph"):
                remove(glyph)
            _set_text(word.node, text)
            word.text = text
    for line in lines:
        if line.node is line.words[0].node:  # a line without Word elements
            if not line.words[0].text:
                remove(line.node)
            continue
        for word in line.words:
            if not word.text:
                remove(word.node)
        kept = [w.text for w in line.words if w.text]
        if kept:
            _set_text(line.node, joiner[id(line)].join(kept))
        else:
            remove(line.node)
    for region in regions.values():
        _set_text(region, "\n".join(element_text(line) for line in _children(region, "TextLine")))
    return serialize(doc.tree)


def _joiner(line: Line) -> str:
    """How the line's text joins its words: with spaces (OCR-D's rule) or, as Chinese text is often written, without."""
    if line.node is line.words[0].node:
        return ""
    return " " if element_text(line.node) == " ".join(w.text for w in line.words) and len(line.words) > 1 else ""
