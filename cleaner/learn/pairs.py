"""Choosing the learned pairs: for each site its safe window with the most support (:func:`learn`).

See :mod:`cleaner.learn` for what makes a window safe.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from cleaner.align import normalise
from cleaner.charclass import HAN_RE
from cleaner.evaluate import Pair
from cleaner.learn.debris import debris_patterns
from cleaner.learn.sites import SEPARATOR, SNIPPET, Learned, LearnReport, find_sites, snippet, windows_of
from cleaner.learn.words import makes_word, reads_correctly


def learn(
    pairs: Sequence[Pair],
    *,
    min_support: int = 2,
    max_context: int = 3,
    lexicon: bool = True,
) -> LearnReport:
    """Extract safe literal rules from corrected pairs (see the module docstring)."""
    docs = [(normalise(p.noisy).text, normalise(p.gold).text) for p in pairs]
    noisy_corpus = SEPARATOR.join(s for s, _ in docs)
    gold_corpus = SEPARATOR.join(g for _, g in docs)
    report = LearnReport()
    sites = find_sites(docs)
    report.sites = len(sites)
    patterns, sites = debris_patterns(sites, docs, noisy_corpus, gold_corpus, min_support)
    report.learned.extend(patterns)

    windows = {id(site): windows_of(site, docs[site.doc][0], max_context) for site in sites}
    produced: dict[str, Counter[str]] = defaultdict(Counter)  # from -> to -> sites
    for site in sites:
        for before, after, _, _ in windows[id(site)]:
            produced[before][after] += 1

    safe_cache: dict[str, bool] = {}

    def safe(before: str) -> bool:
        if before not in safe_cache:
            fixes = produced[before]
            safe_cache[before] = (
                len(fixes) == 1
                and before not in gold_corpus
                and not (lexicon and reads_correctly(before))
                and noisy_corpus.count(before) <= sum(fixes.values())
            )
        return safe_cache[before]

    chosen: dict[tuple[str, str], Learned] = {}
    for site in sites:
        options = [
            (b, a, size) for b, a, size, left in windows[id(site)]
            if safe(b) and (not lexicon or makes_word(site, b, a, left) or (
                not HAN_RE.search(site.before + site.after) and produced[b][a] >= 2))
        ]
        if not options:
            report.without_safe_candidate += 1
            continue
        before, after, _ = max(options, key=lambda o: (produced[o[0]][o[1]], -o[2]))
        chosen.setdefault((before, after), Learned(site.type, before, after)).sites.append(site)

    for item in chosen.values():
        if item.support < min_support:
            report.below_support += item.support
            continue
        item.fail = _fail_example(item, docs)
        item.passes = _pass_examples(item, docs, gold_corpus)
        report.learned.append(item)
    report.learned.sort(key=lambda x: (-x.support, x.type, x.before))
    return report


def _fail_example(item: Learned, docs: Sequence[tuple[str, str]]) -> tuple[str, str]:
    site = item.sites[0]
    s = docs[site.doc][0]
    at = s.index(item.before, site.left_limit)  # the window around the site: no other site lies between
    lo = max(site.left_limit, at - SNIPPET)
    hi = min(site.right_limit, at + len(item.before) + SNIPPET)
    return s[lo:hi], s[lo:at] + item.after + s[at + len(item.before) : hi]


def _pass_examples(item: Learned, docs: Sequence[tuple[str, str]], gold_corpus: str, limit: int = 2) -> list[str]:
    """Gold contexts where the wrong text reads correctly; else the corrected context."""
    site = item.sites[0]
    core = site.before
    found: list[str] = []
    if core:
        pos = gold_corpus.find(core)
        while pos >= 0 and len(found) < limit:
            found.append(snippet(gold_corpus, pos, pos + len(core)))
            pos = gold_corpus.find(core, pos + len(core) + SNIPPET)
    if not found:
        fixed = item.fail[1]
        found.append(fixed)
    return list(dict.fromkeys(x for x in found if x.strip()))
