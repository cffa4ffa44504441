"""The tests' rule packs: TOML files in tests/fixtures/packs/, each a whole pack a test can name.

A test that needs a variant (another code, pattern or replacement) copies a pack with
:func:`pack_with`, which rewrites single lines, so the line numbers that errors name stay.

>>> pack("cycle").name
'cycle.toml'
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.paths import FIXTURES

PACKS = FIXTURES / "packs"


def pack(name: str) -> Path:
    """The path of fixture pack ``name`` (``tests/fixtures/packs/NAME.toml``)."""
    path = PACKS / f"{name}.toml"
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


def pack_with(pack_name: str, directory: Path, /, **values: str) -> Path:
    r"""A copy of pack ``pack_name`` in ``directory`` whose rule has ``key = value`` for each of ``values``.

    Each key must stand on one line of the pack, once (the packs for variants hold one rule).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     copy = pack_with("house_style", Path(tmp), code="ACME12", pattern="a\\b")
    ...     [line for line in copy.read_text(encoding="utf-8").splitlines() if line.startswith(("code", "pattern"))]
    ['code = "ACME12"', 'pattern = "a\\\\b"']
    """
    lines = pack(pack_name).read_text(encoding="utf-8").splitlines(keepends=True)
    for key, value in values.items():
        at = [n for n, line in enumerate(lines) if line.startswith(f"{key} = ")]
        if len(at) != 1:
            raise ValueError(f"pack {pack_name}: key {key!r} is not on exactly one line")
        # A TOML basic string: JSON's escapes (\\ \" \n \uXXXX) mean the same in TOML.
        lines[at[0]] = f"{key} = {json.dumps(value, ensure_ascii=False)}\n"
    path = directory / f"{pack_name}.toml"
    path.write_text("".join(lines), encoding="utf-8")
    return path
