"""Lines of a scanned page, and what a line looks like: the vocabulary of the layout kinds.

The layout kinds (page furniture, continuation markers, hard-wrap joining) all
look at a text as a sequence of visual lines. :func:`split_lines` gives each
line's offsets, its indentation and its content without edge whitespace; the
predicates below say whether a line ends a sentence, stands alone (a heading,
a list item, a dateline, a signature) or is a page number or a running header.
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

from cleaner.charclass import HAN_RANGES

# A form feed (\f) is the page break of Tesseract's text (and of other pagers): edge space, not content.
EDGE_SPACE = " \t\u3000\u00a0\r\f"
PAGE_BREAK = "\f"


class Line(NamedTuple):
    """One visual line: ``text[start:end]`` without its line break.

    ``lo``/``hi`` bound the content (edge whitespace excluded); ``content`` is
    ``text[lo:hi]``; ``indent`` is the leading whitespace. A named tuple, not a frozen
    dataclass: a text has a line per hard-wrapped line, and a tuple is made four times faster.
    """

    start: int
    end: int
    lo: int
    hi: int
    content: str
    indent: str

    @property
    def blank(self) -> bool:
        return self.lo == self.hi

    @property
    def width(self) -> int:
        """Characters the line occupies on the page, indentation included."""
        return self.hi - self.start

    @property
    def indented(self) -> bool:
        """Paragraph indentation: an ideographic space or two or more spaces."""
        return "\u3000" in self.indent or len(self.indent.replace("\r", "")) >= 2


# The last text split and its lines: the layout kinds that read lines (page furniture, line-edge
# noise, hard wraps) run one after another on the same text, mostly unchanged between them.
_last_split: tuple[str, tuple[Line, ...]] | None = None


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` (``\\n``-separated; a ``\\r`` before it counts as edge space).

    >>> [(l.content, l.indent) for l in split_lines("　　正文。\\n\\n标题")]
    [('正文。', '　　'), ('', ''), ('标题', '')]
    """
    global _last_split
    last = _last_split
    if last is not None and (last[0] is text or (len(last[0]) == len(text) and last[0] == text)):
        return list(last[1])
    lines = _split(text)
    _last_split = (text, tuple(lines))
    return lines


def _split(text: str) -> list[Line]:
    lines: list[Line] = []
    append_line = lines.append
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.lstrip(EDGE_SPACE)
        lo = end - len(stripped)
        content = stripped.rstrip(EDGE_SPACE)
        append_line(Line(pos, end, lo, lo + len(content), content, raw[: lo - pos]))
        pos = end + 1
    return lines


def pages(text: str, lines: list[Line]) -> list[list[Line]]:
    """The lines with content of each page, pages cut at form feeds (one page when there is none).

    >>> [[l.content for l in p] for p in pages("甲\\n\\n乙\\n\\f丙", split_lines("甲\\n\\n乙\\n\\f丙"))]
    [['甲', '乙'], ['丙']]
    """
    breaks = [i for i, ch in enumerate(text) if ch == PAGE_BREAK] if PAGE_BREAK in text else []
    out: list[list[Line]] = [[] for _ in range(len(breaks) + 1)]
    for line in lines:
        if not line.blank:
            out[bisect.bisect_left(breaks, line.lo)].append(line)
    return out


def page_edge_starts(text: str, lines: list[Line], depth: int) -> frozenset[int] | None:
    """Start offsets of the lines within ``depth`` lines of a page's top or bottom;
    None when the text has no page breaks (then every line may be at an edge)."""
    if PAGE_BREAK not in text:
        return None
    return frozenset(line.start for page in pages(text, lines) for line in page[:depth] + page[-depth:])


