"""The ``hard_wrap`` kind: one visual line per line, joined back into paragraphs.

Many OCR engines write a page as it looks: every printed line on a line of its
own, so a paragraph is cut every 18-40 characters, and again at page breaks
(with blank lines where headers and markers were). This kind reads the whole
document first:

- the wrap width: most lines of a hard-wrapped text have the same width (the
  column), give or take one character (punctuation kept off a line start);
  a text whose lines do not share a width is not hard-wrapped;
- whether paragraphs start with an indentation, and whether blank lines
  separate paragraphs.

Then, for each line break (with any blank lines), between line A and line B:
a full-width A followed by B goes on, unless B is indented or stands alone
(heading, list item, dateline, signature); a short A ends its paragraph. A full
A that ends a sentence is joined only when the document's paragraph marks (an
indentation, a blank line) say B does not start a paragraph; when they cannot
say, the break is flagged, not joined. In a text that is not hard-wrapped, a
line break is a paragraph end unless the paragraph before it stops mid-sentence
(a page break); short lines ending on a comma are flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.pagelines import (
    BARE_NAME,
    CONTINUES,
    HEADING,
    PAGE_BREAK,
    RUNNING_MARKS,
    SALUTATION,
    Line,
    ends_open,
    ends_unfinished,
    is_body,
    is_running,
    is_standalone,
    join_text,
    split_lines,
)
from cleaner.rule import Rule

# Kinsoku: a printed line never starts with these, so a line that does continues the one before.
NEVER_STARTS = frozenset("，。、；：？！”’）》〉】」』%％")
LATIN_RUN = re.compile(r"[0-9A-Za-z.%]+")


OCR_SPACE = re.compile(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])")


def visual_width(line: Line) -> int:
    """Columns a line fills: indentation and content, without spaces OCR put between Chinese characters."""
    content = line.content
    if " " in content:
        content = OCR_SPACE.sub("", content)
    return len(line.indent.replace("\r", "")) + len(content)


@dataclass(frozen=True)
class Style:
    """What the document's layout says about paragraphs."""

    width: int | None  # the wrap width, None when the text is not hard-wrapped
    indented: bool  # paragraphs start with an indentation
    blank_separated: bool  # blank lines separate paragraphs
    # A paragraph's first line is this many characters shorter than the column while its
    # indentation is not in the text (Tesseract writes a blank line, or nothing, for it).
    hidden_indent: int = 0


@dataclass(frozen=True)
class HardWrapSettings:
    min_lines: int = 4
    min_chars: int = 30
    min_width: int = 8
    max_indent: int = 4  # characters of a hidden first-line indentation


