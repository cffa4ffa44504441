"""Reading and writing: decoding bytes with a reported encoding, atomic writes, JSONL.

Decoding tries, in order: a BOM (UTF-8, UTF-16, UTF-32), strict UTF-8, then the reading
among GB18030, Big5 and UTF-16 without a BOM that is clearly the most plausible Chinese text
(:mod:`cleaner.encoding_guess`); an encoding named by the caller (``--encoding``) replaces
the guess. Anything else is an :class:`InputError` whose message is one line naming the file.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.encoding_guess import CannotTell, guess

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class InputError(ValueError):
    """Input that cannot be cleaned; the message is one line naming the file."""


@dataclass(frozen=True)
class Decoded:
    """A decoded input: its text, the encoding it was read with, and the sha256 and size of its bytes."""

    text: str
    encoding: str
    sha256: str
    size: int


def decode(data: bytes, name: str = "<stdin>", encoding: str | None = None) -> Decoded:
    """Decode ``data``; raise :class:`InputError` for empty, binary or undecodable input.

    The encoding is ``encoding`` when given, else chosen by :func:`sniff_encoding`, the same
    choice as for streamed files.
    """
    if encoding is None:
        encoding = sniff_encoding(data, name, complete=True)
    elif not data:
        raise InputError(f"{name}: empty file, nothing to clean")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid {encoding} at byte {exc.start}: {exc.reason}") from None
    if "\x00" in text:
        raise InputError(f"{name}: binary file (NUL characters after decoding as {encoding}), not text")
    return Decoded(text, encoding, hashlib.sha256(data).hexdigest(), len(data))


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or a ValueError naming the unknown encoding.

    >>> check_encoding("GBK"), check_encoding("latin-1")
    ('gbk', 'iso8859-1')
    """
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding: {encoding}") from None


# What ``cleaner clean -`` reads at most from standard input unless told otherwise.
MAX_STDIN_BYTES = 2 * 2**30


def read_stdin(limit: int = MAX_STDIN_BYTES) -> bytes:
    """All of standard input, or an InputError once it passes ``limit`` bytes (``< /dev/zero``)."""
    import sys

    data = sys.stdin.buffer.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"<stdin>: more than {limit:,} bytes; raise --max-input-size, or clean a file instead")
    return data


def read_bytes(path: str | Path, max_stdin: int = MAX_STDIN_BYTES) -> bytes:
    """A file's bytes; ``-`` is standard input (at most ``max_stdin`` bytes). Errors are one line naming the file."""
    name = str(path)
    if name == "-":
        return read_stdin(max_stdin)
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{name}: is a directory, not a file")
    if not p.exists():
        raise InputError(f"{name}: no such file")
    if not p.is_file():
        raise InputError(f"{name}: not a regular file")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None


def read_input(path: str | Path, encoding: str | None = None, max_stdin: int = MAX_STDIN_BYTES) -> Decoded:
    """Read and decode a file; ``-`` is standard input (at most ``max_stdin`` bytes). ``encoding`` overrides the guess."""
    name = "<stdin>" if str(path) == "-" else str(path)
    return decode(read_bytes(path, max_stdin), name, encoding)


def write_stdout(data: str | bytes) -> None:
    """Write all of ``data`` to standard output or raise OSError.

    Python's buffered stdout can drop the rest of a write that the disk cut short
    (``> /full/disk/x``) and still exit 0; writing to the descriptor in a loop
    sees every short write and the error that follows it.
    """
    import io
    import sys

    payload = data.encode("utf-8") if isinstance(data, str) else data
    sys.stdout.flush()
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, ValueError, io.UnsupportedOperation):  # a captured stdout (tests, embedding)
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


# Temporary files of atomic writes: ".NAME.<random>" + TEMP_SUFFIX beside the target.
TEMP_SUFFIX = ".cleaner-tmp"


