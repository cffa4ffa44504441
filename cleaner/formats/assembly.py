"""What every structured OCR format shares: pages of lines of words, assembled into one text.

A reader turns a file into an :class:`OcrDocument`: pages, each a list of lines in
reading order, each line a list of words with their element, id and confidence.
:func:`assemble` lays the words out in the shape of Tesseract's plain-text output
(Tesseract's ``TessTextRenderer``), so that a structured file and the text of the
same run are cleaned alike:

- the words of a line in order, with the blanks Tesseract would put before each
  (``Word.spaces``), and a line feed after the line;
- an empty line after the last line of a paragraph (hOCR ``ocr_par``, an ALTO
  ``TextBlock``, a PAGE ``TextRegion``), except after the last one of a page;
- a form feed between pages.

The :class:`Assembly` remembers where each word lies in that text. After cleaning,
:func:`new_word_texts` maps the edits (source offsets) back onto the words: the
characters an edit removes leave their words, and the text it writes goes to the
first word it touches (or, for an edit inside the blanks between words, to the
word before it, else the one after), without line ends, and without blanks unless
it lies inside that word. Blanks and line ends are not
stored in any element: they are the layout, which the format keeps in geometry.
So the words of the output, read in order, are the clean text without its
whitespace (:func:`without_whitespace`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cleaner.edits import Edit

WHITESPACE = re.compile(r"\s+")
LAYOUT = re.compile(r"[\n\r\f\v]+")


@dataclass
class Word:
    """One recognised word: its text, id, confidence (0-1, or None) and element."""

    text: str
    id: str | None = None
    conf: float | None = None
    node: Any = None  # the reader's handle: an lxml element, or an index into JSON
    spaces: int = 0  # blanks before it, as Tesseract's text output would put them


@dataclass
class Line:
    words: list[Word]
    id: str | None = None
    node: Any = None
    paragraph_end: bool = False  # the last line of its paragraph or block


@dataclass
class Page:
    lines: list[Line]
    id: str | None = None
    node: Any = None


@dataclass
class OcrDocument:
    """A file read by one of the format readers; ``tree`` is what its writer needs."""

    format: str
    pages: list[Page]
    tree: Any = None
    meta: dict[str, Any] = field(default_factory=dict)

    def words(self) -> Iterable[tuple[Page, Line, Word]]:
        for page in self.pages:
            for line in page.lines:
                for word in line.words:
                    yield page, line, word


@dataclass(frozen=True, slots=True)
class Place:
    """Where a word's text lies in the assembled text, and the ids that name it."""

    start: int
    end: int
    page: str
    line: str | None
    word: str | None
    page_index: int

    def to_dict(self) -> dict[str, str | None]:
        return {"page": self.page, "line": self.line, "word": self.word}


@dataclass
class Assembly:
    """The assembled text, each word's place in it, and a confidence per character."""

    text: str
    places: list[Place]  # one per word, in reading order (the order of ``OcrDocument.words``)
    confidence: list[float | None]
    _ends: list[int] = field(default_factory=list, repr=False)

    @property
    def ends(self) -> list[int]:
        if len(self._ends) != len(self.places):
            self._ends = [p.end for p in self.places]
        return self._ends

    def elements(self, start: int, end: int) -> list[dict[str, str | None]]:
        """The words a span of the text touches; for a span in the blanks between words,
        the words on either side of it (on the same page)."""
        ends = self.ends
        k = bisect.bisect_right(ends, start)  # first word ending after start
        touched = []
        while k < len(self.places) and (self.places[k].start < end or (start == end and self.places[k].start == start)):
            if self.places[k].start < self.places[k].end or start == end:
                touched.append(self.places[k])
            k += 1
            if start == end:
                break
        if not touched:
            before = bisect.bisect_right(ends, start) - 1
            around = [self.places[i] for i in (before, before + 1) if 0 <= i < len(self.places)]
            touched = [p for p in around if p.page_index == around[0].page_index] if around else []
        return [p.to_dict() for p in touched]


def page_id(page: Page, index: int) -> str:
    return page.id or f"page_{index + 1}"


def assemble(doc: OcrDocument) -> Assembly:
    """Lay the document out as Tesseract's text renderer would (see the module's docstring).

    >>> doc = OcrDocument("test", [Page([Line([Word("各位"), Word("代表", spaces=1)], paragraph_end=True),
    ...                                  Line([Word("现在")])])])
    >>> assemble(doc).text
    '各位 代表\\n\\n现在\\n'
    """
    pieces: list[str] = []
    places: list[Place] = []
    confidence: list[float | None] = []
    pos = 0

    def put(text: str, conf: float | None = None) -> None:
        nonlocal pos
        pieces.append(text)
        confidence.extend([conf] * len(text))
        pos += len(text)

    for p, page in enumerate(doc.pages):
        if p:
            put("\f")
        for n, line in enumerate(page.lines):
            for i, word in enumerate(line.words):
                if i and word.spaces:
                    put(" " * word.spaces)
                start = pos
                put(word.text, word.conf)
                places.append(Place(start, pos, page_id(page, p), line.id, word.id, p))
            put("\n")
            if line.paragraph_end and n < len(page.lines) - 1:
                put("\n")
    return Assembly("".join(pieces), places, confidence)


