"""Synthetic page damage: clean text in, the layout of a scanned page out, the clean text as gold.

:func:`damage` lays clean paragraphs out the way OCR of printed pages returns
them: hard-wrapped at a column width (or one paragraph per line), indented,
cut into pages with page numbers, running headers and continuation markers at
the breaks (mid-paragraph breaks included), and with spaces OCR leaves inside
Chinese runs. The result is a list of :class:`Segment` objects, each either
undamaged text or one piece of damage with the text it stands for in the gold
(the clean text in canonical form: paragraphs separated by one blank line).

:func:`score` compares a cleaning of the damaged text with the gold, segment by
segment, through the edit log (edits are in source offsets, so each edit can
be laid over the segments it touches): per kind of damage, how many pieces were
injected, repaired and flagged, and how many edits touched undamaged text.

Run as a script for the numbers: ``python tests/helpers/damage.py [FILES...]``.
"""

from __future__ import annotations

import bisect
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.edits import CleanResult, Edit
from cleaner.pipeline import Cleaner, Config

HAN = re.compile(r"[\u3400-\u9fff]")
CLOSING = set("。！？：；…”’）)》」")
NEVER_STARTS = set("，。、；：？！”’）》〉】」』%％")
CN = "〇一二三四五六七八九"
WEEKDAYS = "一二三四五六日"
DAMAGE_KINDS = (
    "wrap", "page_join", "marker", "page_number", "header", "indent",
    "ocr_space", "ocr_space_run", "ocr_space_short_line",
)


@dataclass(frozen=True)
class Segment:
    kind: str  # "text", "sep" (paragraph boundary), or one of DAMAGE_KINDS
    damaged: str
    gold: str


@dataclass(frozen=True)
class Layout:
    """How the damaged pages look. Defaults: a hard-wrapped, indented newspaper column."""

    width: int | None = 20  # hard-wrap column; None: one paragraph per line
    indent: bool = True  # paragraphs start with two ideographic spaces
    blank_lines: bool = False  # a blank line between paragraphs
    page_lines: tuple[int, int] = (25, 40)  # visual lines per page
    markers: float = 0.5  # share of mid-paragraph page breaks that carry continuation markers
    headers: bool = True
    page_numbers: bool = True
    spaces: float = 0.0  # share of paragraphs with spaces OCR left inside Chinese runs
    seed: int = 0


@dataclass
class Damaged:
    segments: list[Segment]

    @property
    def text(self) -> str:
        return "".join(s.damaged for s in self.segments)

    @property
    def gold(self) -> str:
        return "".join(s.gold for s in self.segments)

    def injected(self) -> Counter[str]:
        return Counter(s.kind for s in self.segments if s.kind in DAMAGE_KINDS)


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def canonical(text: str) -> str:
    """The clean text in canonical form: paragraphs, one blank line between, a final line break."""
    return "\n\n".join(paragraphs_of(text)) + "\n"


def _is_body(paragraph: str) -> bool:
    """Running text (where a space between Chinese characters is never meant), not a headline."""
    return "。" in paragraph or len(paragraph) >= 60


def _indented(paragraph: str) -> bool:
    """Typesetters indent running text and salutations, not headings and titles."""
    return "。" in paragraph or paragraph[-1] in "！？：" or len(paragraph) >= 60


