"""The JSON report: source identity, every edit (applied or suggested), suspects, stats.

A program can replay it: applying the edits with ``applied: true`` to the
decoded source gives the clean text (:func:`cleaner.edits.apply_edits`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cleaner.edits import CleanResult, Edit, Suspect
from cleaner.io import Decoded

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
    from cleaner import __version__

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
        "stats": result.stats,
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


def dumps(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


def edits_from_report(report: dict[str, Any]) -> list[Edit]:
    fields = ("id", "rule", "stage", "start", "end", "before", "after", "safety", "applied")
    return [Edit(**{k: e[k] for k in fields}) for e in report["edits"]]


def suspects_from_report(report: dict[str, Any]) -> list[Suspect]:
    return [
        Suspect(s["rule"], s["start"], s["end"], s["text"], s["reason"], tuple(s["candidates"]))
        for s in report["suspects"]
    ]
