"""The ``page_furniture`` kind: running headers, footers and page numbers.

Printed pages repeat a header (paper name and date, a chapter title) and a
footer (第 3 页, — 3 —, - 3 -, 3/12) at every page boundary; OCR puts them into
the text between the two halves of a paragraph. A line is furniture when

- it has the shape of a page number, or of a running header (a date with a
  weekday, a page or an edition), and its shape (digits ignored) occurs on
  two or more lines, most of them a page apart (``page_lines``); page
  numbers must also not go backwards; or
- it is a short line without sentence punctuation repeated word for word, and
  at least two of its occurrences stand next to a page-number, header or marker
  line (a running title has no shape of its own, so it needs company); only
  those occurrences go, since the same words elsewhere are the heading itself.

Repeated furniture lines are emptied (their line break stays); a line with the
shape of furniture seen only once is flagged, since it may be text. In a paged
text (form feeds) only the lines at a page's edges can be furniture: a line in the
body of a page never is, however often it repeats.
This kind needs the whole document, to count.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass

from cleaner.kinds.base import Finding
from cleaner.kinds.continuation_marker import is_marker_line
from cleaner.kinds.settings import read_settings
from cleaner.pagelines import Line, page_edge_starts, split_lines
from cleaner.rule import Rule

CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
NUM = r"(?:[0-9]{1,4}|[一二三四五六七八九十百零〇]{1,4})"
PAGE_NUMBER = re.compile(
    rf"第\s*{NUM}\s*页(?:\s*[/，,]?\s*共\s*{NUM}\s*页)?"
    r"|[—–\-－─~·•]{1,2}\s*[0-9]{1,4}\s*[—–\-－─~·•]{1,2}"
    r"|[0-9]{1,4}\s*[/／]\s*[0-9]{1,4}"
    r"|(?:[Pp]age|P\.)\s*[0-9]{1,4}(?:\s*of\s*[0-9]{1,4})?"
    r"|[0-9]{1,4}"
)
DATE = r"[0-9]{2,4}\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*日"
HEADER = re.compile(rf"{DATE}.*(?:星期|周[一二三四五六日天]|第\s*{NUM}\s*[版期]|[A-Z][0-9]{{1,2}}\s*版)"
                    rf"|(?:星期[一二三四五六日天]|第\s*{NUM}\s*[版期]).*{DATE}"
                    rf"|^第\s*{NUM}\s*版\s*[^，。；！？]{{0,12}}$|^[^，。；！？]{{0,16}}第\s*{NUM}\s*版$")
SENTENCE = re.compile("[，。；！？、]")
DIGITS = re.compile(r"[0-9]+|[一二三四五六七八九十百零〇]+")


def shape(content: str) -> str:
    """A line with its numbers and spaces taken out: the same on every page.

    >>> shape("第 3 页") == shape("第12页"), shape("— 3 —")
    (True, '—#—')
    """
    return DIGITS.sub("#", re.sub(r"\s+", "", content))


def first_number(content: str) -> int | None:
    m = DIGITS.search(content)
    if not m:
        return None
    token = m.group()
    if token.isdigit():
        return int(token)
    value = 0
    if "十" in token:  # 十, 十二, 二十, 二十三
        tens, _, ones = token.partition("十")
        value = (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
        return value
    for ch in token:
        if ch not in CN_DIGITS:
            return None
        value = value * 10 + CN_DIGITS[ch]
    return value


@dataclass(frozen=True)
class PageFurnitureSettings:
    max_chars: int = 40
    near: int = 3
    page_lines: int = 3  # fewest lines between two page numbers
    edge_lines: int = 2  # in a paged text, lines from a page edge


class PageFurnitureKind:
    Settings = PageFurnitureSettings

    def __init__(self, rule: Rule) -> None:
        self.settings = read_settings(rule, PageFurnitureSettings)

    def find(self, text: str) -> list[Finding]:
        all_lines = split_lines(text)
        edges = page_edge_starts(text, all_lines, self.settings.edge_lines)
        lines = [line for line in all_lines if not line.blank]
        kinds: list[str] = []
        for line in lines:
            c = line.content
            if len(c) > self.settings.max_chars or (edges is not None and line.start not in edges):
                kinds.append("")
            elif is_marker_line(c):
                kinds.append("marker")
            elif PAGE_NUMBER.fullmatch(c):
                kinds.append("page")
            elif HEADER.search(c) and not re.search("[。！？]", c):
                kinds.append("header")
            elif not SENTENCE.search(c) and c[-1] not in "：:!?":  # 各位代表! is a salutation
                kinds.append("repeat?")
            else:
                kinds.append("")
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for n, (line, k) in enumerate(zip(lines, kinds)):
            if k in ("page", "header"):
                groups[(k, shape(line.content))].append(n)
            elif k == "repeat?":
                groups[(k, line.content)].append(n)
        anchors = [n for n, k in enumerate(kinds) if k in ("page", "header", "marker")]
        remove: list[int] = []
        flag: list[int] = []
        for (k, _), members in groups.items():
            if k == "repeat?":
                beside = [n for n in members if self._near(n, anchors)]
                if len(beside) >= 2:  # a running title; its other occurrences are text (the heading itself)
                    remove.extend(beside)
                continue
            numbers = [first_number(lines[n].content) for n in members]
            rising = k == "header" or all(
                a is not None and b is not None and a <= b for a, b in itertools.pairwise(numbers)
            )
            if len(members) >= 2 and rising and self._paged(members):
                remove.extend(members)
            else:
                flag.extend(members)
        found = [self._removal(text, lines[n]) for n in remove]
        for n in flag:
            line = lines[n]
            found.append(Finding(line.lo, line.hi, None,
                                 reason="looks like a page number or running header but occurs once: page layout or text?",
                                 candidates=("",)))
        return sorted(found, key=lambda f: (f.start, f.end))

    def _paged(self, members: list[int]) -> bool:
        """Do the occurrences stand a page apart? (Years or figures in a table come line after line.)"""
        gaps = sorted(b - a for a, b in itertools.pairwise(members))
        return gaps[len(gaps) // 2] >= self.settings.page_lines

    def _near(self, n: int, anchors: list[int]) -> bool:
        """Is another anchor line within ``near`` lines of line ``n``? (``anchors`` is sorted.)"""
        i = bisect.bisect_left(anchors, n - self.settings.near)
        return any(a != n for a in anchors[i : bisect.bisect_right(anchors, n + self.settings.near)])

    @staticmethod
    def _removal(text: str, line: Line) -> Finding:
        """The line's text; its line break stays, so the page break still shows as a blank line
        (evidence for the hard-wrap rule; the canonical layout rules collapse it later)."""
        return Finding(line.start + line.indent.rfind("\f") + 1, line.end, "")
