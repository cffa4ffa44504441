"""What a batch is told (:class:`BatchOptions`), the names it uses in OUTDIR, and what it reports
progress to."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from cleaner.pipeline import Config

SUMMARY_NAME = "batch-summary.json"
STATE_DIR = ".cleaner-batch"  # OUTDIR's own state: the manifest and the lock
MANIFEST_NAME = "manifest.jsonl"
# A chunk of this many characters costs about this many bytes while it is cleaned (text,
# working copies, edit objects, rendered report items): measured on the sample repeated to
# 11 MB (3.8 M characters) cleaned whole, 577 MB peak, about 125 bytes a character.
BYTES_PER_CHUNK_CHAR = 128
MIN_CHUNK_CHARS = 1024


@dataclass(frozen=True)
class BatchOptions:
    outdir: Path
    config: Config = field(default_factory=Config)
    jobs: int = 1
    glob: str | None = None
    resume: bool = False
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # a Dask scheduler address; None starts a LocalCluster
    memory_budget: int = 64 * 2**20  # bytes; larger files are streamed in chunks
    follow_links: bool = False  # clean what symbolic links inside input directories point to
    wait: bool = False  # wait for another batch writing into OUTDIR instead of refusing
    text_field: str = "text"  # the field of a JSONL record that holds its text
    encoding: str | None = None  # the text files' encoding; None: told from their bytes

    @property
    def chunk_chars(self) -> int:
        return max(MIN_CHUNK_CHARS, self.memory_budget // BYTES_PER_CHUNK_CHAR)

    @property
    def stream_above(self) -> int:
        """Files of more bytes than this are streamed: they may hold more characters than a chunk."""
        return self.chunk_chars


class Progress(Protocol):
    def start(self, units: int, total_bytes: int) -> None: ...

    def advance(self, nbytes: int, chars: int, units: int) -> None: ...
