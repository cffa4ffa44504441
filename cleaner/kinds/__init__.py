"""Rule kinds: the Python behind rules. A pack names a kind and gives its parameters.

Each kind is a class built from a :class:`~cleaner.rules.Rule`; its ``find(text)``
returns :class:`Finding` objects in the coordinates of ``text``: a change
(``after`` is a string) or a suspect (``after`` is ``None``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from cleaner.rules import Rule


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


KINDS: dict[str, Callable[["Rule"], Matcher]] = {}


def kind(name: str) -> Callable[[type], type]:
    """Register a class as the implementation of a rule kind."""

    def register(cls: type) -> type:
        KINDS[name] = cls
        return cls

    return register


def build(rule: "Rule") -> Matcher:
    from cleaner.rules import RuleError

    try:
        return KINDS[rule.kind](rule)
    except RuleError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{rule.where}: rule {rule.code}: {type(exc).__name__}: {exc}") from None


# Register the built-in kinds.
from cleaner.kinds import duplicate, paragraph_join, quote_balance, regex_kind, table  # noqa: E402,F401
from cleaner.kinds import digit_lookalike, straight_quotes, translate, variants, visual_confusion  # noqa: E402,F401
from cleaner.kinds import continuation_marker, hard_wrap, line_edge_noise, ocr_space, page_edges, page_furniture  # noqa: E402,F401,E501
from cleaner.kinds import lm_channel  # noqa: E402,F401
from cleaner.kinds import low_confidence  # noqa: E402,F401