def _with_spaces(paragraph: str, rng: random.Random, share: float) -> list[Segment]:
    """The paragraph as text segments with OCR spaces between Chinese characters."""
    if rng.random() >= share or len(paragraph) < 8:
        return [Segment("text", paragraph, paragraph)]
    inserts: dict[int, str] = {}  # before character index -> kind
    han = [i for i in range(1, len(paragraph)) if HAN.match(paragraph[i - 1]) and HAN.match(paragraph[i])]
    if not han:
        return [Segment("text", paragraph, paragraph)]
    kind = "ocr_space" if _is_body(paragraph) else "ocr_space_short_line"
    for i in rng.sample(han, min(len(han), rng.randint(1, 2))):
        inserts[i] = kind
    runs = [i for i in range(len(paragraph) - 4) if all(HAN.match(c) for c in paragraph[i : i + 5])]
    if runs and rng.random() < 0.5:
        start = rng.choice(runs)
        for i in range(start + 1, start + rng.randint(4, 5)):
            inserts[i] = "ocr_space_run"
    segments: list[Segment] = []
    piece = ""
    for i, c in enumerate(paragraph):
        if i in inserts:
            segments.append(Segment("text", piece, piece))
            segments.append(Segment(inserts[i], " ", ""))
            piece = ""
        piece += c
    segments.append(Segment("text", piece, piece))
    return [s for s in segments if s.damaged]


def _wrap(segments: list[Segment], width: int, first_indent: int) -> list[list[Segment]]:
    """Cut a paragraph's segments into visual lines of ``width`` columns (OCR spaces take none).

    Like a typesetter: punctuation that may not start a line stays on the line
    before; a Latin word or number and a —— dash are not split.
    """
    flat: list[tuple[str, str]] = []  # (char, kind)
    for s in segments:
        flat.extend((c, s.kind) for c in s.damaged)
    lines: list[list[tuple[str, str]]] = [[]]
    used = first_indent
    i = 0
    while i < len(flat):
        c, k = flat[i]
        if k == "text" and used >= width and c not in NEVER_STARTS:
            cut = len(lines[-1])
            line = lines[-1]
            # keep Latin words, numbers and —— together: move the cut back to their start
            back = cut
            while back > 0 and line[back - 1][1] == "text" and _glued(line[back - 1][0], c if back == cut else line[back][0]):
                back -= 1
            if 0 < back < cut:
                moved = line[back:]
                lines[-1] = line[:back]
                lines.append(moved)
                used = sum(1 for ch, kk in moved if kk == "text")
            else:
                lines.append([])
                used = 0
        lines[-1].append((c, k))
        if k == "text":
            used += 1
        i += 1
    out = []
    for line in lines:
        segs: list[Segment] = []
        for c, k in line:
            if segs and segs[-1].kind == k == "text":
                segs[-1] = Segment("text", segs[-1].damaged + c, segs[-1].gold + c)
            else:
                segs.append(Segment(k, c, c if k == "text" else ""))
        out.append(segs)
    return [line for line in out if line]


def _glued(a: str, b: str) -> bool:
    return (a.isascii() and a.isalnum() and b.isascii() and (b.isalnum() or b in ".%")) or (a == b == "—")


class _Pages:
    """Page furniture for one document: footer style, header, markers, page counter."""

    def __init__(self, layout: Layout, rng: random.Random, pages: int) -> None:
        self.layout, self.rng, self.total = layout, rng, pages
        self.page = 1
        self.footer = rng.choice(["— {n} —", "- {n} -", "第 {n} 页", "{n}/{total}", "第{n}页"])
        weekday = WEEKDAYS[rng.randrange(7)]
        self.header = rng.choice([
            "江城日报　2021年9月27日　星期" + weekday,
            "江城日报　2021年9月27日　第{n}版",
            "年度工作报告汇编",
        ])

    def page_break(self, mid_paragraph: bool, next_indent: str) -> list[Segment]:
        """The furniture between the last line of page p and the first of page p+1."""
        rng, layout = self.rng, self.layout
        n = self.page
        self.page += 1
        out: list[Segment] = []
        marked = mid_paragraph and rng.random() < layout.markers
        own_line_forward = marked and rng.random() < 0.3
        if marked and not own_line_forward:
            out.append(Segment("marker", rng.choice([
                f"（下转第{n + 1}版）", f"(下转第{_cn(n + 1)}版)", f"（转第{n + 1}版）", f"（ 下转第 {n + 1} 版 ）",
            ]), ""))
        out.append(Segment("page_join" if mid_paragraph else "sep", "\n", "" if mid_paragraph else "\n\n"))
        if own_line_forward:
            out.append(Segment("marker", rng.choice([f"下转第{_cn(n + 1)}版", f"转第{n + 1}版"]) + "\n", ""))
        if layout.page_numbers:
            out.append(Segment("page_number", self.footer.format(n=n, total=self.total) + "\n", ""))
        if rng.random() < 0.5:
            out.append(Segment("page_join" if mid_paragraph else "indent", "\n", ""))
        if layout.headers:
            out.append(Segment("header", self.header.format(n=n + 1) + "\n", ""))
        if marked:
            if rng.random() < 0.3:
                out.append(Segment("marker", rng.choice(["接上页", "续前页", f"上接第{_cn(n)}版"]) + "\n", ""))
            else:
                out.append(Segment("marker", rng.choice([f"（上接第{n}版）", f"(上接第{n}版)", "（接上页）"]), ""))
        if next_indent:
            out.append(Segment("indent", next_indent, ""))
        return out


