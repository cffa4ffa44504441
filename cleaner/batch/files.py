"""Finding the files to clean: each one a :class:`Unit`, with where its outputs go."""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from cleaner.batch.guard import is_link


@dataclass(frozen=True)
class Unit:
    """One input file and where its outputs go (paths relative to OUTDIR, with /)."""

    path: Path
    rel: str
    kind: str  # "text" | "jsonl"
    size: int

    @property
    def gz(self) -> bool:
        return self.rel.endswith(".gz")

    @property
    def report_rel(self) -> str:
        if self.kind == "text":
            return self.rel + ".report.json"
        return self.rel.removesuffix(".gz") + ".report.jsonl" + (".gz" if self.gz else "")


def is_jsonl(name: str) -> bool:
    return name.endswith((".jsonl", ".jsonl.gz"))


def make_unit(path: Path, rel: str) -> Unit:
    return Unit(path, rel, "jsonl" if is_jsonl(path.name) else "text", path.stat().st_size)


def discover(inputs: list[str], outdir: Path, pattern: str | None,
             follow_links: bool = False) -> tuple[list[Unit], list[dict[str, str]]]:
    """The units under ``inputs`` (files, directories walked recursively) and the inputs that failed.

    Directories skip hidden entries and OUTDIR itself; ``pattern`` (a glob on the
    file name, or on the relative path when it has a ``/``) filters their files.
    Files named on the command line are always taken. A directory or file that
    cannot be read (permissions, a path too long) is a failure; a symbolic link
    inside a directory is listed as skipped (``"skipped": "1"``) unless ``follow_links``.
    """
    units: list[Unit] = []
    failures: list[dict[str, str]] = []
    out_real = outdir.resolve()

    def unreadable(error: OSError) -> None:
        failures.append({"path": str(error.filename), "reason": f"cannot read directory: {error.strerror}"})

    def skipped_link(path: Path) -> None:
        failures.append({"path": str(path), "reason": "a symbolic link, skipped (--follow-links cleans what it points to)",
                         "skipped": "1"})

    for item in inputs:
        path = Path(item)
        if path.is_file():
            units.append(make_unit(path, path.name))
        elif path.is_dir():
            seen = {path.resolve()}
            for root, dirs, files in os.walk(path, onerror=unreadable, followlinks=follow_links):
                kept = []
                for d in sorted(dirs):
                    sub = Path(root, d)
                    if d.startswith(".") or sub.resolve() == out_real:
                        continue
                    if is_link(sub):
                        if not follow_links:
                            skipped_link(sub)
                            continue
                        if sub.resolve() in seen:  # a loop of links
                            continue
                    seen.add(sub.resolve())
                    kept.append(d)
                dirs[:] = kept
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(root, name)
                    rel = file.relative_to(path).as_posix()
                    if pattern and not fnmatchcase(rel if "/" in pattern else name, pattern):
                        continue
                    if is_link(file) and not follow_links:
                        skipped_link(file)
                        continue
                    try:
                        if file.is_file():
                            units.append(make_unit(file, rel))
                    except OSError as exc:  # a path too long, a file gone or unreadable
                        failures.append({"path": str(file), "reason": f"cannot read: {exc.strerror or exc}"})
        elif path.exists():
            failures.append({"path": item, "reason": "not a regular file or directory"})
        else:
            failures.append({"path": item, "reason": "no such file or directory"})
    return units, failures