def new_word_texts(assembly: Assembly, edits: Sequence[Edit]) -> list[str]:
    """Each word's text after the applied ``edits`` (source offsets into ``assembly.text``).

    >>> from cleaner.edits import Edit
    >>> doc = OcrDocument("test", [Page([Line([Word("页眉")]), Line([Word("增"), Word("96")])])])
    >>> asm = assemble(doc)
    >>> new_word_texts(asm, [Edit("X", "layout", 0, 3, "页眉\\n", ""), Edit("Y", "characters", 4, 6, "96", "%")])
    ['', '增', '%']
    """
    places = assembly.places
    covered = bytearray(len(assembly.text))
    inserts: dict[int, list[tuple[int, str]]] = {}
    starts = [p.start for p in places]
    ends = [p.end for p in places]
    for edit in sorted((e for e in edits if e.applied), key=lambda e: (e.start, e.end)):
        covered[edit.start : edit.end] = b"\x01" * (edit.end - edit.start)
        owner, at = _owner(places, starts, ends, edit.start, edit.end)
        after = edit.after
        if owner is None:
            continue
        inside = starts[owner] <= edit.start and edit.end <= ends[owner]
        # Line and page ends are layout, never a word's text; blanks only inside a word.
        after = LAYOUT.sub("", after) if inside else WHITESPACE.sub("", after)
        if after:
            inserts.setdefault(owner, []).append((at, after))
    texts = []
    for n, place in enumerate(places):
        events = [(at, 0, text) for at, text in inserts.get(n, [])]
        events += [(i, 1, assembly.text[i]) for i in range(place.start, place.end) if not covered[i]]
        events.sort(key=lambda e: (e[0], e[1]))
        text = "".join(e[2] for e in events)
        texts.append(text if text.strip() else "")  # a word of blanks alone has no text left
    return texts


def _owner(places: list[Place], starts: list[int], ends: list[int], start: int, end: int) -> tuple[int | None, int]:
    """The word that receives the text an edit of [start, end) writes, and where in it:
    the first word the edit overlaps (or holds strictly inside, for an insertion); for an
    edit in the blanks, the word before it, else the word after it."""
    first = None
    j = bisect.bisect_left(starts, end) - 1  # the last word starting before the edit ends
    while j >= 0 and ends[j] > start:
        if starts[j] < end or starts[j] < start:
            first = j
        j -= 1
    if first is not None:
        return first, max(start, starts[first])
    before = bisect.bisect_right(ends, start) - 1
    if before >= 0:
        return before, ends[before]
    return (0, starts[0]) if places else (None, 0)


def without_whitespace(text: str) -> str:
    """The text the words of an output read as: every whitespace character removed."""
    return WHITESPACE.sub("", text)


def guess_blanks(gap: float, height: float, before: str = "", after: str = "") -> int:
    """The blanks Tesseract's text output would put between the words ``before`` and ``after``,
    ``gap`` apart on a line ``height`` high. Tesseract decides from its own spacing model,
    which hOCR and ALTO do not record; this guess was calibrated on Tesseract's output for
    pages of the training corpus. Between the words of running Chinese text (gaps under two
    line heights) it writes no blank, except next to half-width sentence punctuation set
    apart by a visible gap (各位同事 : ...); across a wide gap (a running header's two halves), about
    one blank per half line height.

    >>> guess_blanks(12, 32, "代表", "现在"), guess_blanks(8, 32, "同事", ":"), guess_blanks(734, 26)
    (0, 1, 56)
    """
    if height <= 0:
        return 0
    if gap < NARROW_GAP * height:
        mark = _sentence_mark(before[-1:]) or _sentence_mark(after[:1])
        return 1 if mark and gap >= MARK_GAP * height else 0
    return max(1, round(gap / (BLANK_WIDTH * height)))


def _sentence_mark(char: str) -> bool:
    """Half-width sentence punctuation, which Tesseract sets apart (brackets it does not)."""
    return bool(char) and char in ",.:;!?"


NARROW_GAP = 2.0  # of the line height
MARK_GAP = 0.2  # of the line height
BLANK_WIDTH = 0.5  # of the line height
