"""Tasks: what runs on an executor, in this process, a worker process or on a Dask worker.

Top-level functions of plain arguments, so that they pickle; each builds (or reuses) the
worker's cleaner for the configuration it is given.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any

from cleaner.api import get_cleaner
from cleaner.chunking import ChunkResult, render_chunk
from cleaner.formats import OcrResult, clean_ocr, detect_format, read_ocr
from cleaner.io import Decoded, InputError, decode, json_bytes
from cleaner.pipeline import Config
from cleaner.records import RecordOutcome, clean_record, record_config
from cleaner.report.json_report import dumps


def warm_up(config: Config) -> None:
    """Compile the rules and load their tables, so that worker processes start ready."""
    from cleaner.preload import preload

    preload(get_cleaner(config))


@dataclass
class DocumentOutcome:
    text: bytes = b""
    report: bytes = b""
    entry: dict[str, Any] = field(default_factory=dict)
    sha256: str = ""
    failure: str = ""


def clean_document_task(config: Config, rel: str, data: bytes, encoding: str | None = None) -> DocumentOutcome:
    """Decode and clean a whole document; render its clean text and report."""
    cleaner = get_cleaner(config)
    ocr: OcrResult | None = None
    try:
        fmt = detect_format(rel, data)
        if fmt:  # a structured OCR file: cleaned as its assembled text, written in its own format
            ocr = clean_ocr(cleaner, read_ocr(data, rel, fmt))
            decoded = Decoded(ocr.assembly.text, "utf-8", hashlib.sha256(data).hexdigest(), len(data))
        else:
            decoded = decode(data, rel, encoding)
    except InputError as exc:
        return DocumentOutcome(sha256=hashlib.sha256(data).hexdigest(), failure=str(exc))
    result = ocr.result if ocr else cleaner.clean(decoded.text)
    report = cleaner.report(result, path=rel, decoded=decoded, describe_rules=False)
    if ocr:
        ocr.locate(report)
    entry = {"encoding": decoded.encoding, "bytes": decoded.size, "documents": 1, "chunks": 1,
             **result.stats.counts(), "errors": list(result.errors), **({"format": fmt} if ocr else {})}
    output = ocr.render() if ocr else result.text.encode("utf-8")
    return DocumentOutcome(output, json_bytes(dumps(report)), entry, decoded.sha256)


def clean_chunk_task(config: Config, text: str, offset: int, warning: str, last: bool = True) -> ChunkResult:
    """Clean one chunk of a large document; offsets in the result are the document's. Only the
    first chunk holds the document's start and only the last its end (where LY13, LY14 work)."""
    edges = (("start",) if offset == 0 else ()) + (("end",) if last else ())
    result = get_cleaner(dataclasses.replace(config, edges=edges)).clean(text)
    rendered = render_chunk(result, offset)
    if warning:
        rendered.errors.append(warning)
    return rendered


def clean_records_task(config: Config, rel: str, lines: list[tuple[int, bytes]],
                       text_field: str = "text") -> list[RecordOutcome]:
    """Clean a batch of JSONL records with :func:`cleaner.records.clean_record`, as ``clean --jsonl`` does."""
    cleaner = get_cleaner(record_config(config))
    return [clean_record(cleaner, raw, number, rel, text_field) for number, raw in lines]
