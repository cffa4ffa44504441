"""Working from a saved JSON report: load it, find and check its source text, rebuild the result.

A report holds edits in source offsets but not the source itself; commands that read a
report (``cleaner report``, ``cleaner diff REPORT.json``) find the source by the path the
report names (as given, then beside the report) or by ``--source``, and refuse a file
whose SHA-256 differs from the report's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeGuard

from cleaner.edits import CleanResult, apply_edits
from cleaner.io import Decoded, InputError, read_json
from cleaner.report.json_report import edits_from_report, suspects_from_report
from cleaner.stats import Stats


def load_report(path: str | Path) -> dict[str, Any]:
    name = str(path)
    data = read_json(path, "report")
    if not is_report(data):
        raise InputError(f"{name}: not a cleaner report (no report_version, source, edits and suspects)")
    return data


def is_report(data: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(data, dict) and all(k in data for k in ("report_version", "source", "edits", "suspects"))


def looks_like_report(path: str) -> bool:
    """A ``.json`` file holding a cleaner report (so ``cleaner diff`` reads it instead of cleaning it)."""
    if not path.endswith(".json") or not Path(path).is_file():
        return False
    try:
        return is_report(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False


def report_source(report: dict[str, Any], report_path: str | Path, explicit: str | None = None) -> Decoded:
    """The decoded source of ``report``: ``explicit``, or the path the report names."""
    if explicit:
        candidates = [Path(explicit)]
    else:
        named = report["source"].get("path")
        if not named:
            raise InputError(f"{report_path}: the report does not name its source (it was read from stdin); pass --source")
        candidates = [Path(named), Path(report_path).parent / named, Path(report_path).parent / Path(named).name]
    for candidate in candidates:
        if candidate.is_file():
            from cleaner.formats import read_document  # an OCR file's source is its assembled text

            decoded, _ = read_document(candidate, report["source"].get("format") or "text")
            if decoded.sha256 != report["source"].get("sha256", decoded.sha256):
                raise InputError(f"{candidate}: is not the source of {report_path} (its sha256 differs from the report's)")
            return decoded
    raise InputError(f"{report_path}: cannot find its source {candidates[0]}; pass --source")


def result_from_report(report: dict[str, Any], source: str) -> CleanResult:
    """The :class:`CleanResult` a report describes (the clean text is replayed from its edits)."""
    edits = edits_from_report(report)
    return CleanResult(source, apply_edits(source, edits), edits, suspects_from_report(report),
                       Stats.from_dict(report.get("stats", {})), list(report.get("errors", [])))
