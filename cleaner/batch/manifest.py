"""The manifest: what is done, for ``--resume``.

``OUTDIR/.cleaner-batch/manifest.jsonl`` records each finished unit with its source hash,
the hash of the settings that decide its outputs, and the sizes of those outputs; a unit is
skipped on ``--resume`` only when all of them still match.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from cleaner.api import get_cleaner
from cleaner.batch.files import Unit
from cleaner.batch.options import MANIFEST_NAME, STATE_DIR, BatchOptions
from cleaner.io import TEMP_SUFFIX, atomic_write, json_bytes


def settings_hash(options: BatchOptions) -> str:
    """Everything besides the source that decides a unit's outputs."""
    cleaner = get_cleaner(options.config)
    config = options.config
    key = f"{cleaner.rules_hash}|unsafe={config.unsafe}|passes={config.max_passes}|chunk={options.chunk_chars}"
    if options.text_field != "text":
        key += f"|text_field={options.text_field}"
    if options.encoding:
        key += f"|encoding={options.encoding}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """An append-only log of finished units; a torn last line (a kill mid-write) is ignored."""

    def __init__(self, outdir: Path, resume: bool) -> None:
        self.path = outdir / STATE_DIR / MANIFEST_NAME
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, dict[str, Any]] = {}
        if resume and self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.done[record["path"]] = record
                except (json.JSONDecodeError, KeyError, TypeError):
                    continue
            # Rewrite it whole: drops a torn line so that later appends stay readable.
            atomic_write(self.path, json_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.done.values())))
        elif not resume:
            atomic_write(self.path, "")
        # A file name that is not UTF-8 is written as \u escapes (see cleaner.io.json_bytes).
        self.handle = open(self.path, "a", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115 - closed by close()

    def lookup(self, unit: Unit, settings: str, outdir: Path) -> dict[str, Any] | None:
        """The summary entry of ``unit`` if an earlier run finished it and its outputs are intact."""
        record = self.done.get(unit.rel)
        if not record or record.get("settings") != settings:
            return None
        for rel, size in record.get("outputs", {}).items():
            target = outdir / rel
            if not target.is_file() or target.stat().st_size != size:
                return None
        if record.get("sha256") != file_sha256(unit.path):
            return None
        return dict(record["entry"])

    def add(self, unit: Unit, sha256: str, settings: str, outdir: Path, entry: dict[str, Any]) -> None:
        outputs = {rel: (outdir / rel).stat().st_size for rel in (unit.rel, unit.report_rel)}
        record = {"path": unit.rel, "sha256": sha256, "settings": settings, "outputs": outputs, "entry": entry}
        self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        self.handle.close()


def remove_stale_temps(outdir: Path) -> int:
    """Delete temporary files a killed run left behind (only ours: hidden, with our suffix)."""
    removed = 0
    for root, _, files in os.walk(outdir):
        for name in files:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                Path(root, name).unlink(missing_ok=True)
                removed += 1
    return removed
