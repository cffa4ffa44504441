"""The progress bar of ``cleaner batch`` (rich, on standard error): files done, characters per second, time left."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text


class _Rate(ProgressColumn):
    """Characters per second over the whole run so far."""

    def render(self, task: Task) -> Text:
        chars = task.fields.get("chars", 0)
        elapsed = task.elapsed or 0
        rate = chars / elapsed if elapsed > 0 else 0
        return Text(f"{rate / 1e6:.2f} M chars/s", style="progress.data.speed")


class _Docs(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.fields.get('done', 0)}/{task.fields.get('units', 0)} files", style="progress.download")


class BarProgress:
    """The batch's progress on a rich bar: files done, characters per second, time left (by bytes)."""

    def __init__(self, console: Console) -> None:
        self.bar = Progress(TextColumn("cleaning"), BarColumn(), _Docs(), _Rate(), TimeRemainingColumn(),
                            console=console, transient=False)
        self.task: Any = None
        self.done = 0
        self.chars = 0

    def start(self, units: int, total_bytes: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("batch", total=max(total_bytes, 1), units=units, done=0, chars=0)

    def advance(self, nbytes: int, chars: int, units: int) -> None:
        self.done += units
        self.chars += chars
        self.bar.update(self.task, advance=nbytes, done=self.done, chars=self.chars)

    def stop(self) -> None:
        self.bar.stop()
