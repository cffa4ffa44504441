"""Each kind's settings: a frozen dataclass that a rule's keys are read into and checked against.

A kind declares the keys it takes as a frozen dataclass, its ``Settings``: a field
with no default is a required key, ``X | None`` an optional one, ``tuple[X, ...]``
a list, ``tuple[X, Y]`` a list of two, ``Literal[...]`` a choice. One function,
:func:`read_settings`, reads a rule's keys into it, as sqlfluff's
``config_keywords`` do for its rules:

>>> from dataclasses import dataclass
>>> from cleaner.rule import Rule
>>> @dataclass(frozen=True)
... class Example:
...     min_chars: int = 30
...     requires: tuple[str, ...] = ()
>>> def rule(**params: object) -> Rule:
...     return Rule("XX01", "test.example", "An example.", "layout", "x", "safe", (), (), dict(params))
>>> read_settings(rule(requires=["版"]), Example)
Example(min_chars=30, requires=('版',))
>>> read_settings(rule(requries=["版"]), Example)
Traceback (most recent call last):
cleaner.rule.RuleError: <inline>: rule XX01: unknown field 'requries' (did you mean 'requires'?)
>>> read_settings(rule(min_chars="30"), Example)
Traceback (most recent call last):
cleaner.rule.RuleError: <inline>: rule XX01: field 'min_chars' must be an integer, not a string: '30'

Besides its kind's keys, any rule may carry the keys the engine reads
(:class:`EngineSettings`), and ``paragraphs_<layout>`` tables whose keys replace
the rule's own for that paragraph layout; they are checked the same way. Errors
are :class:`~cleaner.rule.RuleError` lines naming the file, the key's line, the
rule and the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from cleaner.rule import Rule, RuleError

S = TypeVar("S")

# Paragraph layouts of the output (cleaner.pipeline.Config.paragraphs); a rule's
# ``paragraphs_<layout>`` table holds its keys for that layout.
PARAGRAPH_LAYOUTS = ("blank", "line", "keep")


@dataclass(frozen=True)
class EngineSettings:
    """Keys any rule may have, whatever its kind: the engine reads them (cleaner.pipeline,
    cleaner.incremental), not the kind."""

    reach: Literal["line", "paragraph", "document"] | None = None  # how far around a change to look again
    trust_above: float | None = None  # OCR confidence at or over which the rule's guesses are not made
    opt_in: Literal["convert"] | None = None  # on only when that option is given
    enabled: bool = True  # false: off (in a paragraphs_<layout> table: off for that layout)
    scope: Literal["start", "end"] | None = None  # only on texts that hold that end of a document
    without_model: bool = False  # off when the language model is there (a model rule replaces it)


@dataclass(frozen=True)
class NoSettings:
    """The settings of a kind that takes none."""


class _Mismatch(Exception):
    """A value that is not of the declared type; the message says what it should be."""


def read_settings(rule: Rule, settings: type[S]) -> S:
    """The rule's keys read into its kind's ``settings`` dataclass, every key checked:
    an unknown key, a value of the wrong type or a missing required key is a
    :class:`RuleError` naming file, line, rule and key."""
    own = _fields(settings)
    engine = _fields(EngineSettings)
    values: dict[str, Any] = {}
    for key, value in rule.params.items():
        if key in own:
            values[key] = _checked(rule, key, value, own[key][0])
        elif key in engine:
            _checked(rule, key, value, engine[key][0])
        elif key.startswith("paragraphs_") and key.removeprefix("paragraphs_") in PARAGRAPH_LAYOUTS:
            _check_layout_table(rule, key, value, {**engine, **own})
        else:
            raise RuleError(f"{rule.where_key(key)}: rule {rule.code}: unknown field '{key}'"
                            f"{_hint(key, rule.kind, own, engine)}")
    for name, (_hint_type, required) in own.items():
        if required and name not in values:
            raise rule.field_error(name, f"is missing (kind {rule.kind} needs it)")
    return settings(**values)


def _check_layout_table(rule: Rule, key: str, table: Any, known: dict[str, tuple[Any, bool]]) -> None:
    if not isinstance(table, dict):
        raise rule.field_error(key, f"must be a table of the rule's keys for that layout, not {_what(table)}")
    for inner, value in table.items():
        if inner not in known:
            raise RuleError(f"{rule.where_key(key)}: rule {rule.code}: unknown field '{key}.{inner}'"
                            f"{_hint(inner, rule.kind, known, {})}")
        _checked(rule, f"{key}.{inner}", value, known[inner][0], at=key)


_FIELDS: dict[type[Any], dict[str, tuple[Any, bool]]] = {}


def _fields(settings: type[Any]) -> dict[str, tuple[Any, bool]]:
    """Field name -> (type, required?) of a settings dataclass."""
    if settings in _FIELDS:
        return _FIELDS[settings]
    if not (dataclasses.is_dataclass(settings) and settings.__dataclass_params__.frozen):  # type: ignore[attr-defined]
        raise TypeError(f"{settings.__name__} is not a frozen dataclass")
    hints = typing.get_type_hints(settings)
    _FIELDS[settings] = {f.name: (hints[f.name], f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
                         for f in dataclasses.fields(settings)}
    return _FIELDS[settings]


def _checked(rule: Rule, key: str, value: Any, hint: Any, at: str | None = None) -> Any:
    try:
        return _convert(value, hint)
    except _Mismatch as exc:
        raise RuleError(f"{rule.where_key(at or key)}: rule {rule.code}: field '{key}' must be {exc}") from None


def _hint(key: str, kind: str, own: dict[str, Any], engine: dict[str, Any]) -> str:
    """A key close to the misspelt one, else the keys the kind takes."""
    close = difflib.get_close_matches(key, [*own, *engine], n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (kind {kind} takes {', '.join(sorted(own))})" if own else f" (kind {kind} takes none of its own)"


def _convert(value: Any, hint: Any) -> Any:
    """``value`` (as TOML gives it) as type ``hint``: lists become tuples, integers floats
    where a number is wanted; raises :class:`_Mismatch` saying what was wanted."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        for arg in args:
            if arg is not type(None):
                try:
                    return _convert(value, arg)
                except _Mismatch:
                    pass
        raise _Mismatch(f"{_describe(hint)}, not {_what(value)}")
    if origin is Literal:
        if any(type(value) is type(choice) and value == choice for choice in args):
            return value
        raise _Mismatch(f"{_describe(hint)}, not {_what(value)}")
    if origin is tuple:
        if not isinstance(value, list | tuple):
            raise _Mismatch(f"{_describe(hint)}, not {_what(value)}")
        each = [args[0]] * len(value) if len(args) == 2 and args[1] is Ellipsis else list(args)
        if len(each) != len(value):
            raise _Mismatch(f"{_describe(hint)}, not a list of {len(value)}: {_short(value)}")
        items = []
        for n, (item, item_hint) in enumerate(zip(value, each), 1):
            try:
                items.append(_convert(item, item_hint))
            except _Mismatch as exc:
                raise _Mismatch(f"{_describe(hint)}; item {n}: {exc}") from None
        return tuple(items)
    if hint is float and isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if hint in (str, int, bool) and isinstance(value, hint) and not (hint is int and isinstance(value, bool)):
        return value
    if hint in (str, int, float, bool):
        raise _Mismatch(f"{_describe(hint)}, not {_what(value)}")
    raise TypeError(f"a settings field of type {hint} is not supported")


_NAMES = {str: ("a string", "strings"), int: ("an integer", "integers"), float: ("a number", "numbers"),
          bool: ("true or false", "true or false")}


def _describe(hint: Any, plural: bool = False) -> str:
    """What a value of type ``hint`` is, in words: 'a list of strings'."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arg, plural) for arg in args if arg is not type(None))
    if origin is Literal:
        return "one of " + ", ".join(str(choice) for choice in args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return ("lists" if plural else "a list") + f" of {_describe(args[0], plural=True)}"
        inner = ", ".join(_describe(arg).removeprefix("a ").removeprefix("an ") for arg in args)
        return f"[{inner}] lists" if plural else f"a list [{inner}]"
    return _NAMES[hint][plural]


def _what(value: Any) -> str:
    """A TOML value's type in words, with the value (shortened)."""
    kinds = {bool: "true or false", int: "an integer", float: "a number", str: "a string",
             list: "a list", tuple: "a list", dict: "a table"}
    return f"{kinds.get(type(value), type(value).__name__)}: {_short(value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
