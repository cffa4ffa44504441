"""Planning the outputs: no two units write the same file, and no output lands on an input, on
the batch's own state, or outside OUTDIR."""

from __future__ import annotations

from pathlib import Path

from cleaner.batch.files import Unit
from cleaner.batch.guard import outside_outdir
from cleaner.batch.options import STATE_DIR, SUMMARY_NAME


def plan_outputs(units: list[Unit], outdir: Path) -> tuple[list[Unit], list[dict[str, str]]]:
    """Drop units whose outputs would collide with another unit's, a reserved name, or an input file."""
    inputs = {u.path.resolve() for u in units}
    out_real = outdir.resolve()
    taken: dict[str, str] = {SUMMARY_NAME: "the batch summary"}
    kept, failures = [], []
    for unit in units:
        reason = ""
        for rel in (unit.rel, unit.report_rel):
            target = (outdir / rel).resolve()
            if rel.split("/")[0] == STATE_DIR or rel in taken:
                reason = f"output {rel} is already taken by {taken.get(rel, 'the batch state')}"
            elif target in inputs:
                reason = f"output {outdir / rel} would overwrite an input file"
            elif outside_outdir(outdir / rel, out_real):
                reason = f"output {outdir / rel} would be written outside {outdir} (through a symbolic link)"
            if reason:
                break
        if reason:
            failures.append({"path": str(unit.path), "reason": reason})
            continue
        taken[unit.rel] = taken[unit.report_rel] = str(unit.path)
        kept.append(unit)
    return kept, failures
