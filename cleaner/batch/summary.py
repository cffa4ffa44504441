"""The batch summary (``OUTDIR/batch-summary.json``): every unit's entry, their totals, the failures."""

from __future__ import annotations

from collections import Counter
from typing import Any

from cleaner.version import __version__

SUMMARY_VERSION = 1
# Counters of a unit's entry that the summary adds up.
TOTALS = ("documents", "chars_in", "chars_out", "edits", "suggestions", "suspects")
# Fields of the summary that describe the run rather than its results (they differ between runs).
RUN_FIELDS = ("seconds", "chars_per_second", "resumed", "engine", "workers")


def build_summary(entries: dict[str, dict[str, Any]], failures: list[dict[str, str]], profile: str,
                  rules_hash: str, seconds: float, chars_cleaned: int, resumed: int, engine: str,
                  workers: int) -> dict[str, Any]:
    units = [entries[rel] for rel in sorted(entries)]
    totals = {key: sum(int(u.get(key, 0)) for u in units) for key in TOTALS}
    per_rule: Counter[str] = Counter()
    suspects_per_rule: Counter[str] = Counter()
    encodings: Counter[str] = Counter()
    for unit in units:
        per_rule.update(unit.get("per_rule", {}))
        suspects_per_rule.update(unit.get("suspects_per_rule", {}))
        encodings[unit.get("encoding", "")] += 1
    return {
        "summary_version": SUMMARY_VERSION,
        "cleaner": __version__,
        "profile": profile,
        "rules_hash": rules_hash,
        "units": len(units),
        **totals,
        "failed": len(failures),
        "per_rule": dict(sorted(per_rule.items())),
        "suspects_per_rule": dict(sorted(suspects_per_rule.items())),
        "encodings": dict(sorted(encodings.items())),
        "failures": sorted(failures, key=lambda f: (f["path"], f["reason"])),
        "files": units,
        "seconds": round(seconds, 3),
        "chars_per_second": round(chars_cleaned / seconds) if seconds > 0 else 0,
        "resumed": resumed,
        "engine": engine,
        "workers": workers,
    }


def without_run_fields(summary: dict[str, Any]) -> dict[str, Any]:
    """The summary minus what describes the run (time, engine): equal for equal results."""
    return {k: v for k, v in summary.items() if k not in RUN_FIELDS}
