"""What the command modules share: the command group, one-line errors, and writing outputs safely."""

from __future__ import annotations

import gzip
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

import click

from cleaner.api import get_cleaner
from cleaner.io import InputError, atomic_open, atomic_write, write_stdout
from cleaner.pipeline import Cleaner, Config
from cleaner.rules import RuleError


class Group(click.Group):
    """The command group: Ctrl-C ends any command with exit status 130 and one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("cleaner: interrupted", err=True)
            sys.exit(130)


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"cleaner: error: {message}", err=True)
    sys.exit(code)


def make_cleaner(config: Config) -> Cleaner:
    try:
        return get_cleaner(config)
    except RuleError as exc:
        fail(str(exc), 2)


def write_output(target: str, data: str | bytes) -> None:
    if target == "-":
        try:
            write_stdout(data)
        except OSError as exc:
            fail(f"standard output: cannot write: {exc.strerror or exc}")
        return
    try:
        atomic_write(target, data)
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:  # the disk filled up or went away while writing
        fail(f"{target}: cannot write: {exc.strerror or exc}")


class _Stdout:
    """Standard output as a binary sink that sees every short write (see :func:`write_stdout`)."""

    def write(self, data: bytes) -> int:
        write_stdout(data)
        return len(data)

    def flush(self) -> None:
        pass


def check_outputs(inputs: list[str], outputs: dict[str, str | None], in_place: bool = False) -> None:
    """Refuse a run whose output would land on an input or on another output.

    ``outputs`` maps an option (``-o``, ``--report`` ...) to the path it names;
    only ``-o`` may name the first input, and only with ``--in-place``.
    """
    named = [(option, path) for option, path in outputs.items() if path and path != "-"]
    for n, (option, path) in enumerate(named):
        for i, input in enumerate(inputs):
            if same_file(input, path) and not (option == "-o" and in_place and i == 0):
                hint = "; pass --in-place to overwrite it (a .bak copy is kept)" if option == "-o" and i == 0 else ""
                fail(f"{path}: {option} would overwrite the input file{hint}", 2)
        for other, other_path in named[:n]:
            if same_file(path, other_path):
                fail(f"{path}: {option} and {other} name the same file; each output needs its own", 2)


@contextmanager
def output_stream(target: str) -> Iterator[IO[bytes]]:
    """A binary sink: stdout for ``-``, else a file that appears atomically (gzipped when named ``.gz``,
    without a name or a time stamp, so that reruns give the same bytes); errors end the command."""
    if target == "-":
        try:
            yield _Stdout()  # type: ignore[misc]
        except OSError as exc:
            fail(f"standard output: cannot write: {exc.strerror or exc}")
        return
    try:
        with atomic_open(target) as handle:
            if target.endswith(".gz"):
                with gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0) as packed:
                    yield packed  # type: ignore[misc]
            else:
                yield handle
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:  # the disk filled up while writing: the target is left as it was
        fail(f"{target}: cannot write: {exc.strerror or exc}")


def check_targets(outputs: dict[str, str | None]) -> None:
    """Refuse, before any work, outputs that cannot be written: a directory, or two on standard output.

    ``outputs`` maps an option (``-o``, ``--report`` ...) to the path it names (``-``: stdout)."""
    on_stdout = [option for option, path in outputs.items() if path == "-"]
    if len(on_stdout) > 1:
        fail(f"{' and '.join(on_stdout)} both go to standard output; name a file for all but one", 2)
    for option, path in outputs.items():
        if path and path != "-" and (path.endswith(("/", os.sep)) or Path(path).is_dir()):
            fail(f"{path}: {option} is a directory; name a file", 2)


def backup_path(path: str) -> str:
    """``PATH.bak``, or ``PATH.bak.N`` when that exists: an earlier backup (the original) is never overwritten.

    >>> backup_path("/nonexistent/f.txt")
    '/nonexistent/f.txt.bak'
    """
    candidate, n = path + ".bak", 0
    while os.path.lexists(candidate):
        n += 1
        candidate = f"{path}.bak.{n}"
    return candidate


def same_file(a: str, b: str) -> bool:
    if a == "-" or b == "-":
        return False
    pa, pb = Path(a), Path(b)
    try:
        return pa.resolve() == pb.resolve() or (pb.exists() and pa.exists() and pa.samefile(pb))
    except OSError:
        return False
