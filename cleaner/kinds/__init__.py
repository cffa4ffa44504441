"""Rule kinds: the Python behind rules. A pack names a kind and gives its settings.

Each kind is a class built from a :class:`~cleaner.rule.Rule` (:class:`~cleaner.kinds.base.Kind`):
it declares the keys it takes as a frozen dataclass (``Settings``, read and checked by
:func:`~cleaner.kinds.settings.read_settings`), and its ``find(text)`` returns
:class:`Finding` objects in the coordinates of ``text``. :data:`KINDS` lists the
built-in kinds by the name a pack gives them; a new kind is a module here and a
line in that list.
"""

from __future__ import annotations

from cleaner.kinds.base import Finding, Kind, Matcher
from cleaner.kinds.continuation_marker import ContinuationMarkerKind
from cleaner.kinds.digit_lookalike import DigitLookalikeKind
from cleaner.kinds.duplicate import DuplicateKind
from cleaner.kinds.hard_wrap import HardWrapKind
from cleaner.kinds.line_edge_noise import LineEdgeNoiseKind
from cleaner.kinds.lm_channel import LMChannelKind
from cleaner.kinds.low_confidence import LowConfidenceKind
from cleaner.kinds.ocr_space import OcrSpaceKind
from cleaner.kinds.page_edges import PageEdgeFurnitureKind
from cleaner.kinds.page_furniture import PageFurnitureKind
from cleaner.kinds.paragraph_join import ParagraphJoinKind
from cleaner.kinds.quote_balance import QuoteBalanceKind
from cleaner.kinds.regex_kind import RegexKind
from cleaner.kinds.settings import read_settings
from cleaner.kinds.straight_quotes import StraightQuotesKind
from cleaner.kinds.table import TableKind
from cleaner.kinds.translate import TranslateKind
from cleaner.kinds.variants import IsolatedTraditionalKind, OpenCCKind
from cleaner.kinds.visual_confusion import VisualConfusionKind
from cleaner.rule import Rule, RuleError

__all__ = ["KINDS", "Finding", "Kind", "Matcher", "build", "check_settings"]

# The built-in kinds, by the name a pack gives in ``kind = "..."``.
KINDS: dict[str, type[Kind]] = {
    "regex": RegexKind,
    "table": TableKind,
    "translate": TranslateKind,
    "duplicate": DuplicateKind,
    "paragraph_join": ParagraphJoinKind,
    "hard_wrap": HardWrapKind,
    "continuation_marker": ContinuationMarkerKind,
    "page_furniture": PageFurnitureKind,
    "page_edge_furniture": PageEdgeFurnitureKind,
    "line_edge_noise": LineEdgeNoiseKind,
    "ocr_space": OcrSpaceKind,
    "quote_balance": QuoteBalanceKind,
    "straight_quotes": StraightQuotesKind,
    "digit_lookalike": DigitLookalikeKind,
    "opencc": OpenCCKind,
    "isolated_traditional": IsolatedTraditionalKind,
    "visual_confusion": VisualConfusionKind,
    "lm_channel": LMChannelKind,
    "low_confidence": LowConfidenceKind,
}


def check_settings(rule: Rule) -> None:
    """Refuse a rule whose kind is unknown or whose keys its kind does not take (see
    :func:`~cleaner.kinds.settings.read_settings`); one line naming file, line, rule and key."""
    kind = KINDS.get(rule.kind)
    if kind is None:
        raise rule.field_error("kind", f"'{rule.kind}' is not a known kind ({', '.join(sorted(KINDS))})")
    read_settings(rule, kind.Settings)


def build(rule: Rule) -> Matcher:
    """The matcher of a rule: its kind built from it, its settings checked."""
    check_settings(rule)
    try:
        return KINDS[rule.kind](rule)
    except RuleError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise RuleError(f"{rule.where}: rule {rule.code}: {type(exc).__name__}: {exc}") from None
