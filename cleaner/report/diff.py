"""A unified diff of source to clean text, built from the edit log (never by re-diffing).

Each hunk covers the lines one group of nearby edits touches, with ``context``
lines around, and its header names the rule codes of its edits, so that a
reviewer sees why every line changed. ``patch`` applies it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from cleaner.edits import Edit


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _lines(text: str, first: int, last: int, starts: list[int]) -> list[str]:
    """Lines ``first``..``last`` (inclusive, 0-based) with their line ends."""
    end = starts[last + 1] if last + 1 < len(starts) else len(text)
    return text[starts[first] : end].splitlines(keepends=True)


def unified_diff(
    source: str, text: str, edits: Sequence[Edit], *, name: str = "source", context: int = 1
) -> str:
    applied = sorted((e for e in edits if e.applied), key=lambda e: (e.start, e.end))
    if not applied:
        return ""
    src_starts = _line_starts(source)
    n_src_lines = len(src_starts) if not source.endswith("\n") else len(src_starts) - 1
    n_src_lines = max(n_src_lines, 1)

    def line_of(pos: int) -> int:
        return min(bisect_right(src_starts, pos) - 1, n_src_lines - 1)

    # Group edits whose (context-widened) line ranges touch.
    groups: list[tuple[int, int, list[Edit]]] = []
    for e in applied:
        first = line_of(e.start)
        last = line_of(max(e.start, e.end - 1))
        lo, hi = max(0, first - context), min(n_src_lines - 1, last + context)
        if groups and lo <= groups[-1][1] + 1:
            g_lo, g_hi, members = groups[-1]
            groups[-1] = (g_lo, max(g_hi, hi), [*members, e])
        else:
            groups.append((lo, hi, [e]))

    out = [f"--- a/{name}\n", f"+++ b/{name}\n"]
    delta = 0  # output offset minus source offset before the current group
    line_delta = 0  # output line number minus source line number before the current group
    for lo, hi, members in groups:
        src_from = src_starts[lo]
        src_to = src_starts[hi + 1] if hi + 1 < len(src_starts) else len(source)
        growth = sum(len(e.after) - (e.end - e.start) for e in members)
        old = source[src_from:src_to].splitlines(keepends=True)
        new = text[src_from + delta : src_to + delta + growth].splitlines(keepends=True)
        delta += growth
        rules = " ".join(dict.fromkeys(code for e in members for code in e.rules))
        out.append(f"@@ -{_range(lo, len(old))} +{_range(lo + line_delta, len(new))} @@ {rules}\n")
        line_delta += len(new) - len(old)
        out.extend(_hunk_body(old, new))
    return "".join(out)


def _hunk_body(old: list[str], new: list[str]) -> list[str]:
    """Unchanged lines at either end as context, the rest as removed and added lines."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head] and old[head].endswith("\n"):
        head += 1
    tail = 0
    while (
        tail < min(len(old), len(new)) - head
        and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]
    ):
        tail += 1
    body = _hunk_lines(" ", old[:head])
    body += _hunk_lines("-", old[head : len(old) - tail])
    body += _hunk_lines("+", new[head : len(new) - tail])
    body += _hunk_lines(" ", old[len(old) - tail :])
    return body


def _range(first: int, count: int) -> str:
    start = first + 1 if count else first
    return f"{start},{count}" if count != 1 else f"{start}"


def _hunk_lines(sign: str, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(sign + line)
        else:
            out.append(sign + line + "\n\\ No newline at end of file\n")
    return out
