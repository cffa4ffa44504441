"""The ``page_edge_furniture`` kind: running headers and footers of a paged text, by place and shape.

Tesseract (and other OCR engines that read a multi-page input) separates pages with
a form feed. Headers and footers then sit at known places: the first and last lines
of each page. They are found by

- *place*: only the lines at a page's top or bottom edge are candidates, and only
  a run of such lines from the very edge inwards: the first line that is not
  furniture ends the run, so a line in the body of a page is never furniture,
  however often it repeats (各位代表！);
- *shape across pages*: a running header (or a running title in the footer) is the
  same line on many pages up to its page number and OCR misreadings (第]页, 当17页,
  a dropped or doubled mark). Its *skeleton* (the letters and ideographs left when
  the page number and digits are taken out) is compared fuzzily: the running title
  is the skeleton that most pages' top (or bottom) lines resemble, and it counts
  when at least ``min_pages`` pages (and ``min_share`` of them) carry it;
- *page numbers in misread forms*: a footer — 3 — reads as 二2., 一2一, a bare digit,
  or only noise (a stray 、 or “); a short edge line with no ideograph but the
  dash look-alikes (一 二 人) is a page number or its residue.

Removals are safe when the document shows running furniture (a running title, or
page numbers at ``min_pages`` page edges); otherwise an edge line that looks like
a page number is flagged. The line's text goes; its line break and the form feed
stay, so the page break still shows (the form-feed rule turns it into a line break
later, and the hard-wrap rule joins the paragraph across it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.fuzz import ratio

from cleaner.charclass import HAN_RANGES
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.pagelines import Line, pages, split_lines
from cleaner.rule import Rule

# The page-number part of a header, misread digits included (第]页, 当17 页, 第 1] 页).
PAGE_PART = re.compile(r"[第当笫]\s*\S{1,3}?\s*页")
NOT_SKELETON = re.compile(f"[^{HAN_RANGES}A-Za-z]+")
SPACES = re.compile(r"\s+")
DIGIT = re.compile(r"[0-9]")
DIGIT_RUN = re.compile(r"[0-9]+")
HAN = re.compile(f"[{HAN_RANGES}]")
PAGE_OF = re.compile(rf"{PAGE_PART.pattern}[，,/]?共\S{{1,3}}页")
# A page number in a header: 第3页 (misread too), or a number set apart at the line's start or end.
NUMBERED = re.compile(rf"{PAGE_PART.pattern}|^\S{{0,2}}[0-9]{{1,3}}\s|\s\S{{0,2}}[0-9]{{1,3}}\S{{0,2}}$")
# A title or a page number does not end a sentence (各位代表！ at a page's top is text).
SENTENCE_END = re.compile(r"[。！？!?…]$")


def skeleton(content: str) -> str:
    """What stays the same from page to page: ideographs and letters, page number and digits out.

    >>> skeleton("2016年政府工作报告      第3页") == skeleton("，2016年政府工作报告 ， 第]页 :")
    True
    """
    return NOT_SKELETON.sub("", PAGE_PART.sub("", content))


@dataclass(frozen=True)
class PageEdgeFurnitureSettings:
    depth: int = 2  # lines looked at from each page edge
    min_pages: int = 2
    min_share: float = 0.3
    similarity: float = 75  # rapidfuzz ratio, 0-100
    max_header_chars: int = 40
    max_number_chars: int = 10
    dash_lookalikes: str = "一二人"
    candidates: int = 20  # most frequent skeletons tried as the title


class PageEdgeFurnitureKind:
    Settings = PageEdgeFurnitureSettings

    def __init__(self, rule: Rule) -> None:
        self.settings = read_settings(rule, PageEdgeFurnitureSettings)

    def find(self, text: str) -> list[Finding]:
        if "\f" not in text:
            return []
        paged = pages(text, split_lines(text))
        if len(paged) < self.settings.min_pages:
            return []
        tops = [page[: self.settings.depth] for page in paged]
        bottoms = [page[::-1][: self.settings.depth] for page in paged]  # from the edge inwards
        top_title, bottom_title = self.running_title(tops), self.running_title(bottoms)
        numbered = sum(1 for page in paged if any(self.is_number(line) and DIGIT.search(line.content)
                                                  for line in page[-self.settings.depth:] + page[: self.settings.depth]))
        running = top_title is not None or bottom_title is not None or numbered >= self.settings.min_pages
        found: list[Finding] = []
        for top_edge, bottom_edge in zip(tops, bottoms):
            top = self._edge_run(top_edge, top_title)
            bottom = self._edge_run(bottom_edge, bottom_title)
            for line in top + [b for b in bottom if b not in top]:
                if running:
                    found.append(Finding(line.lo, line.hi, ""))
                elif self.is_number(line):
                    found.append(Finding(line.lo, line.hi, None, candidates=("",),
                                         reason="a page number at a page's edge, but no running header or "
                                                "page numbers on other pages: page layout or text?"))
        return sorted(found, key=lambda f: f.start)

    def _edge_run(self, edge: list[Line], title: str | None) -> list[Line]:
        """The furniture lines from the page's edge inwards, up to the first line that is not furniture."""
        run = []
        for line in edge:
            if not (self.is_number(line) or (title is not None and self.is_header(line, title))):
                break
            run.append(line)
        return run

    def running_title(self, edges: list[list[Line]]) -> str | None:
        """The skeleton that the edge lines (top or bottom) of the most pages resemble, if enough
        pages carry it. Only the most frequent skeletons are tried, so that long documents stay fast."""
        skeletons = [[(s, bool(NUMBERED.search(line.content))) for line in edge
                      if 2 <= len(s := skeleton(line.content)) <= self.settings.max_header_chars
                      and not SENTENCE_END.search(line.content)]
                     for edge in edges]
        frequency = Counter(s for edge in skeletons for s, _ in set(edge))
        best, best_count = None, 0
        for candidate, _ in sorted(frequency.items(), key=lambda item: (-item[1], item[0]))[: self.settings.candidates]:
            least = self.settings.similarity
            similar = [[numbered for s, numbered in edge if ratio(candidate, s) >= least] for edge in skeletons]
            count = sum(1 for page in similar if page)
            with_number = sum(1 for page in similar if any(page))
            if with_number < self.settings.min_pages:  # a running header carries the page number (a repeated line does not)
                continue
            if count > best_count or (count == best_count and best is not None and len(candidate) > len(best)):
                best, best_count = candidate, count
        if best is not None and best_count >= max(self.settings.min_pages, self.settings.min_share * len(edges)):
            return best
        return None

    def is_header(self, line: Line, title: str) -> bool:
        """The running title with its page number, noise around it allowed; no longer than a header."""
        content = SPACES.sub("", line.content)
        if len(content) > self.settings.max_header_chars or SENTENCE_END.search(content):
            return False
        return ratio(title, skeleton(content)) >= self.settings.similarity

    def is_number(self, line: Line) -> bool:
        """A page number or its residue: short, and no ideograph but the dash look-alikes.

        A footer — 3 — is read as 3, 一3一, 二3., ”3, or only noise (、 “); 第3页 as 第]页."""
        content = SPACES.sub("", line.content)
        if not content or len(content) > self.settings.max_number_chars:
            return False
        if PAGE_PART.fullmatch(content) or PAGE_OF.fullmatch(content):  # 第3页, 第]页, 第3页共20页
            return True
        if any(ch not in self.settings.dash_lookalikes for ch in HAN.findall(content)):
            return False
        letters = sum(ch.isascii() and ch.isalpha() for ch in content)
        one_number = len(DIGIT_RUN.findall(line.content)) <= 1  # a page number is one number (12.5 or 3 7 are figures)
        return letters <= 2 and one_number and not re.search(r"[0-9]{4}", content) and not SENTENCE_END.search(content)
