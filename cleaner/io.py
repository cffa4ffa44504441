"""Reading and writing: decoding bytes with a reported encoding, atomic writes, JSONL.

Decoding tries, in order: a BOM (UTF-8, UTF-16, UTF-32), strict UTF-8, then
charset-normalizer's best guess among Chinese encodings, accepted only when it
decodes cleanly and its chaos score is low. Anything else is an
:class:`InputError` whose message is one line naming the file.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings charset-normalizer may choose for our documents; others are not guesses we trust.
CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf_16", "utf_16_le", "utf_16_be", "hz", "cp950", "cp936")
MAX_CHAOS = 0.2
SURROGATE = re.compile("[\ud800-\udfff]")


class InputError(ValueError):
    """Input that cannot be cleaned; the message is one line naming the file."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    sha256: str
    size: int


def decode(data: bytes, name: str = "<stdin>") -> Decoded:
    """Decode ``data``; raise :class:`InputError` for empty, binary or undecodable input."""
    decoded = _decode(data, name)
    if "\x00" in decoded.text:
        raise InputError(f"{name}: binary file (NUL characters after decoding as {decoded.encoding}), not text")
    return decoded


def _decode(data: bytes, name: str) -> Decoded:
    digest = hashlib.sha256(data).hexdigest()
    if not data:
        raise InputError(f"{name}: empty file, nothing to clean")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding), encoding, digest, len(data))
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: starts with a {encoding} BOM but does not decode: {exc.reason} at byte {exc.start}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Decoded(text, "utf-8", digest, len(data))
    if b"\x00" in data and not _looks_utf16(data):
        raise InputError(f"{name}: binary file (NUL bytes), not text")
    return _guess(data, name, digest)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: NULs sit in every other byte for ASCII-heavy text."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    return max(even, odd) > len(sample) // 8 and min(even, odd) == 0


def _guess(data: bytes, name: str, digest: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(CHINESE_ENCODINGS)).best()
    if best is None or best.encoding not in CHINESE_ENCODINGS or best.chaos > MAX_CHAOS:
        raise InputError(f"{name}: cannot decode with confidence (not UTF-8, and no Chinese encoding fits)")
    text = str(best)
    return Decoded(text, best.encoding.replace("_", "-"), digest, len(data))


def read_input(path: str | Path) -> Decoded:
    """Read and decode a file; ``-`` is standard input."""
    import sys

    name = str(path)
    if name == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if not p.is_file():
        raise InputError(f"{name}: not a regular file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    return decode(data, name)


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise InputError(f"{target}: cannot write: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: str | Path, what: str) -> Any:
    """Read a JSON file (a report, a decisions file); errors are one line naming file and line."""
    name = str(path)
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{name}: no such {what}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{name}: cannot read {what}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: not valid JSON: {exc.msg}") from None


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, record) from a JSONL file; a bad line is an InputError."""
    import sys

    handle = sys.stdin if str(path) == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    try:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not valid JSON: {exc.msg}") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(f"{path}:{n}: a record must be an object with a string 'text' field")
            if SURROGATE.search(record["text"]):
                raise InputError(f"{path}:{n}: the text holds a lone surrogate (\\ud800-\\udfff), not a character")
            yield n, record
    finally:
        if handle is not sys.stdin:
            handle.close()
