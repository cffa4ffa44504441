"""The cleaner's configuration: :class:`Config`, everything that decides the output besides the text.

Also the reader of a terms file (protected terms, a user's lexicon) that fills its ``protect``
and ``lexicon``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cleaner.kinds.settings import PARAGRAPH_LAYOUTS
from cleaner.kinds.variants import CONVERSIONS
from cleaner.rules import RuleError

Span = tuple[str, int, int]  # (rule code, source start, source end)
UNITS = ("document", "record")


def _codes(value: object, name: str) -> frozenset[str]:
    """Rule codes from a string (``"LY14"`` or ``"LY14,LX02"``) or any iterable of strings."""
    items = value.split(",") if isinstance(value, str) else value
    try:
        codes = list(items)  # type: ignore[call-overload]
    except TypeError:
        raise ValueError(f"{name} must be rule codes (a string or an iterable of strings), not {value!r}") from None
    if not all(isinstance(c, str) for c in codes):
        raise ValueError(f"{name} must hold rule codes as strings, not {value!r}")
    return frozenset(c.strip().upper() for c in codes if c.strip())


def _spans(value: object, name: str) -> frozenset[Span]:
    try:
        spans = frozenset(tuple(s) for s in value)  # type: ignore[attr-defined]
    except TypeError:
        raise ValueError(f"{name} must be an iterable of (rule, start, end) spans, not {value!r}") from None
    for span in spans:
        if not (len(span) == 3 and isinstance(span[0], str) and isinstance(span[1], int) and isinstance(span[2], int)):
            raise ValueError(f"{name} must hold (rule, start, end) spans, not {span!r}")
    return spans


@dataclass(frozen=True)
class Config:
    """Everything that decides the output besides the text. Frozen and hashable.

    Arguments are checked and normalised: ``disable`` and ``protect`` take any iterable of
    strings (or one string), ``rules`` one path or an iterable of paths (``str`` or ``Path``).

    >>> Config(disable=["ly14"], rules="my.toml").disable, Config(rules="my.toml").rules
    (frozenset({'LY14'}), (PosixPath('my.toml'),))
    >>> Config(convert="xx")
    Traceback (most recent call last):
    ...
    ValueError: convert must be one of s2t, t2s, s2tw, tw2s, s2hk, hk2s, s2twp, tw2sp, t2tw, t2hk, hk2t, tw2t, t2jp, jp2t (or None), not 'xx'
    """  # noqa: E501

    profile: str | Path = "default"
    rules: tuple[Path, ...] = ()  # extra packs, after the profile's
    disable: frozenset[str] = frozenset()
    unsafe: bool = False
    reject: frozenset[Span] = frozenset()  # a reviewer's rejected edits
    accept: frozenset[Span] = frozenset()  # a reviewer's accepted suggestions
    # Passes normally stop at 2; a few more let slow chains settle (an edit that lengthens a
    # line changes what the hard-wrap rule sees); a rule cycle runs into the limit and is reported.
    max_passes: int = 8
    convert: str | None = None  # an OpenCC conversion (t2s, s2t, ...) run as an opt-in stage
    protect: frozenset[str] = frozenset()  # terms no rule may edit inside
    lexicon: frozenset[str] = frozenset()  # a user's words: the language model's rules leave them alone
    channel: tuple[Path, ...] = ()  # learned channel tables (cleaner learn --channel) for the look-alike rule
    # "blank": a blank line between paragraphs; "line": one paragraph per line; "keep": the input's own
    # convention. None: "blank" for a document, "keep" for a record.
    paragraphs: str | None = None
    # "document": the canonical form (edges included: no leading blank lines, one final line break);
    # "record": a JSONL record's text, whose edges are left as they are.
    unit: str = "document"
    # Which ends of a whole document the text holds, for the rules with scope = "start" or "end":
    # None means both for a document, neither for a record; a chunk of a streamed document holds
    # the start only if it is the first, the end only if it is the last.
    edges: tuple[str, ...] | None = None
    # Every pass over the whole text: the slow path that the windowed later passes
    # (cleaner/incremental.py) are tested against; same output, same report.
    whole_passes: bool = False

    def __post_init__(self) -> None:
        def put(name: str, value: object) -> None:
            object.__setattr__(self, name, value)

        if not isinstance(self.profile, (str, Path)):
            raise ValueError(f"profile must be a name or a path, not {self.profile!r}")
        rules = [self.rules] if isinstance(self.rules, (str, Path)) else self.rules
        try:
            put("rules", tuple(Path(p) for p in rules))
        except TypeError:
            raise ValueError(f"rules must be a path or an iterable of paths, not {self.rules!r}") from None
        put("disable", _codes(self.disable, "disable"))
        protect = [self.protect] if isinstance(self.protect, str) else self.protect
        try:
            put("protect", frozenset(protect))
        except TypeError:
            raise ValueError(f"protect must be an iterable of terms, not {self.protect!r}") from None
        if not all(isinstance(t, str) and t for t in self.protect):
            raise ValueError("protect must hold non-empty strings")
        put("reject", _spans(self.reject, "reject"))
        put("accept", _spans(self.accept, "accept"))
        if not isinstance(self.unsafe, bool):
            raise ValueError(f"unsafe must be True or False, not {self.unsafe!r}")
        if not isinstance(self.max_passes, int) or self.max_passes < 1:
            raise ValueError(f"max_passes must be a positive integer, not {self.max_passes!r}")
        if self.convert is not None and self.convert not in CONVERSIONS:
            raise ValueError(f"convert must be one of {', '.join(CONVERSIONS)} (or None), not {self.convert!r}")
        if self.paragraphs is not None and self.paragraphs not in PARAGRAPH_LAYOUTS:
            raise ValueError(f"paragraphs must be one of {', '.join(PARAGRAPH_LAYOUTS)} (or None), not {self.paragraphs!r}")
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {self.unit!r}")
        if self.edges is not None:
            put("edges", tuple(sorted(set(self.edges), reverse=True)))
            if not set(self.edges) <= {"start", "end"}:
                raise ValueError(f"edges must hold 'start' and/or 'end', not {self.edges!r}")

    @property
    def text_edges(self) -> tuple[str, ...]:
        """The ends of a document the text holds: ``edges``, or the unit's default."""
        if self.edges is not None:
            return self.edges
        return ("start", "end") if self.unit == "document" else ()

    @property
    def layout(self) -> str:
        """The paragraph layout in force: ``paragraphs``, or the unit's default."""
        return self.paragraphs or ("blank" if self.unit == "document" else "keep")


def load_protect_terms(path: str | Path) -> frozenset[str]:
    """Terms, one a line (``#`` comments, blank lines ignored): protected terms, or a user lexicon."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read protected terms: {exc}") from None
    return frozenset(t for line in lines if (t := line.strip()) and not t.startswith("#"))