def _cn(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def damage(text: str, layout: Layout = Layout()) -> Damaged:
    """Lay ``text`` (paragraphs, one per line or blank-separated) out as damaged pages."""
    rng = random.Random(layout.seed)
    paragraphs = paragraphs_of(text)
    # Visual lines, each a list of segments, and for each line whether a paragraph starts there.
    lines: list[tuple[list[Segment], bool]] = []
    indents: list[str] = []
    for paragraph in paragraphs:
        indent = "\u3000\u3000" if layout.indent and _indented(paragraph) else ""
        segs = _with_spaces(paragraph, rng, layout.spaces)
        if layout.width:
            visual = _wrap(segs, layout.width, len(indent))
        else:
            visual = [segs]
        for n, line in enumerate(visual):
            lines.append((line, n == 0))
            indents.append(indent if n == 0 else "")
    breaks: set[int] = set()
    pos = rng.randint(*layout.page_lines)
    while pos < len(lines):
        breaks.add(pos)
        pos += rng.randint(*layout.page_lines)
    if not layout.width:  # a page break falls inside a paragraph line: cut it there
        lines, indents, breaks = _cut_at_breaks(lines, indents, breaks, rng)
    pages = _Pages(layout, rng, len(breaks) + 1)
    segments: list[Segment] = []
    if indents and indents[0]:
        segments.append(Segment("indent", indents[0], ""))
    for n, (line, _) in enumerate(lines):
        segments.extend(line)
        if n + 1 == len(lines):
            break
        starts = lines[n + 1][1]
        if n + 1 in breaks:
            segments.extend(pages.page_break(not starts, indents[n + 1]))
        elif starts:
            segments.append(Segment("sep", "\n\n" if layout.blank_lines else "\n", "\n\n"))
            if indents[n + 1]:
                segments.append(Segment("indent", indents[n + 1], ""))
        else:
            segments.append(Segment("wrap", "\n", ""))
    segments.append(Segment("text", "\n", "\n"))
    return Damaged(_mark_source_breaks(segments))


def _mark_source_breaks(segments: list[Segment]) -> list[Segment]:
    """A boundary after a long paragraph that stops mid-sentence is the source's own page break
    (the clean data has a few): kind ``sep_open``, scored apart from real paragraph boundaries."""
    out: list[Segment] = []
    paragraph = ""
    for s in segments:
        if s.kind == "sep":
            if len(paragraph) >= 20 and paragraph[-1] not in CLOSING:
                s = Segment("sep_open", s.damaged, s.gold)
            paragraph = ""
        paragraph += s.gold
        out.append(s)
    return out


Line = tuple[list[Segment], bool]  # a printed line's segments, and whether it starts a paragraph


def _cut_at_breaks(lines: list[Line], indents: list[str], breaks: set[int],
                   rng: random.Random) -> tuple[list[Line], list[str], set[int]]:
    """One paragraph per line: most page breaks fall inside a paragraph, so cut that line in two."""
    out: list[Line] = []
    out_indents: list[str] = []
    out_breaks: set[int] = set()
    moved: set[int] = set()
    for n, ((line, starts), indent) in enumerate(zip(lines, indents)):
        text = "".join(s.damaged for s in line)
        cuttable = [i for i in range(4, len(text) - 4)
                    if text[i] not in NEVER_STARTS and not _glued(text[i - 1], text[i])]
        if n + 1 in breaks and len(line) == 1 and cuttable and len(text) > 40 and rng.random() < 0.7:
            i = rng.choice(cuttable)
            out.append(([Segment("text", text[:i], text[:i])], starts))
            out_indents.append(indent)
            out_breaks.add(len(out))
            out.append(([Segment("text", text[i:], text[i:])], False))
            out_indents.append("")
            moved.add(n + 1)
            continue
        if n in breaks and n not in moved:
            out_breaks.add(len(out))
        out.append((line, starts))
        out_indents.append(indent)
    return out, out_indents, out_breaks


@dataclass
class Score:
    injected: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    flagged: Counter[str] = field(default_factory=Counter)
    boundaries: int = 0  # paragraph boundaries in the gold
    boundaries_lost: int = 0  # ... that the cleaning joined or mangled
    source_breaks: int = 0  # boundaries after a paragraph that stops mid-sentence in the gold itself
    source_breaks_joined: int = 0
    edits_on_undamaged: int = 0  # applied edits touching undamaged text
    exact: bool = False  # the whole output equals the gold
    missed: list[tuple[str, int]] = field(default_factory=list)  # (kind, offset in the damaged text)

    def add(self, other: Score) -> None:
        self.injected += other.injected
        self.repaired += other.repaired
        self.flagged += other.flagged
        self.boundaries += other.boundaries
        self.boundaries_lost += other.boundaries_lost
        self.source_breaks += other.source_breaks
        self.source_breaks_joined += other.source_breaks_joined
        self.edits_on_undamaged += other.edits_on_undamaged


FURNITURE = ("marker", "page_number", "header")


def score(damaged: Damaged, result: CleanResult) -> Score:
    """Lay the applied edits (source offsets) over the segments.

    The damage between two pieces of text (a run of non-text segments) and the
    segments that edits tie to it form a group; the group is repaired when its
    edits turn it into its gold. Wrap, page-join, indent, space and boundary
    segments are scored by their group; a marker, header or page number is
    repaired when all of it was deleted, whatever happened around it.
    """
    segs = damaged.segments
    bounds = []
    pos = 0
    for seg in segs:
        bounds.append((pos, pos + len(seg.damaged)))
        pos += len(seg.damaged)
    edits = sorted((e for e in result.edits if e.applied), key=lambda e: (e.start, e.end))
    parent = list(range(len(segs)))  # union-find over segment indexes; groups stay contiguous

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(1, len(segs)):
        if segs[i].kind != "text" and segs[i - 1].kind != "text":
            parent[root(i)] = root(i - 1)
    sc = Score()
    starts = [b[0] for b in bounds]
    hits: list[list[int]] = []
    for e in edits:
        i = max(bisect.bisect_right(starts, e.start) - 2, 0)
        hit = []
        while i < len(segs) and bounds[i][0] <= e.end:
            s, t = bounds[i]
            if (e.start < t and s < e.end) or (e.start == e.end and s <= e.start <= t) or (s == t and e.start <= s <= e.end):
                hit.append(i)
            i += 1
        hits.append(hit)
        if any(segs[i].kind == "text" and ((e.start < bounds[i][1] and bounds[i][0] < e.end)
                                           or (e.start == e.end and bounds[i][0] < e.start < bounds[i][1]))
               for i in hit):
            sc.edits_on_undamaged += 1
            sc.missed.append(("undamaged", e.start))
        for i in hit[1:]:
            parent[root(i)] = root(hit[0])
    group_edits: dict[int, list[Edit]] = {}
    for e, hit in zip(edits, hits):
        if hit:
            group_edits.setdefault(root(hit[0]), []).append(e)
    groups: dict[int, list[int]] = {}
    for i in range(len(segs)):
        groups.setdefault(root(i), []).append(i)
    suspects = [(x.start, x.end) for x in result.suspects]
    for r, members in groups.items():
        lo, hi = bounds[members[0]][0], bounds[members[-1]][1]
        out = []
        p = lo
        for e in group_edits.get(r, []):
            out.append(result.source[p : e.start])
            out.append(e.after)
            p = e.end
        out.append(result.source[p:hi])
        ok = "".join(out) == "".join(segs[i].gold for i in members)
        for i in members:
            kind = segs[i].kind
            if kind == "sep":
                sc.boundaries += 1
                sc.boundaries_lost += not ok
                if not ok:
                    sc.missed.append((kind, bounds[i][0]))
            elif kind == "sep_open":
                sc.source_breaks += 1
                sc.source_breaks_joined += not ok
            if kind not in DAMAGE_KINDS:
                continue
            repaired = _deleted(bounds[i], segs[i].damaged, group_edits.get(r, [])) if kind in FURNITURE else ok
            sc.injected[kind] += 1
            if repaired:
                sc.repaired[kind] += 1
                continue
            sc.missed.append((kind, bounds[i][0]))
            if any(s <= bounds[i][1] and bounds[i][0] <= e for s, e in suspects):
                sc.flagged[kind] += 1
    sc.exact = result.text == damaged.gold
    return sc


def _deleted(span: tuple[int, int], text: str, edits: list[Edit]) -> bool:
    """Was every visible character of this segment deleted by some edit?"""
    for offset, ch in enumerate(text):
        if ch.isspace():
            continue
        at = span[0] + offset
        if not any(e.start <= at < e.end and text.strip() not in e.after for e in edits):
            return False
    return True


def layout_cleaner(config: Config = Config()) -> Cleaner:  # noqa: B008
    """A cleaner with the layout stage only, so that the gold is the measure."""
    rules = [r for r in Cleaner(config).all_rules if r.stage == "layout"]
    return Cleaner(config, rules=rules)


LAYOUTS = {
    "wrapped, indented": Layout(spaces=0.3),
    "wrapped, no indent": Layout(indent=False, spaces=0.3),
    "wrapped, blank lines": Layout(indent=False, blank_lines=True, spaces=0.3),
    "one paragraph per line": Layout(width=None, spaces=0.3, page_lines=(6, 12)),
    "one paragraph per line, no indent": Layout(width=None, indent=False, spaces=0.3, page_lines=(6, 12)),
}


def report(files: list[Path], seeds: int = 3) -> dict[str, Score]:
    cleaner = layout_cleaner()
    scores: dict[str, Score] = {}
    for name, base in LAYOUTS.items():
        total = Score()
        for path in files:
            text = path.read_text(encoding="utf-8")
            for seed in range(seeds):
                width = None if base.width is None else 18 + (seed * 11 + len(path.name)) % 23
                layout = Layout(**{**base.__dict__, "width": width, "seed": seed})
                d = damage(text, layout)
                total.add(score(d, cleaner.clean(d.text)))
        scores[name] = total
    return scores


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]]
    for name, sc in report(paths).items():
        print(f"== {name}: paragraph boundaries {sc.boundaries}, lost {sc.boundaries_lost}; "
              f"edits touching undamaged text {sc.edits_on_undamaged}; "
              f"the source's own page breaks {sc.source_breaks}, joined {sc.source_breaks_joined}")
        for kind in DAMAGE_KINDS:
            if sc.injected[kind]:
                print(f"  {kind:<22} injected {sc.injected[kind]:>5}  repaired {sc.repaired[kind]:>5}  "
                      f"flagged {sc.flagged[kind]:>4}")
