"""A coloured terminal diff with rule codes, and a table of edits per rule (rich).

The diff shows each group of nearby changes once, on its source line, with a little
context: deleted text struck through in red, inserted text in green, an unapplied
suggestion as ``[→after?]`` in yellow, a suspect underlined in magenta; the rule
codes follow, coloured by stage.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cleaner.stats import Stats

STAGE_STYLE = {"layout": "blue", "characters": "magenta", "lexical": "yellow", "suspects": "red"}
VISIBLE = str.maketrans({"\n": "⏎", "\t": "⇥"})
CHANGED = str.maketrans({"\n": "⏎", "\t": "⇥", " ": "␣", "\u3000": "□"})


@dataclass(frozen=True)
class _Item:
    start: int
    end: int
    rule: str
    stage: str
    before: str
    after: str | None  # None: a suspect
    applied: bool


def _items(report: dict[str, Any]) -> list[_Item]:
    items = [_Item(e["start"], e["end"], e["rule"], e["stage"], e["before"], e["after"], e["applied"]) for e in report["edits"]]
    items += [_Item(s["start"], s["end"], s["rule"], "suspects", s["text"], None, False) for s in report["suspects"]]
    return sorted(items, key=lambda i: (i.start, i.end))


def _shown(text: str) -> str:
    """Whitespace made visible inside a change."""
    return text.translate(CHANGED)


def is_separator_edit(before: str, after: str | None) -> bool:
    r"""An edit that only changes the line breaks between paragraphs (the canonical blank line, say):
    in a document laid out one paragraph per line there is one per line, and they would drown the
    repairs. The diff and the review page hide them unless asked.

    >>> is_separator_edit("\n", "\n\n"), is_separator_edit("", "\n"), is_separator_edit("类烦", "娄烦")
    (True, True, False)
    """
    return after is not None and not (before + after).strip() and "\n" in before + after


def render_diff(console: Console, report: dict[str, Any], source: str, *, context: int = 12,
                show_suggestions: bool = True, show_suspects: bool = True, show_separators: bool = False,
                plain: bool = False) -> tuple[int, int]:
    """Print the changes of ``report`` on ``source``; return how many groups were printed and how
    many separator-only edits were hidden. ``plain``: without colour, so deletions and insertions
    are marked ``[-old-]{+new+}`` (as ``git diff --word-diff=plain`` does)."""
    items = [i for i in _items(report)
             if (i.after is not None and (i.applied or show_suggestions)) or (i.after is None and show_suspects)]
    hidden = 0
    if not show_separators:
        kept = [i for i in items if not is_separator_edit(i.before, i.after)]
        hidden, items = len(items) - len(kept), kept
    starts = [0]
    pos = source.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = source.find("\n", pos + 1)
    groups: list[list[_Item]] = []
    for item in items:
        # Nearby changes share a line, but a window never grows past a few contexts' width.
        if groups and item.start - max(i.end for i in groups[-1]) <= context and item.end - groups[-1][0].start <= 4 * context:
            groups[-1].append(item)
        else:
            groups.append([item])
    width = len(str(len(starts)))
    for group in groups:
        lo = group[0].start
        line = bisect_right(starts, lo)
        text = Text()
        text.append(f"{line:>{width}} │ ", style="dim")
        left = max(starts[line - 1], lo - context)
        if left > starts[line - 1]:
            text.append("…", style="dim")
        text.append(source[left:lo].translate(VISIBLE), style="dim")
        pos = lo
        for item in group:
            if item.start < pos:  # overlaps what is already shown (a suspect inside an edit)
                text.append("⚑" if item.after is None else "?", style="bold red")
                continue
            text.append(source[pos : item.start].translate(VISIBLE), style="dim")
            if item.after is None:
                text.append(_shown(item.before) or "‸", style="underline magenta")
                text.append("⚑", style="magenta")
            elif item.applied and plain:
                text.append(f"[-{_shorter(_shown(item.before))}-]{{+{_shorter(_shown(item.after))}+}}")
            elif item.applied:
                text.append(_shorter(_shown(item.before)), style="strike red")
                text.append(_shorter(_shown(item.after)), style="bold green")
            else:
                text.append(_shown(item.before), style="underline yellow")
                text.append(f"[→{_shown(item.after)}?]", style="yellow")
            pos = item.end
        line_end = source.find("\n", pos)
        line_end = len(source) if line_end == -1 else line_end
        right = min(line_end, pos + context)
        text.append(source[pos:right], style="dim")
        if right < line_end:
            text.append("…", style="dim")
        text.append("  ")
        for code, stage in dict.fromkeys((c, i.stage.split("+")[0]) for i in group for c in i.rule.split("+")):
            text.append(f" {code}", style=f"bold {STAGE_STYLE.get(stage, '')}")
        console.print(text, soft_wrap=True)
    return len(groups), hidden


def _shorter(text: str, most: int = 40) -> str:
    """A long deletion or insertion (a removed running header) as its ends around an ellipsis."""
    return text if len(text) <= most else text[: most // 2] + "…" + text[-most // 2 :]


STAT_COLUMNS = ("rule", "name", "safety", "applied", "suggested", "suspects")


def stat_rows(report: dict[str, Any]) -> list[tuple[str, str, str, int, int, int]]:
    """Edits per rule: (code, name, safety, applied, suggested, suspects), and a last row of totals."""
    rules = report.get("rules", {})
    return [(code, rules.get(code, {}).get("name", ""), rules.get(code, {}).get("safety", ""), applied, suggested, flagged)
            for code, applied, suggested, flagged in Stats.from_dict(report.get("stats", {})).rows()]


def stat_tsv(report: dict[str, Any]) -> str:
    """The table of edits per rule as tab-separated lines with a header: for a pipe, never wrapped.

    >>> stat_tsv({"stats": {"per_rule": {"LX05": 2}, "edits": 2}}).splitlines()[1:]
    ['LX05\\t\\t\\t2\\t0\\t0', 'total\\t\\t\\t2\\t0\\t0']
    """
    return "".join("\t".join(map(str, row)) + "\n" for row in [STAT_COLUMNS, *stat_rows(report)])


def stat_table(report: dict[str, Any]) -> Table:
    """Edits per rule: applied, suggested, suspects, with each rule's name, stage and safety."""
    rules = report.get("rules", {})
    table = Table(title=f"edits per rule: {report['source'].get('path') or 'stdin'}", title_justify="left")
    for n, header in enumerate(STAT_COLUMNS):
        table.add_column(header, justify="right" if n >= 3 else "left", overflow="fold" if header == "name" else "ellipsis")
    rows = stat_rows(report)
    for code, name, safety, *counts in rows[:-1]:
        stage = rules.get(code, {}).get("stage", "")
        table.add_row(Text(code, style=f"bold {STAGE_STYLE.get(stage, '')}"), name, safety, *map(str, counts))
    table.add_section()
    table.add_row(*map(str, rows[-1]))
    return table
