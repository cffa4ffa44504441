"""Bounds on user patterns, checked on the pattern's text before anything compiles it.

A time limit covers matching only: compiling ``a{1000000000}`` or
``((a{1000}){1000}){1000}`` can take gigabytes before the first match is tried.
So the loader measures a pattern first -- each counted repeat, the depth of its
groups, and its size once every counted repeat is spelt out -- and refuses one
past these bounds. The scan is a light tokenizer (escapes, character sets,
groups, ``{m,n}``) that works for both ``re`` and ``regex`` syntax.
"""

from __future__ import annotations

import re
from typing import Any

MAX_COUNT = 1_000  # one {n} or {m,n}
MAX_DEPTH = 50  # groups inside groups
MAX_SIZE = 100_000  # pattern items with every counted repeat spelt out
COUNT = re.compile(r"\{(\d*)(?:,(\d*))?\}")
TEMPLATE_GROUP = re.compile(r"\\(?:g<([^>]*)>|(\d{1,2}))")


def _skip_set(pattern: str, i: int) -> int:
    """The index after the character set that starts at ``pattern[i] == '['`` (nested sets too)."""
    depth, i = 0, i
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            depth += 1
            if pattern.startswith("^", i + 1):
                i += 1
            if pattern.startswith("]", i + 1):  # a ] right after [ or [^ is a member
                i += 1
        elif c == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is too big to compile safely, or None.

    >>> pattern_problem(r"[（(]\\s*转\\s*[0-9]{1,4}版[)）]") is None
    True
    >>> pattern_problem("a{1000000000}")
    'repeats 1,000,000,000 times (at most 1,000)'
    >>> pattern_problem("((a{1000}){1000}){1000}")
    'spells out to more than 100,000 items (counted repeats inside counted repeats)'
    >>> pattern_problem("(" * 60 + "a" + ")" * 60)
    'nests groups 51 deep (at most 50)'
    """
    stack: list[list[int]] = [[0, 0]]  # per open group: [size so far, size of the last item]

    def item(size: int) -> None:
        stack[-1][0] += size
        stack[-1][1] = size

    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            item(1)
            i += 2
            continue
        if c == "[":
            item(1)
            i = _skip_set(pattern, i)
            continue
        if c == "(":
            stack.append([0, 0])
            if len(stack) - 1 > MAX_DEPTH:
                return f"nests groups {len(stack) - 1} deep (at most {MAX_DEPTH})"
        elif c == ")" and len(stack) > 1:
            item(max(1, stack.pop()[0]))
        elif c == "{" and (m := COUNT.match(pattern, i)) and (m.group(1) or m.group(2)):
            count = max(int(g) for g in m.groups() if g)
            if count > MAX_COUNT:
                return f"repeats {count:,} times (at most {MAX_COUNT:,})"
            last = stack[-1][1]
            stack[-1][0] += last * (count - 1)
            stack[-1][1] = last * count
            if stack[-1][0] > MAX_SIZE:
                return f"spells out to more than {MAX_SIZE:,} items (counted repeats inside counted repeats)"
            i = m.end()
            continue
        elif c not in "|?*+":
            item(1)
        i += 1
    return None


def template_problem(compiled: Any, template: str) -> str | None:
    r"""Why the replacement ``template`` cannot be expanded for matches of ``compiled``, or None.

    >>> template_problem(re.compile("(a)(b)"), r"\2\1"), template_problem(re.compile("(a)"), r"x\2")
    (None, 'refers to group 2, but the pattern has 1 group(s)')
    >>> template_problem(re.compile("(?P<w>a)"), r"\g<name>")
    "refers to group 'name', which the pattern does not have"
    """
    for m in TEMPLATE_GROUP.finditer(template.replace("\\\\", "")):
        name, number = m.group(1), m.group(2)
        if name is not None and not name.isdigit():
            if name not in compiled.groupindex:
                return f"refers to group '{name}', which the pattern does not have"
            continue
        index = int(name if name is not None else number)
        if index > compiled.groups:
            return f"refers to group {index}, but the pattern has {compiled.groups} group(s)"
    return None
