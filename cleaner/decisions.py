"""A reviewer's decisions on edits, and how they steer a re-run of the cleaning.

A decision names an edit by its rule code(s) and its source span, not by its id,
so it survives a re-run (ids are only positions in one report). ``reject``
suppresses the edit (an applied edit is undone, a suggestion stays unapplied even
under ``--unsafe``); ``accept`` applies an unsafe suggestion (on an applied edit it
only confirms it). The file format (``decisions.json``, written by the review page)::

    {
      "decisions_version": 1,
      "source": {"path": "scan.txt", "sha256": "…"},      # optional; checked when present
      "decisions": [
        {"rule": "LX05", "start": 1042, "end": 1044, "decision": "reject",
         "id": "E0003", "before": "类烦", "after": "娄烦"}  # id/before/after: optional, informative
      ]
    }
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cleaner.edits import CleanResult
from cleaner.io import InputError, read_json
from cleaner.pipeline import Config

DECISIONS_VERSION = 1
VERDICTS = ("accept", "reject")
RULE_RE = re.compile(r"^[A-Z]{2}\d{2}(\+[A-Z]{2}\d{2})*$")


@dataclass(frozen=True)
class Decision:
    rule: str  # rule codes joined by +, as in the report
    start: int  # source offsets
    end: int
    decision: str  # accept | reject
    id: str = ""
    before: str | None = None
    after: str | None = None

    @property
    def span(self) -> tuple[str, int, int]:
        return (self.rule, self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"rule": self.rule, "start": self.start, "end": self.end, "decision": self.decision}
        if self.id:
            out["id"] = self.id
        if self.before is not None:
            out["before"] = self.before
        if self.after is not None:
            out["after"] = self.after
        return out


@dataclass(frozen=True)
class Decisions:
    decisions: tuple[Decision, ...]
    source_sha256: str | None = None
    source_path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "decisions_version": DECISIONS_VERSION,
            "source": {"path": self.source_path, "sha256": self.source_sha256},
            "decisions": [d.to_dict() for d in self.decisions],
        }


def load_decisions(path: str | Path) -> Decisions:
    """Read a decisions file; anything malformed is an :class:`InputError` naming the file."""
    name = str(path)
    data = read_json(path, "decisions file")
    return parse_decisions(data, name)


def parse_decisions(data: Any, name: str = "<decisions>") -> Decisions:
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise InputError(f"{name}: a decisions file is an object with a 'decisions' list")
    version = data.get("decisions_version", DECISIONS_VERSION)
    if version != DECISIONS_VERSION:
        raise InputError(f"{name}: decisions_version {version!r} is not supported (expected {DECISIONS_VERSION})")
    out = []
    for n, item in enumerate(data["decisions"]):
        where = f"{name}: decisions[{n}]"
        if not isinstance(item, dict):
            raise InputError(f"{where}: must be an object")
        rule, start, end, verdict = item.get("rule"), item.get("start"), item.get("end"), item.get("decision")
        if not isinstance(rule, str) or not RULE_RE.match(rule):
            raise InputError(f"{where}: 'rule' must be rule codes such as LX05 or LY02+CH01, not {rule!r}")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or not 0 <= start <= end:
            raise InputError(f"{where}: 'start' and 'end' must be source offsets with 0 <= start <= end")
        if verdict not in VERDICTS:
            raise InputError(f"{where}: 'decision' must be 'accept' or 'reject', not {verdict!r}")
        before, after = item.get("before"), item.get("after")
        out.append(Decision(rule, start, end, verdict, str(item.get("id") or ""),
                            before if isinstance(before, str) else None,
                            after if isinstance(after, str) else None))
    spans: dict[tuple[str, int, int], str] = {}
    for d in out:
        if spans.setdefault(d.span, d.decision) != d.decision:
            raise InputError(f"{name}: {d.rule} at {d.start}-{d.end} is both accepted and rejected")
    source: dict[str, Any] = data["source"] if isinstance(data.get("source"), dict) else {}
    sha = source.get("sha256")
    path = source.get("path")
    return Decisions(tuple(out), sha if isinstance(sha, str) else None, path if isinstance(path, str) else None)


def check_source(decisions: Decisions, source: str, *, sha256: str | None = None, name: str = "source") -> None:
    """Refuse decisions made on another text: their spans would point at the wrong characters."""
    if decisions.source_sha256 is None:
        for d in decisions.decisions:
            if d.end > len(source) or (d.before is not None and source[d.start : d.end] != d.before):
                raise InputError(f"{name}: does not match the decisions: {d.rule} at {d.start}-{d.end} expects {d.before!r}")
        return
    digests = {hashlib.sha256(source.encode("utf-8")).hexdigest(), sha256}  # of the text, or of the file's bytes
    if decisions.source_sha256 not in digests:
        raise InputError(f"{name}: is not the text the decisions were made on (sha256 differs from the decisions' source)")


def with_decisions(config: Config, decisions: Decisions) -> Config:
    """``config`` with the reviewer's rejections and acceptances added."""
    reject = frozenset(d.span for d in decisions.decisions if d.decision == "reject")
    accept = frozenset(d.span for d in decisions.decisions if d.decision == "accept")
    return replace(config, reject=config.reject | reject, accept=config.accept | accept)


def unmatched(decisions: Decisions, result: CleanResult) -> list[str]:
    """Decisions the re-run did not honour (their edit no longer exists or changed shape).

    A rejection is honoured when no applied edit of its rules lies inside its span; an
    acceptance when an applied edit of its rules covers that span.
    """
    problems = []
    for d in decisions.decisions:
        codes = set(d.rule.split("+"))
        inside = [e for e in result.applied if codes & set(e.rules) and d.start <= e.start and e.end <= d.end]
        if d.decision == "reject" and inside:
            problems.append(f"rejected {d.rule} at {d.start}-{d.end} is still applied (as {inside[0].rule})")
        covering = [e for e in result.applied if codes & set(e.rules) and e.start <= d.start and d.end <= e.end]
        if d.decision == "accept" and not covering:
            problems.append(f"accepted {d.rule} at {d.start}-{d.end} matched no edit in this run")
    return problems
