"""Cleaning a text too big for memory: paragraph-bounded chunks, results joined in source coordinates.

A chunk ends at a *safe cut*: a paragraph that closes a sentence (。！？), exactly
one blank line, and a paragraph that starts with an ideograph. Cleaning the
whole text leaves such a gap alone (it is already the canonical separator) and
no layout rule joins or splits across it, so cleaning each chunk on its own and
keeping the gap's middle line feed verbatim gives the same text and the same
edits as cleaning the whole document:

    chunk ends with "。\\n" | "\\n" copied as is | next chunk starts with "第…"

The first line feed stays with the chunk before, so that chunk ends the way a
document does (the final-newline rule has nothing to do); the next chunk starts
on text, so the leading-blank-lines rule has nothing to do either.

A text without such a gap inside a chunk's reach is cut at the best place left
(another blank line, a line break, the end of a sentence, the chunk size), and
the cut is recorded as a warning in the report: cleaning next to it may differ.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cleaner.charclass import HAN_RANGES
from cleaner.report.json_report import render_item
from cleaner.stats import Stats

SAFE_CUT = re.compile(f"[。！？]\n\n(?=[{HAN_RANGES}])")
# Fallbacks, best first, with how much of the match ends the chunk and where the next one starts:
# a blank line after a closed paragraph, any blank line, a line break, a sentence end.
FALLBACK_CUTS = (
    (re.compile(f"[^{HAN_RANGES}0-9A-Za-z，、“‘（《〈【\n]\n\n(?=[^\n])"), 2, 3),
    (re.compile("[^\n]\n\n(?=[^\n])"), 2, 3),
    (re.compile("[^\n]\n(?=[^\n])"), 2, 2),
    (re.compile("[。！？](?=[^\n])"), 1, 1),
)


@dataclass(frozen=True)
class Piece:
    """A chunk to clean (``clean=True``) or source text copied verbatim, at a source offset."""

    offset: int
    text: str
    clean: bool
    warning: str = ""
    last: bool = False  # the document's last chunk: it holds the document's end


def _last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text, lo, hi):  # noqa: B007 - the last one is wanted
        pass
    return found


def split_chunks(pieces: Iterable[str], chunk_chars: int) -> Iterator[Piece]:
    """Split a stream of text into chunks of at most about ``chunk_chars`` characters.

    Holds at most two chunks' worth of text. The pieces joined give the text back.

    >>> text = "一段话。\\n\\n第二段。\\n\\n第三段。\\n"
    >>> parts = list(split_chunks([text], 8))
    >>> "".join(p.text for p in parts) == text, [p.text for p in parts if p.clean]
    (True, ['一段话。\\n', '第二段。\\n', '第三段。\\n'])
    """
    if chunk_chars < 1:
        raise ValueError("chunk_chars must be positive")
    buffer = ""
    offset = 0
    source = iter(pieces)
    exhausted = False
    while True:
        while not exhausted and len(buffer) < 2 * chunk_chars:
            try:
                buffer += next(source)
            except StopIteration:
                exhausted = True
        if exhausted and len(buffer) <= chunk_chars:
            if buffer:
                yield Piece(offset, buffer, True, last=True)
            return
        cut, warning = _find_cut(buffer, chunk_chars, exhausted)
        if cut is None:
            # Only reached when the text ended after all: one last chunk.
            yield Piece(offset, buffer, True, last=True)
            return
        chunk, gap = cut
        if warning:
            warning = (f"chunk cut at offset {offset + chunk}: {warning}; "
                       "cleaning next to it may differ from whole-document cleaning")
        yield Piece(offset, buffer[:chunk], True, warning)
        if gap > chunk:
            yield Piece(offset + chunk, buffer[chunk:gap], False)
        offset += gap
        buffer = buffer[gap:]


def _find_cut(buffer: str, size: int, exhausted: bool) -> tuple[tuple[int, int] | None, str]:
    """(end of the chunk, start of the next), and a warning when the cut is not a safe one."""
    hi = min(len(buffer), 2 * size) if not exhausted else len(buffer)
    # Prefer a cut near ``size``: the last safe cut before it, else the first one after it.
    m = _last(SAFE_CUT, buffer, 0, size) or SAFE_CUT.search(buffer, size, hi)
    if m:
        return (m.start() + 2, m.start() + 3), ""
    for pattern, end, gap in FALLBACK_CUTS:
        m = _last(pattern, buffer, size // 2, size) or _last(pattern, buffer, 0, size)
        if m and m.start() + gap < len(buffer):
            return (m.start() + end, m.start() + gap), "no safe paragraph boundary within reach"
    if len(buffer) > size:
        return (size, size), "no paragraph or sentence boundary within reach"
    return None, ""


@dataclass
class ChunkResult:
    """A cleaned chunk, rendered for the report: edit and suspect items as JSON text, offsets in the source."""

    text: str
    edits: list[str]  # each edit's JSON without its id, indented for the report (see render_edit)
    suspects: list[str]
    stats: Stats
    errors: list[str] = field(default_factory=list)


def render_chunk(result: Any, offset: int) -> ChunkResult:
    """Shift a :class:`~cleaner.edits.CleanResult` of a chunk to source offsets and render its items."""
    edits = []
    for edit in result.edits:
        item = edit.to_dict()
        del item["id"]
        item["start"] += offset
        item["end"] += offset
        edits.append(render_item(item, 2)[1:])
    suspects = []
    for suspect in result.suspects:
        item = suspect.to_dict()
        item["start"] += offset
        item["end"] += offset
        suspects.append("  " + render_item(item, 2))
    return ChunkResult(result.text, edits, suspects, result.stats, list(result.errors))


def render_edit(number: int, item: str) -> str:
    """An edit's report item with its id, E0001 onwards, numbered across chunks."""
    return f'  {{\n   "id": "E{number:04d}",{item}'