class HardWrapKind:
    Settings = HardWrapSettings

    def __init__(self, rule: Rule) -> None:
        self.settings = read_settings(rule, HardWrapSettings)

    def find(self, text: str) -> list[Finding]:
        if "\n" not in text:
            return []
        pairs = _pairs(split_lines(text))
        if not pairs:
            return []
        style = self.style(pairs)
        found = []
        paragraph = ""  # the paragraph line A belongs to, as joined so far
        for a, b, gap in pairs:
            paragraph += a.content
            between = text[a.hi : b.lo]
            if PAGE_BREAK in between:
                # The blank lines and spaces of a page break (and of its removed furniture) say
                # nothing of paragraphs or of a space between words.
                gap, between = 0, "\n"
            verdict = self.decide(a, b, gap, style, paragraph)
            if verdict is None:
                paragraph = ""
                continue
            headline = not is_body(paragraph + b.content, self.settings.min_chars)
            after = join_text(between, a.content, b.content, headline=headline)
            if verdict == "join":
                found.append(Finding(a.hi, b.lo, after))
            else:
                found.append(Finding(a.hi, b.lo, None, reason=verdict, candidates=(after,)))
            if verdict != "join":
                paragraph = ""
        return found

    def style(self, pairs: list[tuple[Line, Line, int]]) -> Style:
        lines = [pairs[0][0]] + [b for _, b, _ in pairs]
        width = self.wrap_width(lines)
        starts = indented = blank = ends = 0
        for a, b, gap in pairs:
            if is_standalone(b.content):
                continue
            if width is None:
                if is_body(b.content, self.settings.min_chars):
                    starts += 1
                    indented += b.indented
                continue
            if visual_width(a) < width - 1 and not ends_open(a.content):  # a clear paragraph end
                starts += 1
                indented += b.indented
                ends += 1
                blank += gap > 0
        if width is None:
            for b in lines[:1]:
                if is_body(b.content, self.settings.min_chars):
                    starts += 1
                    indented += b.indented
        return Style(
            width,
            indented=starts >= 2 and indented >= 0.6 * starts,
            blank_separated=ends >= 2 and blank >= 0.5 * ends,
            hidden_indent=self.hidden_indent(pairs, width) if width is not None else 0,
        )

    def hidden_indent(self, pairs: list[tuple[Line, Line, int]], width: int) -> int:
        """How much shorter than the column the first lines of paragraphs are, when their
        indentation is not written: the usual width of a line that follows a clear paragraph
        end (a short line ending a sentence) and runs on into the next line."""
        firsts = Counter(
            visual_width(b) for a, b, _ in pairs
            if visual_width(a) < width - 1 and not ends_open(a.content) and not b.indented
            and not is_standalone(b.content) and ends_open(b.content)
        )
        if not firsts:
            return 0
        usual, count = max(firsts.items(), key=lambda item: (item[1], item[0]))
        shortfall = width - usual
        enough = count >= self.settings.min_lines and count >= 0.4 * sum(firsts.values())
        return shortfall if enough and 2 <= shortfall <= self.settings.max_indent else 0

    def wrap_width(self, lines: list[Line]) -> int | None:
        widths = [visual_width(line) for line in lines]
        counts = Counter(w for w in widths if w >= self.settings.min_width)
        if not counts:
            return None
        width = max(counts, key=lambda w: (counts[w], w))  # the column; kinsoku makes a few lines one longer
        near = [line for line, w in zip(lines, widths) if width - 1 <= w <= width + 1]
        longer = sum(1 for w in widths if w > width + 1)
        open_ends = sum(1 for line in near if ends_open(line.content))
        if (
            len(near) >= self.settings.min_lines
            and len(near) >= 0.3 * len(lines)
            and longer <= 0.2 * len(lines)
            and open_ends >= 0.3 * len(near)
        ):
            return width
        return None

    def decide(self, a: Line, b: Line, gap: int, style: Style, paragraph: str = "") -> str | None:
        """'join', None (keep the break), or the reason to flag it.

        ``paragraph`` is the text of A's paragraph up to A's end, as joined so far."""
        first, second = a.content, b.content
        if style.hidden_indent:  # indentation is not written, so leading spaces are skew or noise
            a, b = _unindented(a), _unindented(b)
        if second[0] in NEVER_STARTS and not b.indented:
            return "join"
        if style.width is None:
            return self._decide_unwrapped(a, b, style, paragraph or a.content)
        opens = not paragraph or paragraph == first  # A is the first line of its paragraph
        full = visual_width(a) + (style.hidden_indent if opens and not a.indented else 0) >= style.width - 1
        if not full and (run := LATIN_RUN.match(second)):  # the next word did not fit on the line
            full = visual_width(a) + len(run.group()) > style.width
        if full and ends_open(first) and BARE_NAME.fullmatch(second):
            return "join"  # a signature follows a short line or a paragraph end, never a line cut mid-word
        if full and ends_open(first) and not b.indented and is_running(first) and HEADING.match(second):
            # where blank lines mark indentation, a blank line before (三) is a paragraph start
            if not (gap and style.hidden_indent):
                return "join"  # running text cut mid-sentence at the column goes on, even into 三、 or ——
        if is_standalone(second):
            if full and ends_open(first) and not b.indented:
                return "a full line that runs on, then a line that looks like a heading or list item: one paragraph or two?"
            return None
        if not full:
            if ends_unfinished(first) and not b.indented:
                return "a short line ending on a comma: a heading, or a paragraph cut here?"
            return None
        if b.indented:
            if ends_unfinished(first):
                return "a line ending on a comma, then an indented line: a paragraph cut at a page break?"
            return None
        if HEADING.match(first) and "。" not in first:  # a numbered heading that fills the line
            if style.indented or (style.blank_separated and gap == 0) or (len(second) < style.width - 1 and ends_open(second)):
                return "join"
            return "a heading that fills the line: does the next line continue it?"
        if ends_open(first):
            paragraph = paragraph or first
            title = not RUNNING_MARKS.search(paragraph) or (HEADING.match(paragraph) and "。" not in paragraph)
            if gap and style.blank_separated and title:
                return "a full line of a title or heading, then a blank line: one paragraph or two?"
            return "join"
        if SALUTATION.fullmatch(second):  # 各位代表！ after a finished sentence stands alone
            return None
        b_full = visual_width(b) >= style.width - 1
        if style.hidden_indent and not b.indented:
            if gap and style.blank_separated:
                return None  # the blank line is where the indentation was
            if b_full:
                return "join"
            if ends_open(second) and visual_width(b) >= style.width - style.hidden_indent - 1:
                return None  # a first line: as wide as the column less the unwritten indentation
        if (style.indented and b_full) or (style.blank_separated and gap == 0):
            return "join"
        if style.indented:
            if second[-1] == "。" or "，" in second:  # a sentence, not a heading or a salutation
                return "join"
            return "a full line that ends a sentence, then a short unindented one: a paragraph of its own?"
        return "a full line that ends a sentence, with no indentation to tell: paragraph end or line wrap?"

    def _decide_unwrapped(self, a: Line, b: Line, style: Style, paragraph: str) -> str | None:
        """``paragraph``: A's paragraph as joined so far, so that a chain of pieces is judged
        as the joined text it becomes (one pass, a fixed point), not piece by piece."""
        first, second = paragraph, b.content
        if is_standalone(second) or (b.indented and style.indented) or not CONTINUES.match(second):
            return None
        if is_standalone(first) and not is_body(first, self.settings.min_chars):  # （五）… opening a paragraph is body text
            return None
        if is_body(first, self.settings.min_chars) and ends_open(first):
            return "join"  # a paragraph cut at a page break
        if style.indented and not b.indented and is_body(second, self.settings.min_chars):
            return "join"  # unindented body text in an indented document goes on from the line before
        if ends_unfinished(first) or (ends_open(first) and is_body(second, self.settings.min_chars)):
            return "a short line that does not end a sentence, then running text: a heading, or a paragraph cut here?"
        return None


def _unindented(line: Line) -> Line:
    return line._replace(start=line.lo, indent="") if line.indent else line


def _pairs(lines: list[Line]) -> list[tuple[Line, Line, int]]:
    """Each non-blank line with the next one and the number of blank lines between them."""
    pairs = []
    previous: Line | None = None
    gap = 0
    for line in lines:
        if line.blank:
            gap += 1
            continue
        if previous is not None:
            pairs.append((previous, line, gap))
        previous, gap = line, 0
    return pairs
