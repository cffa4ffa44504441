"""A short Markdown summary of a report (edits per rule, suspects) for a CI log or a PR comment."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from cleaner.stats import Stats

MAX_SUSPECTS = 10
CONTEXT = 8  # characters of context either side of a suspect


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _snippet(source: str, start: int, end: int) -> str:
    before = source[max(0, start - CONTEXT) : start].replace("\n", "⏎")
    after = source[end : end + CONTEXT].replace("\n", "⏎")
    span = source[start:end].replace("\n", "⏎").replace(" ", "␣").replace("\u3000", "□")
    return f"{before}**{span or '‸'}**{after}".replace("`", "'")


def markdown_summary(report: dict[str, Any], source: str | None = None) -> str:
    """Counts per rule, then the first suspects with their line and context (when ``source`` is given)."""
    stats = Stats.from_dict(report.get("stats", {}))
    rules = report.get("rules", {})
    name = report["source"].get("path") or "stdin"
    lines = [f"### cleaner: `{name}`", "", stats.sentence()]
    *per_rule, (_, *totals) = stats.rows()
    if per_rule:
        lines += ["", "| rule | name | safety | applied | suggested | suspects |", "|---|---|---|--:|--:|--:|"]
        for code, *counts in per_rule:
            info = rules.get(code, {})
            lines.append(f"| {code} | {_cell(info.get('name', ''))} | {info.get('safety', '')} | "
                         + " | ".join(map(str, counts)) + " |")
        lines.append("| **total** | | | " + " | ".join(map(str, totals)) + " |")
    suspects = report.get("suspects", [])
    if suspects:
        lines += ["", "**Suspects** (not changed; please check):", ""]
        starts = _line_starts(source) if source is not None else []
        for s in suspects[:MAX_SUSPECTS]:
            where = f"line {bisect_right(starts, s['start'])}" if source is not None else f"at {s['start']}"
            context = f": {_snippet(source, s['start'], s['end'])}" if source is not None else f": `{s['text']}`"
            lines.append(f"- {where}, {s['rule']} ({_cell(s['reason'])}){context}")
        if len(suspects) > MAX_SUSPECTS:
            lines.append(f"- … and {len(suspects) - MAX_SUSPECTS} more")
    for error in report.get("errors", []):
        lines += ["", f"> warning: {error}"]
    return "\n".join(lines) + "\n"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts
