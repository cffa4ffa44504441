"""Error sites: where a noisy text differs from its gold, and the windows of context around each.

See :mod:`cleaner.learn` for how the sites become rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cleaner.align import Change, changes
from cleaner.charclass import HAN_RE

SEPARATOR = "\x00"  # between documents in the joined corpora; never part of a literal
SNIPPET = 5  # characters of context on each side of an example


@dataclass(frozen=True)
class Site:
    """One aligned error: ``S[start:end]`` of document ``doc`` should be ``after``."""

    doc: int
    start: int
    end: int
    before: str
    after: str
    left_limit: int  # context may reach back to here (the previous site or line start)
    right_limit: int

    @property
    def type(self) -> str:
        if not self.before:
            return "dropped"
        if not self.after:
            return "debris" if not HAN_RE.search(self.before) else "duplicate"
        return "confusion"


@dataclass
class Learned:
    """A learned pair with its support and examples."""

    type: str
    before: str
    after: str
    sites: list[Site] = field(default_factory=list)
    fail: tuple[str, str] = ("", "")
    passes: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return len(self.sites)


@dataclass
class LearnReport:
    sites: int = 0
    without_safe_candidate: int = 0
    below_support: int = 0
    dropped_by_examples: int = 0
    learned: list[Learned] = field(default_factory=list)


def find_sites(docs: Sequence[tuple[str, str]]) -> list[Site]:
    """Every error site of every (noisy, gold) document, in normalised text."""
    sites = []
    for n, (s, g) in enumerate(docs):
        clusters: list[list[Change]] = []
        for c in changes(s, g):
            if clusters and c.start <= clusters[-1][-1].end:
                clusters[-1].append(c)
            else:
                clusters.append([c])
        bounds = [(cl[0].start, cl[-1].end, min(c.b_start for c in cl), max(c.b_end for c in cl)) for cl in clusters]
        for k, (start, end, g_start, g_end) in enumerate(bounds):
            left = bounds[k - 1][1] if k else 0
            right = bounds[k + 1][0] if k + 1 < len(bounds) else len(s)
            line_start = s.rfind("\n", 0, start) + 1
            line_end = s.find("\n", end)
            left, right = max(left, line_start), min(right, line_end if line_end >= 0 else len(s))
            sites.append(Site(n, start, end, s[start:end], g[g_start:g_end], left, right))
    return sites


def windows_of(site: Site, s: str, max_context: int) -> list[tuple[str, str, int, int]]:
    """(from, to, context length, left context) for every window of the site, shortest first."""
    out = []
    for total in range(2 * max_context + 1):
        for left in range(min(total, max_context) + 1):
            right = total - left
            if right > max_context or site.start - left < site.left_limit or site.end + right > site.right_limit:
                continue
            before = s[site.start - left : site.end + right]
            after = s[site.start - left : site.start] + site.after + s[site.end : site.end + right]
            if before and before != after:
                out.append((before, after, total, left))
    return out


def snippet(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    piece = text[lo:hi]
    left, right = start - lo, hi - end
    # Stay inside one document and one line.
    for stop in (SEPARATOR, "\n"):
        cut = piece.rfind(stop, 0, left)
        if cut >= 0:
            piece, left = piece[cut + 1 :], left - cut - 1
        cut = piece.find(stop, len(piece) - right)
        if cut >= 0:
            piece = piece[:cut]
            right = 0
    return piece
