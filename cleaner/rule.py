"""A rule as loaded from a pack, and the error a pack that cannot be used raises.

This module imports nothing else from the package, so that the loader
(:mod:`cleaner.rules`), the kinds (:mod:`cleaner.kinds`) and the engine can all
import it without importing each other.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class RuleError(ValueError):
    """A rule pack, table or profile that cannot be used; the message is one line."""


def rules_dir() -> Path:
    """The built-in rules: ``$CLEANER_RULES_DIR``, else those shipped in the installed package
    (``cleaner/builtin_rules``), else ``rules/`` of the checkout beside the package (an editable install)."""
    env = os.environ.get("CLEANER_RULES_DIR")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent
    shipped = package / "builtin_rules"
    return shipped if shipped.is_dir() else package.parent / "rules"


@dataclass(frozen=True)
class FailExample:
    text: str
    fix: str
    confidence: str = ""  # OCR confidence, one digit per character (d: d/10), for kinds that use it


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    description: str
    stage: str
    kind: str
    safety: str
    fail: tuple[FailExample, ...]
    passes: tuple[str, ...]
    # The pack's other keys, as written: the kind reads them through its settings dataclass
    # (cleaner.kinds.settings), the engine reads its own (reach, trust_above, ...).
    params: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    pass_confidence: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # pass text -> digits
    path: Path | None = field(default=None, compare=False)
    line: int = field(default=0, compare=False)
    # The line of each key in the pack (where it was found), for errors that point at the key.
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.path else "<inline>"

    def where_key(self, key: str) -> str:
        """``file:line`` of ``key`` in the pack (the rule's own line when the key was not found)."""
        return f"{self.path}:{self.key_lines.get(key, self.line)}" if self.path else "<inline>"

    def field_error(self, key: str, why: str) -> RuleError:
        """The one-line error for a bad value of ``key``: file, line, rule and key."""
        return RuleError(f"{self.where_key(key)}: rule {self.code}: field '{key}' {why}")
