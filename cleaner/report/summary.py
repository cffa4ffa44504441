"""A short Markdown summary of a report (edits per rule, suspects) for a CI log or a PR comment."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

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
    stats = report.get("stats", {})
    rules = report.get("rules", {})
    name = report["source"].get("path") or "stdin"
    applied: dict[str, int] = stats.get("per_rule", {})
    suggested: dict[str, int] = stats.get("suggested_per_rule", {})
    flagged: dict[str, int] = stats.get("suspects_per_rule", {})
    lines = [
        f"### cleaner: `{name}`",
        "",
        f"{stats.get('edits', 0)} edits applied, {stats.get('suggestions', 0)} suggestions not applied, "
        f"{stats.get('suspects', 0)} suspects; {stats.get('chars_in', 0)} → {stats.get('chars_out', 0)} characters.",
    ]
    codes = sorted(set(applied) | set(suggested) | set(flagged))
    if codes:
        lines += ["", "| rule | name | safety | applied | suggested | suspects |", "|---|---|---|--:|--:|--:|"]
        for code in codes:
            info = rules.get(code, {})
            lines.append(f"| {code} | {_cell(info.get('name', ''))} | {info.get('safety', '')} | "
                         f"{applied.get(code, 0)} | {suggested.get(code, 0)} | {flagged.get(code, 0)} |")
        # edits, not rule hits: an edit merged from two rules counts once here
        lines.append(f"| **total** | | | {stats.get('edits', 0)} | {stats.get('suggestions', 0)} | {stats.get('suspects', 0)} |")
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