# Sentence-final marks: a line ending on one of these may end its paragraph.
CLOSING = frozenset("。！？!?…；;：:”’」』）)》〉】")
# A paragraph cannot end on one of these: the sentence goes on.
OPEN_PUNCT = frozenset("，,、“‘（(《〈【「『—")
# Characters a continuation may start with: running text, or punctuation that never starts a line.
CONTINUES = re.compile(f"[{HAN_RANGES}0-9A-Za-z０-９“‘《〈”’）》〉】」』，、。；：！？%％·．.]")
# Headings and list items: numbered headings, chapters, list dashes and bullets.
HEADING = re.compile(
    r"(?:[一二三四五六七八九十百]+[、．]|[（(][一二三四五六七八九十0-9]{1,3}[)）]"
    r"|第[一二三四五六七八九十百零〇0-9]+[章节条部分篇编]"
    r"|[0-9]{1,2}[、．]|[0-9]{1,2}\.(?![0-9])|——|—|[*·•●■◆□○])"
)
DATELINE = re.compile(
    r"[（(]?\s*(?:——)?\s*[0-9〇零一二三四五六七八九十]{2,4}\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月"
    r"(?:\s*[0-9一二三四五六七八九十]{1,3}\s*日)?\s*[)）]?"
)
# A signature: a bare name, or a title and a name set apart by a space.
BARE_NAME = re.compile(f"[{HAN_RANGES}]{{2,4}}")
SIGNATURE = re.compile(f"[{HAN_RANGES}]{{2,4}}|[{HAN_RANGES}]{{2,20}}[ \u3000]+[{HAN_RANGES}]{{2,4}}")
# A salutation or lead-in on a line of its own: 同志们！ 各位代表：
SALUTATION = re.compile(f"[{HAN_RANGES}]{{2,8}}[！!：:]")
SENTENCE_MARKS = re.compile("[，。；！？、：,;]")
# Marks of running text; 一、 and 三、 open headings, so the enumeration comma is not one.
RUNNING_MARKS = re.compile("[，。；,;]")


# Closing quotes and brackets end a sentence only after a sentence-final mark (…。” ends, “锦绣太原城” does not).
ENCLOSING = frozenset("”’」』）)》〉】")
FINAL = frozenset("。！？!?…")


def ends_open(content: str) -> bool:
    """Does the line stop where the sentence cannot end (a character, a comma, an open quote)?

    >>> ends_open("全面建成小康社会，"), ends_open("全面建成小康社会。"), ends_open("一、总结")
    (True, False, True)
    >>> ends_open("再现“锦绣太原城”"), ends_open("他说：“要奋斗。”")
    (True, False)
    """
    if not content:
        return False
    last = content.rstrip("”’」』）)》〉】")
    if last != content and last and last[-1] not in FINAL and last[-1] not in ENCLOSING:
        return True
    return content[-1] not in CLOSING


def ends_unfinished(content: str) -> bool:
    """Stops on punctuation that cannot end a heading or a paragraph (，、 or an opening mark)."""
    return bool(content) and content[-1] in OPEN_PUNCT


# Lines already judged by is_standalone: the hard-wrap rule asks about each line three times
# (as the line after a break, as the line before the next, in the document's style) and again in
# the next pass. Bounded by the characters it holds (a chunk's lines; emptied when full).
_standalone: dict[str, bool] = {}
_standalone_chars = 0
STANDALONE_CACHE = 600_000


def is_standalone(content: str) -> bool:
    """A line that is never the middle of a paragraph: heading, list item, dateline, signature.

    >>> [is_standalone(t) for t in ["一、过去五年工作的回顾", "——创新活力明显释放。", "罗清宇", "9.2万亿元。"]]
    [True, True, True, False]
    """
    global _standalone_chars
    known = _standalone.get(content)
    if known is None:
        known = bool(HEADING.match(content) or DATELINE.fullmatch(content) or SIGNATURE.fullmatch(content))
        _standalone_chars += len(content)
        if _standalone_chars > STANDALONE_CACHE:
            _standalone.clear()
            _standalone_chars = len(content)
        _standalone[content] = known
    return known


def is_body(content: str, min_chars: int = 30) -> bool:
    """Running text rather than a title: a sentence ends inside it, or it is long and punctuated.

    >>> is_body("（五）加快机关作风建设。作风建设是"), is_body("二、沿着总书记指引的方向 奋勇前进，全面再现盛景")
    (True, False)
    """
    if "。" in content[:-1]:
        return True
    if HEADING.match(content):
        return False
    return len(content) >= min_chars and ("，" in content or "。" in content)


def is_running(content: str) -> bool:
    """Punctuated like running text (a numbered heading's own 一、 does not count).

    >>> is_running("建设、促进祖国和平统"), is_running("一、坚持党的全面领导")
    (True, False)
    """
    m = HEADING.match(content)
    return bool(SENTENCE_MARKS.search(content[m.end() if m else 0 :]))


def join_text(gap: str, left: str, right: str, *, headline: bool = False) -> str:
    """What goes between two halves of a line joined back: nothing in running Chinese text; one
    space where the break was at a space next to a Latin word or number (试验区 and 能源), or
    between the two halves of a headline."""
    if " " in gap and left and right and (headline or left[-1].isascii() or right[0].isascii()):
        return " "
    return ""
