"""What every rule kind shares: the :class:`Finding` it returns and the shape of a kind.

A kind is a class built from a :class:`~cleaner.rule.Rule`; it declares its settings
as a frozen dataclass (``Settings``, read by :func:`cleaner.kinds.settings.read_settings`),
and its ``find(text)`` returns findings in the coordinates of ``text``: a change
(``after`` is a string) or a suspect (``after`` is ``None``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from cleaner.rule import Rule


@dataclass(frozen=True, slots=True)
class Finding:
    start: int
    end: int
    after: str | None  # None: a suspect, nothing to change
    safety: str | None = None  # None: the rule's own safety
    reason: str = ""
    candidates: tuple[str, ...] = ()


class Matcher(Protocol):
    def find(self, text: str) -> list[Finding]: ...


class Kind(Protocol):
    """A rule kind: its settings dataclass, and a matcher built from a rule."""

    Settings: type[Any]  # a frozen dataclass (a ClassVar, but mypy matches no class to a protocol's ClassVar)

    def __init__(self, rule: Rule) -> None: ...

    def find(self, text: str) -> list[Finding]: ...
