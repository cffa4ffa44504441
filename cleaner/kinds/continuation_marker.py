"""The ``continuation_marker`` kind: （下转第4版）, （上接第1版）, 接上页, 续前页 and their kin.

A continuation marker tells the reader of a printed page where the text goes
on; in the text it is layout. Bracketed forms (full- or half-width brackets,
Arabic or Chinese numerals, optional spaces) are removed wherever they stand;
bare forms (下转第四版, 接上页, 续前页) only when they fill a line, since inside
a sentence the same words can be text.

A forward marker (下转, 转, 转下页) at the end of a line, or a backward marker
(上接, 接上页, 续前页) at the start of one, sits at a page break. When the text
before the break stops mid-sentence and the text after it runs on, the break
itself (line ends, blank lines, other markers) is removed too: the marker is
the evidence that the paragraph was cut. Otherwise only the marker goes, and
the hard-wrap rule decides about the line break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.pagelines import CONTINUES, DATELINE, EDGE_SPACE, SENTENCE_MARKS, ends_open, is_body, is_standalone
from cleaner.rule import Rule

DATE = re.compile(DATELINE.pattern.replace("[（(]?", "").replace("[)）]?", ""))
NUM = r"[0-9０-９一二三四五六七八九十百〇零]{1,4}"
PAGE = rf"(?:[A-Za-z]\s*)?{NUM}\s*[版页面]"
# Forward: the text goes on elsewhere. Backward: this text came from elsewhere.
FORWARD = rf"(?:下\s*)?转\s*(?:第\s*{PAGE}|{PAGE}|下\s*[一1]?\s*[页版])|接\s*下\s*[页版]|见\s*下\s*页"
BACKWARD = rf"(?:上\s*)?接\s*(?:第\s*{PAGE}|{PAGE}|上\s*[一1]?\s*[页版])|续\s*(?:第\s*{PAGE}|{PAGE}|[上前]\s*[一1]?\s*[页版])"
OPEN = r"[（(【\[〔［]"
CLOSE = r"[)）】\]〕］]"
# The spaces before a bracketed marker go with it, but are found by walking back from the bracket
# (:func:`_with_spaces_before`): a pattern that starts with a run of spaces tries every space of a
# long run again, which is quadratic on a line of spaces.
BRACKETED = re.compile(rf"{OPEN}\s*(?:(?P<fwd>{FORWARD})|(?P<bwd>{BACKWARD}))\s*{CLOSE}[ \t\u3000]*")
LINE_SPACE = " \t\u3000"
BLANK_TO_LINE_END = re.compile(f"[{EDGE_SPACE}]*(?:\n|\\Z)")
# A page break is a few lines: the search for the content around a marker looks no further.
MAX_BREAK_LINES = 20
BARE_LINE = re.compile(rf"(?m)^[ \t\u3000]*(?:(?P<fwd>{FORWARD})|(?P<bwd>{BACKWARD}))[ \t\u3000\r]*$")
TRAILING = re.compile(BRACKETED.pattern + r"\Z")
# Where a bare marker line can start, besides the text's start: a line whose first character
# after its spaces starts FORWARD or BACKWARD. BARE_LINE (a (?m)^ pattern: re has no prefix to
# skip ahead by) is tried only there, not at every position; this one re finds by its "\n".
BARE_START = re.compile(r"\n[ \t\u3000]*[下转接见上续]")


def bare_lines(text: str) -> Iterator[re.Match[str]]:
    """``BARE_LINE.finditer(text)``, trying the pattern only at the text's start and at the
    line starts BARE_START finds."""
    start: int | None = 0
    pos = 0
    while start is not None:
        if (m := BARE_LINE.match(text, start)) is not None:
            yield m
            pos = m.end()
        hit = BARE_START.search(text, max(pos, start))
        start = hit.start() + 1 if hit is not None else None


def _with_spaces_before(text: str, start: int) -> int:
    """``start`` moved back over the spaces and tabs right before it."""
    while start > 0 and text[start - 1] in LINE_SPACE:
        start -= 1
    return start


def _blank_before(text: str, start: int) -> bool:
    """Is there only edge space between the start of the line and ``start``?"""
    i = start
    while i > 0 and text[i - 1] in EDGE_SPACE:
        i -= 1
    return i == 0 or text[i - 1] == "\n"
MARKER_LINE = re.compile(rf"(?:{OPEN}\s*(?:{FORWARD}|{BACKWARD})\s*{CLOSE}|{FORWARD}|{BACKWARD})")


def is_marker_line(content: str) -> bool:
    """A line that is nothing but a continuation marker.

    >>> is_marker_line("（下转第4版）"), is_marker_line("接上页"), is_marker_line("转第4版的文章")
    (True, True, False)
    """
    return bool(MARKER_LINE.fullmatch(content))


@dataclass(frozen=True)
class ContinuationMarkerSettings:
    requires: tuple[str, ...] = ("版", "页", "面")  # literals of which one must occur for the rule to look


class ContinuationMarkerKind:
    Settings = ContinuationMarkerSettings

    def __init__(self, rule: Rule) -> None:
        self.requires = read_settings(rule, ContinuationMarkerSettings).requires

    def find(self, text: str) -> list[Finding]:
        if not any(lit in text for lit in self.requires):
            return []
        spans: list[tuple[int, int]] = []
        for regex in (BRACKETED, BARE_LINE):
            for m in regex.finditer(text) if regex is BRACKETED else bare_lines(text):
                start = _with_spaces_before(text, m.start()) if regex is BRACKETED else m.start()
                spans.append(self._span(text, start, m.end(), forward=m.group("fwd") is not None))
        return [Finding(s, e, "") for s, e in _union(spans)]

    def _span(self, text: str, start: int, end: int, *, forward: bool) -> tuple[int, int]:
        """The marker, widened to the whole page break when the paragraph runs on across it."""
        # Both tests look only at the spaces next to the marker: linear however long the line.
        at_end = BLANK_TO_LINE_END.match(text, end) is not None
        at_start = _blank_before(text, start)
        if not ((forward and at_end) or (not forward and at_start)):
            return start, end
        before = _previous_content(text, start)
        after = _next_content(text, end)
        if before is None or after is None:
            return start, end
        (b_end, b_text), (a_start, a_text) = before, after
        if ends_open(b_text) and CONTINUES.match(a_text) and not is_standalone(a_text) and _running_text(b_text):
            return min(b_end, start), max(a_start, end)
        return start, end


def _running_text(content: str) -> bool:
    """Text a paragraph can run on from: punctuated or long, not a short title or a header left in."""
    if is_standalone(content) and not is_body(content):
        return False
    return bool(SENTENCE_MARKS.search(content)) or (len(content) >= 20 and not DATE.search(content))


def _previous_content(text: str, pos: int) -> tuple[int, str] | None:
    """End offset and text of the last non-blank, non-marker stretch before ``pos``."""
    for _ in range(MAX_BREAK_LINES):
        if pos <= 0:
            return None
        line_start = text.rfind("\n", 0, pos) + 1
        piece = text[line_start:pos].rstrip(EDGE_SPACE)
        tail = TRAILING.search(piece)
        if tail:  # a marker closing the line: the content is before it
            piece = piece[: tail.start()].rstrip(EDGE_SPACE)
        stripped = piece.strip(EDGE_SPACE)
        if stripped and not is_marker_line(stripped):
            return line_start + len(piece), stripped
        if line_start == 0:
            return None
        pos = line_start - 1
    return None


def _next_content(text: str, pos: int) -> tuple[int, str] | None:
    """Start offset and text of the first non-blank, non-marker stretch after ``pos``."""
    n = len(text)
    for _ in range(MAX_BREAK_LINES):
        if pos >= n:
            return None
        line_end = text.find("\n", pos)
        line_end = n if line_end < 0 else line_end
        piece = text[pos:line_end]
        head = BRACKETED.match(piece.lstrip(EDGE_SPACE))
        skip = len(piece) - len(piece.lstrip(EDGE_SPACE)) + (head.end() if head else 0)
        stripped = piece[skip:].strip(EDGE_SPACE)
        if stripped and not is_marker_line(stripped):
            return pos + skip + (len(piece[skip:]) - len(piece[skip:].lstrip(EDGE_SPACE))), stripped
        pos = line_end + 1
    return None


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged
