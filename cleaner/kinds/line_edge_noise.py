"""The ``line_edge_noise`` kind: specks of a scan read as marks at the edge of a line.

Dirt, salt-and-pepper noise and the edge of a skewed page reach OCR as marks at
a line's start or end: a comma, a quote, an underscore or a hyphen. They are
noise, not text, where the text cannot have them:

- a line of nothing but such marks, set apart by a wide indentation or after a
  finished sentence (a lone 。 or ” may be the wrapped end of the line before);
- a mark set apart from the line's text by a wide gap (``wide_gap`` spaces or
  more), or by any space after the line's closing punctuation (。 ，): justified
  Chinese text has no such gaps; so is a digit set apart after a finished sentence
  (a table of contents has no 。 before its page numbers);
- a mark glued to the first ideograph of a line that cannot start a printed line
  (kinsoku: ， 、 。 never start one; nor ” unless the last quotation mark before
  it opened a quotation; nor _ - ~ before an ideograph), when the line before ends a
  sentence, so that the break is a paragraph's or a sentence's end; and, there, a “
  that no ” answers (on a line printed right below, not after a blank line) (the next
  quotation mark opens again, or none comes within ``quote_reach`` characters);
- a ” that ends a line after a finished sentence while no quotation is open, and a
  “ that ends a line wrapped onto the next (a printed line never ends on one) and
  that no ” answers.

Found per line, before lines are joined: the layout rules then see the line as
printed. Real marks stay: “ opening a quotation, —— opening a list item, a
closing ” whose quotation is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.charclass import HAN_RANGES
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.pagelines import Line, split_lines
from cleaner.rule import Rule

NOISE = "，,、。.“”\"'‘’`_~·"
# Marks that a printed line never starts with before an ideograph.
NEVER_START = "，,、。._~`-”"
SENTENCE_END = "。！？!?；;：:"
# The last character of a line that a wide end gap can cut (a mark, or a digit read from a speck):
# the gap patterns end there, after a space, so a line ending otherwise or without a space is not
# searched (most lines: a search per line was a third of the kind's time).
GAP_ENDS = frozenset(NOISE + "0123456789")
MARKS = frozenset(NOISE)
STARTS = frozenset(NOISE + NEVER_START)  # what a line starts with where its start may be cut

QUOTE_MARK = re.compile("[“”]")


@dataclass(frozen=True)
class LineEdgeNoiseSettings:
    wide_gap: int = 3
    max_marks: int = 3
    quote_reach: int = 120  # characters searched for a “'s closing ”


class LineEdgeNoiseKind:
    Settings = LineEdgeNoiseSettings

    def __init__(self, rule: Rule) -> None:
        self.settings = read_settings(rule, LineEdgeNoiseSettings)
        marks = f"[{re.escape(NOISE)}]{{1,{self.settings.max_marks}}}"
        space = "[ \t\u3000]"
        self.start_gap = re.compile(f"{marks}{space}{{{self.settings.wide_gap},}}(?=\\S)")
        closed = f"(?<=[{re.escape(SENTENCE_END)}，、”）])"
        self.end_gap = re.compile(
            f"(?:{closed}[ \t\u3000]+|{space}{{{self.settings.wide_gap},}}){marks}$"
            f"|{closed}{space}{{{self.settings.wide_gap},}}[0-9]{{1,3}}$"  # a speck read as a digit after a finished sentence
        )
        self.only_marks = re.compile(marks)
        self.glued = re.compile(f"[{re.escape(NEVER_START)}]{{1,{self.settings.max_marks}}}(?=[{HAN_RANGES}])")

    def find(self, text: str) -> list[Finding]:
        lines = split_lines(text)
        return self.scan(text, lines, [n for n, line in enumerate(lines) if _may_change(line.content)])

    def scan(self, text: str, lines: list[Line], looked_at: list[int]) -> list[Finding]:
        """The findings on lines ``looked_at`` (indices of ``lines``, ascending; every line where
        one is possible). A line in between has no finding and leaves as it came: what it passes on
        (the line before, the open quotation) is read from the text at the next line looked at."""
        found: list[Finding] = []
        previous = ""  # the last line with content
        quoting = False  # the last quotation mark before this line opened a quotation
        done = -1  # the last line looked at
        read_to = 0  # the text before this offset is accounted for in ``quoting``
        for n in looked_at:
            line = lines[n]
            k = n - 1
            while k > done and lines[k].blank:
                k -= 1
            if k > done:  # lines passed over: the last one is the line before
                previous = lines[k].content
            last = max(text.rfind("“", read_to, line.lo), text.rfind("”", read_to, line.lo))
            if last >= 0:
                quoting = text[last] == "“"
            done, read_to = n, line.end
            wrapped = n > 0 and not lines[n - 1].blank  # the line before is printed right above
            c = line.content
            if previous and c[0] in MARKS and self.only_marks.fullmatch(c.replace(" ", "")) and (
                len(line.indent.strip("\f")) >= self.settings.wide_gap  # set apart: specks, not a wrapped 。
                or (previous[-1] in SENTENCE_END and not set(c) & set("”’"))
            ):  # a line of specks between lines of text
                found.append(Finding(line.start + line.indent.rfind("\f") + 1, line.hi, ""))
                continue
            lo = line.lo  # where what is left of the line starts
            if m := self.start_gap.match(c):
                lo += m.end()
            elif previous and previous[-1] in SENTENCE_END:
                if (m := self.glued.match(c)) and not (m.group().startswith("”") and quoting):
                    lo += m.end()
                elif wrapped and c.startswith("“") and self._unanswered(text, line.lo):
                    lo += 1
            if lo > line.lo:
                found.append(Finding(line.lo, lo, ""))
                c = text[lo : line.hi]
            if c and c[-1] in GAP_ENDS and _spaced(c) and (m := self.end_gap.search(c)) and m.start() > 0:
                found.append(Finding(lo + m.start(), line.hi, ""))
                c = c[: m.start()]
            elif len(c) > 1 and c[-1] == "“" and _wrapped_on(text, line.end) and self._unanswered(text, lo + len(c) - 1):
                cut = len(c[:-1].rstrip(" \t\u3000"))
                found.append(Finding(lo + cut, line.hi, ""))  # a printed line never ends on “
                c = c[:cut]
            elif len(c) > 1 and c[-1] == "”" and c[-2] in SENTENCE_END and not _quoting(c[:-1], quoting):
                found.append(Finding(lo + len(c) - 1, lo + len(c), ""))  # closes no quotation
                c = c[:-1]
            previous = c
            quoting = _quoting(c, quoting)
        return found

    def _unanswered(self, text: str, at: int) -> bool:
        """Is the “ at ``at`` never closed: the next quotation mark opens again, or none comes soon?"""
        m = QUOTE_MARK.search(text, at + 1, at + 1 + self.settings.quote_reach)
        return m is None or m.group() == "“"


def _may_change(content: str) -> bool:
    """Can a finding be on a line with this content? Only where it starts with a mark (or a
    quotation mark), ends with one, or ends with a mark or digit after a space."""
    return bool(content) and (content[0] in STARTS or content[-1] in "“”" or (content[-1] in GAP_ENDS and _spaced(content)))


def _spaced(line: str) -> bool:
    """Has the line a space of the kind the gap patterns need?"""
    return " " in line or "\u3000" in line or "\t" in line


def _quoting(line: str, before: bool) -> bool:
    """Is a quotation open after ``line``, given whether one was open before it?"""
    last = max(line.rfind("“"), line.rfind("”"))
    return before if last < 0 else line[last] == "“"


def _wrapped_on(text: str, end: int) -> bool:
    """Does a line with content follow the line ending at ``end`` directly (a wrap, not a paragraph end)?"""
    nxt = text.find("\n", end + 1)
    return end < len(text) and bool(text[end + 1 : nxt if nxt >= 0 else len(text)].strip())
