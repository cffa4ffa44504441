"""``cleaner check``'s findings: one per edit and suspect, with line and column, in three formats.

``text`` is ``path:line:col: CODE message`` (as ruff, flake8 and sqlfluff print, which editors
and CI log viewers link), ``json`` a list of objects, ``github`` workflow commands that annotate
the lines of a pull request. Lines and columns count from 1, columns in characters.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Any

from cleaner.report.diff import _line_starts

FORMATS = ("text", "json", "github")
VISIBLE = str.maketrans({"\n": "\\n", "\t": "\\t", "\r": "\\r", "\u3000": "\\u3000"})


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    kind: str  # "edit" (would change the file), "suggestion" (an unsafe edit), "suspect"
    message: str
    before: str
    after: str | None


def _quoted(text: str) -> str:
    return "'" + text.translate(VISIBLE) + "'"


def findings(report: dict[str, Any], source: str, path: str) -> list[Finding]:
    """Every edit and suspect of ``report`` as a finding, in source order."""
    starts = _line_starts(source)
    rules = report.get("rules", {})

    def place(offset: int) -> tuple[int, int]:
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    out = []
    for e in report["edits"]:
        kind = "edit" if e["applied"] else "suggestion"
        name = rules.get(e["rule"].split("+")[0], {}).get("name", "")
        message = f"{name}: {_quoted(e['before'])} -> {_quoted(e['after'])}" + ("" if e["applied"] else " (suggestion)")
        out.append(Finding(path, *place(e["start"]), *place(e["end"]), e["rule"], kind, message.lstrip(": "),
                           e["before"], e["after"]))
    for s in report["suspects"]:
        out.append(Finding(path, *place(s["start"]), *place(s["end"]), s["rule"], "suspect", s["reason"], s["text"], None))
    return sorted(out, key=lambda f: (f.line, f.column, f.code))


def render(items: list[Finding], fmt: str) -> str:
    """The findings in ``fmt`` (text, json, github).

    >>> item = Finding("a.txt", 3, 3, 3, 4, "LX05", "edit", "msg", "初", "韧")
    >>> render([item], "text")
    'a.txt:3:3: LX05 msg\\n'
    >>> render([item], "github")
    '::error file=a.txt,line=3,col=3,endLine=3,endColumn=4,title=LX05::msg\\n'
    """
    if fmt == "json":
        return json.dumps([asdict(f) for f in items], ensure_ascii=False, indent=1) + "\n"
    if fmt == "github":
        return "".join(
            f"::{'error' if f.kind == 'edit' else 'warning'} file={f.path},line={f.line},col={f.column},"
            f"endLine={f.end_line},endColumn={f.end_column},title={f.code}::{_github_escape(f.message)}\n"
            for f in items)
    return "".join(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message}\n" for f in items)


def _github_escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def tally(changed: int, checked: int, errors: int) -> str:
    """The line ``cleaner check`` ends with (on standard error).

    >>> tally(1, 3, 0), tally(0, 1, 2)
    ('1 file would change, 2 unchanged', '0 files would change, 1 unchanged, 2 could not be read')
    """
    return (f"{changed} file{'s' if changed != 1 else ''} would change, {checked - changed} unchanged"
            + (f", {errors} could not be read" if errors else ""))
