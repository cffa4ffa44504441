"""Numbered debris (a page number line ``- 12 -``): learned as shapes, every run of digits generalised.

A shape seen at ``min_support`` sites or more (and at least two), that matches nothing in the
gold and nowhere else in the noisy text, becomes a pattern of a ``regex`` rule.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from cleaner.align import normalise
from cleaner.learn.sites import SNIPPET, Learned, Site, snippet

DIGITS = "[0-9０-９]+"


def debris_shape(text: str) -> str:
    r"""A regular expression for ``text`` with every run of digits generalised.

    >>> debris_shape("\n- 12 -")
    '\\n\\-\\ [0-9０-９]+\\ \\-'
    """
    parts = re.split(f"({DIGITS})", text)
    return "".join(DIGITS if i % 2 else re.escape(p).replace("\\\n", "\\n") for i, p in enumerate(parts))


def debris_patterns(sites: list[Site], docs: Sequence[tuple[str, str]], noisy_corpus: str, gold_corpus: str,
                     min_support: int) -> tuple[list[Learned], list[Site]]:
    """Learn shapes of numbered debris; return them and the sites they do not cover.

    Debris that fills a line (the alignment may put its line break on either
    side) becomes a whole-line pattern.
    """
    groups: dict[str, list[Site]] = defaultdict(list)
    for site in sites:
        if site.type == "debris" and re.search(DIGITS, site.before):
            core = site.before.strip("\n")
            if core != site.before and "\n" not in core:
                groups[f"(?m:^{debris_shape(core)}(?:\\n|$))"].append(site)
            else:
                groups[debris_shape(site.before)].append(site)
    learned: list[Learned] = []
    covered: set[int] = set()
    for shape, group in groups.items():
        if len(group) < max(2, min_support):
            continue
        regex = re.compile(shape)
        if regex.search(gold_corpus) or len(regex.findall(noisy_corpus)) > len(group):
            continue
        item = Learned("debris_pattern", shape, "", group)
        for site in group:  # an example whose fix is the gold, up to layout
            text = docs[site.doc][0]
            lo, hi = max(site.left_limit, site.start - SNIPPET), min(site.right_limit, site.end + SNIPPET)
            example, expected = text[lo:hi], text[lo : site.start] + text[site.end : hi]
            fixed = regex.sub("", example)
            if normalise(fixed).text == normalise(expected).text and fixed.strip():
                item.fail = (example, fixed)
                break
        if not item.fail[0]:
            continue
        numbers = [m.start() for m, _ in zip(re.finditer(DIGITS, gold_corpus), range(2))]
        item.passes = [p for p in (snippet(gold_corpus, n, n + 1) for n in numbers) if p.strip()] or [item.fail[1]]
        learned.append(item)
        covered.update(id(x) for x in group)
    return learned, [x for x in sites if id(x) not in covered]
