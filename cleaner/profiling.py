"""Where the time goes: seconds per rule and per stage, for ``--profile-time``.

A :class:`TimeProfile` set on a :class:`~cleaner.pipeline.Cleaner` (``cleaner.timing``)
collects, for every rule run, the CPU seconds spent finding and applying its edits
(CPU time, not wall time: steadier on a machine shared with other work),
summed over passes and documents, plus other named steps (building the report,
writing JSON). Its :meth:`~TimeProfile.table` is what ``--profile-time`` prints to
stderr, slowest first, so that a user sees which of their own rules is slow.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# The profile every Cleaner of this process adds to (``--profile-time``: a streamed file's chunks
# and JSONL records are cleaned with cleaners of their own configurations); None: off.
current: TimeProfile | None = None


@dataclass
class _Row:
    stage: str
    kind: str
    runs: int = 0
    seconds: float = 0.0
    chars: int = 0  # characters looked at (a windowed pass looks at fewer than the text)


class TimeProfile:
    """Seconds per rule (``add``) and per named step (``step``), accumulated."""

    def __init__(self) -> None:
        self.rules: dict[str, _Row] = {}
        self.steps: dict[str, float] = {}
        self.documents = 0
        self.chars = 0
        self.started = time.process_time()

    def add(self, code: str, stage: str, kind: str, seconds: float, chars: int) -> None:
        row = self.rules.get(code)
        if row is None:
            row = self.rules[code] = _Row(stage, kind)
        row.runs += 1
        row.seconds += seconds
        row.chars += chars

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        """Time a block as the named step (summed over calls)."""
        start = time.process_time()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.process_time() - start

    def document(self, chars: int) -> None:
        self.documents += 1
        self.chars += chars

    def table(self) -> str:
        """A plain-text table: stages, then rules slowest first, then the other steps."""
        measured = sum(r.seconds for r in self.rules.values()) + sum(self.steps.values())
        total = max(measured, time.process_time() - self.started)
        lines = [f"time profile: {self.documents} text(s) (documents, chunks or records), {self.chars:,} characters, "
                 f"{total:.3f} CPU s (load average {_load()})"]

        def pct(seconds: float) -> str:
            return f"{100 * seconds / total:5.1f}%" if total else "    -"

        stages: dict[str, float] = {}
        for row in self.rules.values():
            stages[row.stage] = stages.get(row.stage, 0.0) + row.seconds
        lines.append(f"{'stage':<24} {'seconds':>9} {'share':>6}")
        for stage, seconds in stages.items():
            lines.append(f"{stage:<24} {seconds:9.3f} {pct(seconds)}")
        lines.append("")
        lines.append(f"{'rule':<8} {'kind':<22} {'stage':<11} {'runs':>5} {'seconds':>9} {'share':>6} {'M chars/s':>10}")
        for code, row in sorted(self.rules.items(), key=lambda item: -item[1].seconds):
            speed = f"{row.chars / row.seconds / 1e6:10.2f}" if row.seconds > 0 else f"{'-':>10}"
            lines.append(f"{code:<8} {row.kind:<22} {row.stage:<11} {row.runs:5d} {row.seconds:9.3f} {pct(row.seconds)} {speed}")
        lines.append("")
        lines.append(f"{'step':<24} {'seconds':>9} {'share':>6}")
        for name, seconds in self.steps.items():
            lines.append(f"{name:<24} {seconds:9.3f} {pct(seconds)}")
        other = total - measured  # reading, decoding, chunking, writing, the report file
        lines.append(f"{'outside the rules':<24} {other:9.3f} {pct(other)}")
        return "\n".join(lines) + "\n"


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"
