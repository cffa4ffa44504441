"""The library API: :func:`clean_text` and :func:`clean_file`. The CLI is a thin layer over these."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from cleaner.edits import CleanResult
from cleaner.io import Decoded, read_input
from cleaner.pipeline import Cleaner, Config


@lru_cache(maxsize=8)
def get_cleaner(config: Config = Config()) -> Cleaner:  # noqa: B008 - Config is frozen
    """A compiled :class:`Cleaner` for ``config``, built once per process. One for a text's
    edges (a chunk, a record) takes the rules built for the whole document's config."""
    if config.edges is not None:
        return Cleaner(config, like=get_cleaner(dataclasses.replace(config, edges=None)))
    return Cleaner(config)


def clean_text(text: str, config: Config | None = None, confidence: Sequence[float | None] | None = None) -> CleanResult:
    """Clean ``text``; the result's edits replay onto ``text``. ``confidence``: the OCR's
    confidence (0-1, or None) of each character, when it gave one (:mod:`cleaner.confidence`).

    >>> clean_text("发展初性明显增强。").text
    '发展韧性明显增强。\\n'
    """
    return get_cleaner(config or Config()).clean(text, confidence=confidence)


def clean_file(path: str | Path, config: Config | None = None, encoding: str | None = None) -> tuple[Decoded, CleanResult]:
    """Read, decode (with ``encoding``, or the encoding told from the bytes) and clean a file
    (``-`` for standard input); return the decoded input and the result."""
    decoded = read_input(path, encoding)
    return decoded, clean_text(decoded.text, config)
