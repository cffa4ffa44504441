"""The JSON report: source identity, every edit (applied or suggested), suspects, stats.

A program can replay it: applying the edits with ``applied: true`` to the
decoded source gives the clean text (:func:`cleaner.edits.apply_edits`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from json.encoder import encode_basestring as _encode  # the C encoder, as json uses it
from typing import TYPE_CHECKING, Any

from cleaner.edits import CleanResult, Edit, Suspect
from cleaner.io import Decoded
from cleaner.version import __version__

if TYPE_CHECKING:
    from cleaner.rules import Rule

REPORT_VERSION = 1


def build_report(
    result: CleanResult,
    *,
    path: str | None = None,
    decoded: Decoded | None = None,
    profile: str = "default",
    rules_hash: str = "",
    rules: Iterable[Rule] | None = None,
) -> dict[str, Any]:
    """The report of ``result``; with ``rules``, it also describes every rule it cites
    (name, description, stage, safety), so that a reader such as the review page
    needs nothing else."""
    source_bytes = result.source.encode("utf-8")
    source = {
        "path": path,
        "encoding": decoded.encoding if decoded else "utf-8",
        "sha256": decoded.sha256 if decoded else hashlib.sha256(source_bytes).hexdigest(),
        "bytes": decoded.size if decoded else len(source_bytes),
        "chars": len(result.source),
    }
    report: dict[str, Any] = {
        "report_version": REPORT_VERSION,
        "cleaner": __version__,
        "profile": profile,
        "rules_hash": rules_hash,
        "source": source,
        "output": {
            "sha256": hashlib.sha256(result.text.encode("utf-8")).hexdigest(),
            "chars": len(result.text),
        },
        "edits": [e.to_dict() for e in result.edits],
        "suspects": [s.to_dict() for s in result.suspects],
        "stats": result.stats.to_dict(),
        "errors": result.errors,
    }
    if rules is not None:
        report["rules"] = rule_descriptions(rules, result)
    return report


def rule_descriptions(rules: Iterable[Rule], result: CleanResult) -> dict[str, dict[str, str]]:
    """Name, description, stage and safety of each rule that an edit or suspect of ``result`` cites."""
    cited = {code for e in result.edits for code in e.rules} | {s.rule for s in result.suspects}
    return {
        r.code: {"name": r.name, "description": " ".join(r.description.split()), "stage": r.stage, "safety": r.safety}
        for r in sorted(rules, key=lambda r: r.code)
        if r.code in cited
    }


def render_item(item: dict[str, Any], level: int) -> str:
    """A flat object as ``json.dumps(item, ensure_ascii=False, indent=1)`` nests it ``level`` deep.

    (json formats indented output in pure Python; this is the same text, faster.)

    >>> import json
    >>> item = {"a": 1, "b": ["", "x"], "c": True, "d": [], "e": "“引”"}
    >>> render_item(item, 0) == json.dumps(item, ensure_ascii=False, indent=1)
    True
    """
    pad = " " * (level + 1)
    lines = [f"{pad}{_encode(key)}: {_value(value, level + 1)}" for key, value in item.items()]
    return "{\n" + ",\n".join(lines) + "\n" + " " * level + "}" if lines else "{}"


def _value(value: Any, level: int) -> str:
    if isinstance(value, str):
        return _encode(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        pad = " " * (level + 1)
        return "[\n" + ",\n".join(pad + _encode(v) for v in value) + "\n" + " " * level + "]" if value else "[]"
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)


EDIT_KEYS = ["id", "rule", "stage", "start", "end", "before", "after", "safety", "applied"]
# render_item's text for an edit, two levels deep, as one format string.
EDIT_TEMPLATE = "  {{\n" + ",\n".join(f'   "{key}": {{}}' for key in EDIT_KEYS) + "\n  }}"


def render_edits(items: list[dict[str, Any]]) -> str | None:
    """The edit objects as ``render_item`` renders them (joined by ``,\\n``), with one
    format per edit instead of one per field (about 2x faster on a hard-wrapped book, an
    edit on every line). None when an item is not a plain edit (other keys, other types)."""
    if not all(map(EDIT_KEYS.__eq__, map(list, items))):
        return None
    if {(type(e["start"]), type(e["end"]), type(e["applied"])) for e in items} - {(int, int, bool)}:
        return None
    fmt, enc, number = EDIT_TEMPLATE.format, _encode, int.__repr__
    try:
        rendered = [
            fmt(enc(e["id"]), enc(e["rule"]), enc(e["stage"]), number(e["start"]), number(e["end"]),
                enc(e["before"]), enc(e["after"]), enc(e["safety"]), "true" if e["applied"] else "false")
            for e in items
        ]
    except TypeError:  # a string field that is not a string
        return None
    return ",\n".join(rendered)


def dumps(report: dict[str, Any]) -> str:
    """The report as indented JSON (``json.dumps(report, ensure_ascii=False, indent=1)``
    and a line feed), with the edit and suspect lists, which can be long, rendered faster."""
    marks = {"edits": "\x00edits\x00", "suspects": "\x00suspects\x00"}
    text = json.dumps(dict(report, **marks), ensure_ascii=False, indent=1) + "\n"
    for key, mark in marks.items():
        items = report[key]
        body = render_edits(items) if key == "edits" else None
        if body is None:
            body = ",\n".join("  " + render_item(item, 2) for item in items)
        rendered = "[\n" + body + "\n ]" if items else "[]"
        text = text.replace(json.dumps(mark), rendered, 1)
    return text


def edits_from_report(report: dict[str, Any]) -> list[Edit]:
    fields = ("id", "rule", "stage", "start", "end", "before", "after", "safety", "applied")
    return [Edit(**{k: e[k] for k in fields}) for e in report["edits"]]


def suspects_from_report(report: dict[str, Any]) -> list[Suspect]:
    return [
        Suspect(s["rule"], s["start"], s["end"], s["text"], s["reason"], tuple(s["candidates"]))
        for s in report["suspects"]
    ]
