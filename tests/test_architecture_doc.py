"""docs/architecture.md names only modules, folders and files that exist (so the map stays true)."""

from __future__ import annotations

import re

from helpers.paths import ROOT

DOC = ROOT / "docs" / "architecture.md"
# `cleaner/io.py`, `kinds/`, `batch*.py`, `rules/profiles/default.toml`, `tests/fixtures/ocr/`
PATH = re.compile(r"[\w*.-]+(?:/[\w*.-]*)*(?:\.py|\.toml|\.tsv|\.md|/)")


def named_paths(text: str) -> set[str]:
    """Paths named in the doc: in backticks in the prose, and as words of the picture."""
    fenced = text.split("```")
    prose, pictures = fenced[0::2], fenced[1::2]
    words = [w for part in prose for span in re.findall(r"`([^`]+)`", part) for w in span.split()]
    words += [w for part in pictures for w in re.split(r"[\s,()]+", part)]
    return {w for w in words if PATH.fullmatch(w) and ("/" in w or w.endswith(".py")) and "NAME" not in w}


def exists(path: str) -> bool:
    """A path from the repository root or from cleaner/ (the doc names modules without the folder)."""
    return any(any(base.glob(path.rstrip("/"))) for base in (ROOT, ROOT / "cleaner"))


def test_every_path_the_architecture_doc_names_exists() -> None:
    names = named_paths(DOC.read_text(encoding="utf-8"))
    assert len(names) > 30, sorted(names)
    missing = sorted(p for p in names if not exists(p))
    assert not missing, f"docs/architecture.md names what is not there: {missing}"


def test_the_readme_links_the_architecture_doc() -> None:
    assert "(docs/architecture.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
