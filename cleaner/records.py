"""JSONL records: one function cleans one record, for ``cleaner clean --jsonl`` and ``cleaner batch``.

A record is a JSON object on one line with a string text field (``text`` unless told otherwise);
its other fields are kept. Its text keeps its form (``Config(unit="record")``): no final line
break added, its own line structure kept; only repairs change it.

A bad record -- not UTF-8, not JSON, nested deeper than the parser goes, a lone surrogate, no
text field, or a value JSON cannot write back (NaN, Infinity) -- passes through unchanged, the
same bytes, with a one-line reason naming the file and line; the rest are cleaned. Records are
written back as strict JSON, so ``NaN`` and ``Infinity`` are never written bare.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner.io import InputError, json_bytes
from cleaner.pipeline import Cleaner, Config
from cleaner.stats import Stats

SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class RecordOutcome:
    """One record's output line, its report line (empty for a bad record) and its statistics."""

    line: int
    output: bytes
    report: bytes = b""
    stats: Stats = field(default_factory=Stats)
    errors: list[str] = field(default_factory=list)
    failure: str = ""  # why the record passed through unchanged


def record_config(config: Config) -> Config:
    """The configuration for records: ``config`` with ``unit="record"``."""
    return config if config.unit == "record" else dataclasses.replace(config, unit="record")


def _constant(name: str) -> float:
    raise ValueError(f"holds {name}, which JSON does not allow")


def parse_record(raw: bytes, number: int, text_field: str = "text") -> dict[str, Any]:
    """The record on line ``number``; a bad one is a ValueError whose message says why.

    >>> parse_record(b'{"text": "\\\\u597d", "n": 1}', 2)
    {'text': '好', 'n': 1}
    >>> parse_record(b'{"text": "x", "score": NaN}', 2)
    Traceback (most recent call last):
    ...
    ValueError: holds NaN, which JSON does not allow
    """
    try:
        line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        record = json.loads(line, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise ValueError("nested too deep to read") from None
    if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
        raise ValueError(f"a record must be an object with a string '{text_field}' field")
    if SURROGATE.search(record[text_field]):
        raise ValueError("the text holds a lone surrogate (\\ud800-\\udfff), not a character")
    return record


def clean_record(cleaner: Cleaner, raw: bytes, number: int, name: str, text_field: str = "text",
                 inline: bool = False) -> RecordOutcome:
    """Clean the record ``raw`` (line ``number`` of ``name``).

    With ``inline``, the record gains ``edits`` and ``suspects`` fields (``clean --jsonl``);
    otherwise its report is a line of its own (``batch``).
    """
    where = f"{name}:{number}"
    try:
        record = parse_record(raw, number, text_field)
    except ValueError as exc:
        return _passed_through(raw, number, f"{where}: {exc}")
    result = cleaner.clean(record[text_field])
    record[text_field] = result.text
    report = b""
    if inline:
        record["edits"] = [e.to_dict() for e in result.edits]
        record["suspects"] = [s.to_dict() for s in result.suspects]
    try:
        output = (json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # (a ValueError too: caught first, or it would be named as a number)
        return _passed_through(raw, number, f"{where}: a field holds a lone surrogate (\\ud800-\\udfff), not a character")
    except ValueError:  # a number too big for a float came back as Infinity
        return _passed_through(raw, number, f"{where}: holds a number JSON cannot write back (NaN or Infinity)")
    except RecursionError:
        return _passed_through(raw, number, f"{where}: nested too deep to write back")
    if not inline:
        data = cleaner.report(result, path=name, describe_rules=False)
        data["source"]["line"] = number
        report = json_bytes(json.dumps(data, ensure_ascii=False) + "\n")  # the file name may not be UTF-8
    return RecordOutcome(number, output, report, result.stats, [f"line {number}: {e}" for e in result.errors])


def _passed_through(raw: bytes, number: int, reason: str) -> RecordOutcome:
    return RecordOutcome(number, raw if raw.endswith(b"\n") else raw + b"\n", failure=reason)


def read_lines(path: str | Path) -> Iterator[tuple[int, bytes]]:
    """(line number, bytes) of each non-blank line of a JSONL file, gzipped when its name ends in
    ``.gz``; ``-`` is standard input. A file that cannot be read is an :class:`InputError`."""
    name = str(path)
    try:
        handle: IO[bytes] = sys.stdin.buffer if name == "-" else open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    try:
        lines: Any = gzip.GzipFile(fileobj=handle, mode="rb") if name.endswith(".gz") else handle
        for number, line in enumerate(lines, 1):
            if line.strip():
                yield number, line
    except (OSError, EOFError) as exc:
        raise InputError(f"{name}: cannot read: {exc}") from None
    finally:
        if handle is not sys.stdin.buffer:
            handle.close()