def output_mode(target: Path) -> int:
    """The mode an output at ``target`` gets: the mode of the file it replaces, else what the
    umask leaves of 0666 (as ``open`` would give a new file; ``mkstemp`` alone gives 0600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def temp_file(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target`` (``fd, path``), with the mode the output will have;
    an unwritable directory is an InputError."""
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, path = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=directory)
    except OSError as exc:
        raise InputError(f"{target}: cannot write: {exc.strerror}") from None
    os.fchmod(fd, output_mode(target))
    return fd, path


@contextmanager
def atomic_open(path: str | Path) -> Iterator[Any]:
    """A binary file that appears at ``path`` only when the block ends without an exception.

    The data goes to a temporary file beside ``path``, which is flushed to disk and
    renamed into place; a crash or an error leaves ``path`` as it was.
    """
    target = Path(path)
    fd, tmp = temp_file(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
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


def json_bytes(text: str) -> bytes:
    r"""JSON text as UTF-8 bytes. A lone surrogate -- a file name that is not UTF-8, as Python
    reads it -- is written as its ``\u`` escape, which reads back as the same name.

    >>> json_bytes(json.dumps({"path": "\udcff.txt", "text": "好"}, ensure_ascii=False))
    b'{"path": "\\udcff.txt", "text": "\xe5\xa5\xbd"}'
    """
    return text.encode("utf-8", "backslashreplace")


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_open(path) as handle:
        handle.write(payload)


def sniff_encoding(prefix: bytes, name: str, complete: bool = False) -> str:
    """The encoding of a file from its first bytes (the whole file when ``complete``).

    The same order as :func:`decode`: a BOM, strict UTF-8, then the clearly most plausible
    reading among GB18030, Big5 and UTF-16 (:func:`cleaner.encoding_guess.guess`).
    """
    if not prefix:
        raise InputError(f"{name}: empty file, nothing to clean")
    for bom, encoding in BOMS:
        if prefix.startswith(bom):
            return encoding
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(prefix, final=complete)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        return guess(prefix, complete)
    except CannotTell as exc:
        raise InputError(f"{name}: {exc}") from None


class TextStream:
    """A file decoded piece by piece, never held whole: for files bigger than the memory budget.

    Iterating yields decoded text; ``sha256``, ``size`` and ``encoding`` describe the
    bytes read so far (all of them once iteration ends). A byte sequence that does not
    decode, or a NUL character, is an :class:`InputError` naming the file and byte.
    """

    def __init__(self, path: str | Path, block: int = 1 << 20, encoding: str | None = None) -> None:
        self.path = Path(path)
        self.block = block
        self._hash = hashlib.sha256()
        self.size = 0
        try:
            self._handle = open(self.path, "rb")  # noqa: SIM115 - closed when iteration ends
        except OSError as exc:
            raise InputError(f"{path}: cannot read: {exc.strerror}") from None
        self._first = self._read()
        if encoding is not None:
            self.encoding = encoding
        elif not self._first:
            raise InputError(f"{path}: empty file, nothing to clean")
        else:
            self.encoding = sniff_encoding(self._first, str(path), complete=len(self._first) < block)

    def _read(self) -> bytes:
        try:
            data = self._handle.read(self.block)
        except OSError as exc:
            raise InputError(f"{self.path}: cannot read: {exc.strerror}") from None
        self._hash.update(data)
        self.size += len(data)
        return data

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def __iter__(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        data, offset = self._first, 0
        try:
            while True:
                final = len(data) < self.block
                try:
                    text = decoder.decode(data, final=final)
                except UnicodeDecodeError as exc:
                    raise InputError(
                        f"{self.path}: not valid {self.encoding} at byte {offset + max(exc.start, 0)}: {exc.reason}"
                    ) from None
                if "\x00" in text:
                    raise InputError(f"{self.path}: binary file (NUL bytes), not text")
                if text:
                    yield text
                if final:
                    return
                offset += len(data)
                data = self._read()
        finally:
            self._handle.close()
