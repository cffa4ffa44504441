"""TSV tables of rule packs: ``#`` comment lines, a header row naming the columns, then rows.

Kept apart from the pack loader (:mod:`cleaner.rules`) because kinds read tables
too, and the loader imports the kinds.
"""

from __future__ import annotations

from pathlib import Path

from cleaner.rule import RuleError


def load_table(path: Path) -> list[dict[str, str]]:
    """Read a TSV table: ``#`` comment lines, then a header row, then rows.

    Raises :class:`RuleError` with the file and line of a malformed row.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read table: {exc}") from None
    header: list[str] | None = None
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if "from" not in header:
                raise RuleError(f"{path}:{n}: the header row must name a 'from' column")
            continue
        if len(cells) > len(header):
            raise RuleError(f"{path}:{n}: {len(cells)} cells but the header has {len(header)}")
        row = dict(zip(header, cells))
        row["__line__"] = str(n)
        if not row.get("from"):
            raise RuleError(f"{path}:{n}: the 'from' cell is empty")
        rows.append(row)
    return rows
