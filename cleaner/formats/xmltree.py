"""The lxml helpers the XML formats share: safe parsing, class and tag tests, removal, output."""

from __future__ import annotations

from typing import Any

from lxml import etree

from cleaner.io import InputError


def parse_xml(data: bytes, name: str) -> Any:
    """An lxml tree of ``data``; no entities resolved, nothing fetched. Errors name the file and line."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_blank_text=False)
    try:
        return etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else 0
        raise InputError(f"{name}:{line}: not well-formed XML: {exc.msg}") from None


def local(element: Any) -> str:
    """An element's tag without its namespace (comments and processing instructions: '')."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def remove(element: Any) -> None:
    """Take ``element`` out of its parent, keeping any text that follows it (its tail) in place."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    elif tail is not None:
        # Keep the layout whitespace of the last child, so the closing tag stays indented.
        previous = element.getprevious()
        if element.getnext() is None and previous is not None:
            previous.tail = tail
    parent.remove(element)


def serialize(tree: Any) -> bytes:
    """The tree as UTF-8 with an XML declaration and the document's own DOCTYPE."""
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)  # type: ignore[no-any-return]
