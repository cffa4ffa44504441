"""Learning rules from corrected text: align noisy and gold, keep the corrections that are safe.

Every difference between a noisy text and its gold (after layout normalisation,
aligned with rapidfuzz) is an error *site*; neighbouring differences form one
site. A site can be written as a literal rule ``from -> to`` with some context
on either side (``越来赴`` -> ``越来越``). For every site the candidates are its
windows with 0..``max_context`` characters of context per side; a candidate is
*safe* when

- ``from`` never occurs in any gold text (it would change correct text),
- ``from`` is not a dictionary word, part of one, or two words side by side
  (jieba's dictionary: text that reads correctly elsewhere), unless the
  lexicon check is off,
- the fix makes a dictionary word of two or more characters across the
  corrected place where the wrong text has none (OCR errors make non-words:
  冠界 -> 冠军; 入了 -> 人了 makes no word and is not learned), unless the
  lexicon check is off; a change of non-Chinese characters only, which no
  dictionary can vouch for, needs the support of two sites instead,
- every occurrence of ``from`` in the noisy texts is an error site with the
  same fix (no conflicting or unexplained occurrence).

A site takes its safe candidate with the largest support (how many sites share
it), then the shortest; a site with no safe candidate is dropped (it would
need more context than allowed, or changes correct text however it is
narrowed). Candidates used by at least ``min_support`` sites become pairs of a
``table`` rule, ranked by support: one rule per type of defect (confusion,
duplicated text, dropped text, non-Chinese debris). Fail examples come from the
data; pass examples are gold contexts where the wrong text occurs correctly
(or, when there is none, the corrected gold context itself). A pair whose own
examples fail in isolation is dropped, so the pack passes ``cleaner rules test``.

Debris with numbers in it (a page number line ``- 12 -``) rarely repeats
literally; its *shape*, with every run of digits generalised, may. A shape seen
at ``min_support`` sites or more (and at least two), that matches nothing in
the gold and nowhere else in the noisy text, becomes a pattern of a ``regex``
rule instead.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cleaner.align import Change, changes, normalise
from cleaner.charclass import HAN_RE
from cleaner.evaluate import Pair
from cleaner.rules import CODE_PREFIX, Rule, load_pack

SEPARATOR = "\x00"  # between documents in the joined corpora; never part of a literal
SNIPPET = 5  # characters of context on each side of an example

TYPES = {
    # type: (stage, rule name, what is wrong)
    "confusion": ("lexical", "lexical.learned_confusion",
                  "Characters or words that OCR misread as others, learned from corrected text"),
    "duplicate": ("lexical", "lexical.learned_duplicated_text",
                  "Text printed twice, learned from corrected text"),
    "dropped": ("lexical", "lexical.learned_dropped_text",
                "Characters that OCR dropped, learned from corrected text"),
    "debris": ("layout", "layout.learned_debris",
               "Recurring non-Chinese debris (marks, numbers, stray symbols) that is not text, learned from corrected text"),
    "debris_pattern": ("layout", "layout.learned_numbered_debris",
                       "Recurring debris whose numbers vary (page numbers, running markers), learned from corrected text"),
}
DIGITS = "[0-9０-９]+"


@dataclass(frozen=True)
class Site:
    """One aligned error: ``S[start:end]`` of document ``doc`` should be ``after``."""

    doc: int
    start: int
    end: int
    before: str
    after: str
    left_limit: int  # context may reach back to here (the previous site or line start)
    right_limit: int

    @property
    def type(self) -> str:
        if not self.before:
            return "dropped"
        if not self.after:
            return "debris" if not HAN_RE.search(self.before) else "duplicate"
        return "confusion"


@dataclass
class Learned:
    """A learned pair with its support and examples."""

    type: str
    before: str
    after: str
    sites: list[Site] = field(default_factory=list)
    fail: tuple[str, str] = ("", "")
    passes: list[str] = field(default_factory=list)

    @property
    def support(self) -> int:
        return len(self.sites)


@dataclass
class LearnReport:
    sites: int = 0
    without_safe_candidate: int = 0
    below_support: int = 0
    dropped_by_examples: int = 0
    learned: list[Learned] = field(default_factory=list)


def find_sites(docs: Sequence[tuple[str, str]]) -> list[Site]:
    """Every error site of every (noisy, gold) document, in normalised text."""
    sites = []
    for n, (s, g) in enumerate(docs):
        clusters: list[list[Change]] = []
        for c in changes(s, g):
            if clusters and c.start <= clusters[-1][-1].end:
                clusters[-1].append(c)
            else:
                clusters.append([c])
        bounds = [(cl[0].start, cl[-1].end, min(c.b_start for c in cl), max(c.b_end for c in cl)) for cl in clusters]
        for k, (start, end, g_start, g_end) in enumerate(bounds):
            left = bounds[k - 1][1] if k else 0
            right = bounds[k + 1][0] if k + 1 < len(bounds) else len(s)
            line_start = s.rfind("\n", 0, start) + 1
            line_end = s.find("\n", end)
            left, right = max(left, line_start), min(right, line_end if line_end >= 0 else len(s))
            sites.append(Site(n, start, end, s[start:end], g[g_start:g_end], left, right))
    return sites


@lru_cache(maxsize=1)
def _lexicon_fragments() -> tuple[frozenset[str], frozenset[str]]:
    """Dictionary words, and every piece of 2-4 characters of a longer word."""
    from cleaner.lexicon import default_lexicon

    words = frozenset(default_lexicon().entries)
    pieces = set()
    for w in words:
        n = len(w)
        for i in range(n):
            for j in range(i + 2, min(n, i + 4) + 1):
                if j - i < n:
                    pieces.add(w[i:j])
    return words, frozenset(pieces)


def reads_correctly(text: str) -> bool:
    """Is ``text`` a word, part of a word, or two words of 2+ characters side by side?"""
    words, pieces = _lexicon_fragments()
    if text in words or text in pieces:
        return True
    return any(text[:k] in words and text[k:] in words for k in range(2, len(text) - 1))


def _word_over(text: str, start: int, end: int, *, inside: bool = False, longest: int = 6) -> bool:
    """Is there a dictionary word of 2+ characters in ``text`` over ``text[start:end]``?

    It overlaps the span; for an empty span it has characters on both sides of
    it; with ``inside`` it holds the whole span and a character on each side.
    """
    words, _ = _lexicon_fragments()
    for i in range(len(text)):
        for j in range(i + 2, min(len(text), i + longest) + 1):
            if inside:
                over = i < start and end < j
            elif end > start:
                over = i < end and start < j
            else:
                over = i < start < j
            if over and text[i:j] in words:
                return True
    return False


def makes_word(site: Site, before: str, after: str, left: int) -> bool:
    """Does the fix make a word at the corrected place where the wrong text had none?

    A substitution: a word overlaps the fixed characters, none overlaps the wrong
    ones. A deletion (doubled text): a word spans the place of the deleted text,
    and no word holds the deleted text with its neighbours. An insertion
    (dropped text): a word overlaps the inserted characters, none spans the gap.
    """
    if not HAN_RE.search(site.before + site.after):
        return False
    fix_end, wrong_end = left + len(site.after), left + len(site.before)
    if not site.after:
        return _word_over(after, left, left) and not _word_over(before, left, wrong_end, inside=True)
    if not site.before:
        return _word_over(after, left, fix_end) and not _word_over(before, left, left)
    return _word_over(after, left, fix_end) and not _word_over(before, left, wrong_end)


def _windows(site: Site, s: str, max_context: int) -> list[tuple[str, str, int, int]]:
    """(from, to, context length, left context) for every window of the site, shortest first."""
    out = []
    for total in range(2 * max_context + 1):
        for left in range(min(total, max_context) + 1):
            right = total - left
            if right > max_context or site.start - left < site.left_limit or site.end + right > site.right_limit:
                continue
            before = s[site.start - left : site.end + right]
            after = s[site.start - left : site.start] + site.after + s[site.end : site.end + right]
            if before and before != after:
                out.append((before, after, total, left))
    return out


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
    patterns, sites = _debris_patterns(sites, docs, noisy_corpus, gold_corpus, min_support)
    report.learned.extend(patterns)

    windows = {id(site): _windows(site, docs[site.doc][0], max_context) for site in sites}
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


def debris_shape(text: str) -> str:
    r"""A regular expression for ``text`` with every run of digits generalised.

    >>> debris_shape("\n- 12 -")
    '\\n\\-\\ [0-9０-９]+\\ \\-'
    """
    parts = re.split(f"({DIGITS})", text)
    return "".join(DIGITS if i % 2 else re.escape(p).replace("\\\n", "\\n") for i, p in enumerate(parts))


def _debris_patterns(sites: list[Site], docs: Sequence[tuple[str, str]], noisy_corpus: str, gold_corpus: str,
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
        item.passes = [p for p in (_snippet(gold_corpus, n, n + 1) for n in numbers) if p.strip()] or [item.fail[1]]
        learned.append(item)
        covered.update(id(x) for x in group)
    return learned, [x for x in sites if id(x) not in covered]


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
            found.append(_snippet(gold_corpus, pos, pos + len(core)))
            pos = gold_corpus.find(core, pos + len(core) + SNIPPET)
    if not found:
        fixed = item.fail[1]
        found.append(fixed)
    return list(dict.fromkeys(x for x in found if x.strip()))


def _snippet(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    piece = text[lo:hi]
    left, right = start - lo, hi - end
    # Stay inside one document and one line.
    for stop in (SEPARATOR, "\n"):
        cut = piece.rfind(stop, 0, left)
        if cut >= 0:
            piece, left = piece[cut + 1 :], left - cut - 1
        cut = piece.find(stop, len(piece) - right)
        if cut >= 0:
            piece = piece[:cut]
            right = 0
    return piece


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def render_pack(report: LearnReport, codes: dict[str, str], *, safety: str, origin: str) -> str:
    """The learned pairs as a TOML rule pack, one ``table`` rule per type of defect."""
    lines = [
        f"# Rules learned by `cleaner learn` from {origin}.",
        f"# {report.sites} error sites; {sum(x.support for x in report.learned)} covered by "
        f"{len(report.learned)} pairs or patterns, ranked by support (the count after each pair).",
        "# No pair's literal and no pattern occurs in the gold text; review before sharing.",
    ]
    for type_, (stage, name, what) in TYPES.items():
        items = [x for x in report.learned if x.type == type_]
        if not items:
            continue
        passes = list(dict.fromkeys(p for x in items for p in x.passes))
        lines += ["", "[[rule]]", f"code = {_toml(codes[type_])}", f"name = {_toml(name)}"]
        if type_ == "debris_pattern":
            lines += [
                "description = " + _toml(what + ": each alternative is a shape seen at several places (support: "
                                         + ", ".join(str(x.support) for x in items) + "); none matches the gold."),
                f"stage = {_toml(stage)}",
                'kind = "regex"',
                f"safety = {_toml(safety)}",
                f"pattern = {_toml('|'.join(f'(?:{x.before})' for x in items))}",
                'replace = ""',
            ]
        else:
            lines += [
                "description = " + _toml(what + ": each pair gives the wrong text with the context that makes it safe; "
                                         "none occurs in the gold, which is where its pass examples come from."),
                f"stage = {_toml(stage)}",
                'kind = "table"',
                f"safety = {_toml(safety)}",
                "pairs = [",
                *(f"    [{_toml(x.before)}, {_toml(x.after)}],  # {x.support}" for x in items),
                "]",
            ]
        lines += [
            "fail = [",
            *(f"    {{ text = {_toml(x.fail[0])}, fix = {_toml(x.fail[1])} }}," for x in items),
            "]",
            "pass = [",
            *(f"    {_toml(p)}," for p in passes),
            "]",
        ]
    return "\n".join(lines) + "\n"


def assign_codes(taken: set[str], start: int = 90) -> dict[str, str]:
    """A free code per type, from ``start`` upwards in each stage's prefix, avoiding ``taken``."""
    codes: dict[str, str] = {}
    used = set(taken)
    for type_, (stage, _, _) in TYPES.items():
        number = start
        while f"{CODE_PREFIX[stage]}{number:02d}" in used:
            number += 1
        if number > 99:
            raise ValueError(f"no free {CODE_PREFIX[stage]} code from {start} to 99")
        code = f"{CODE_PREFIX[stage]}{number:02d}"
        used.add(code)
        codes[type_] = code
    return codes


def write_pack(report: LearnReport, path: Path, *, taken: set[str], start: int = 90, safety: str = "safe",
               origin: str = "corrected text") -> list[Rule]:
    """Write the pack; drop pairs whose examples fail in isolation until all pass; return its rules."""
    from cleaner.ruletest import check_rule

    codes = assign_codes(taken, start)
    while True:
        if not report.learned:
            return []  # nothing to write: a pack needs at least one rule
        path.write_text(render_pack(report, codes, safety=safety, origin=origin), encoding="utf-8")
        rules = load_pack(path)
        bad_texts = {f.text for rule in rules for f in check_rule(rule)}
        if not bad_texts:
            return rules
        keep = [x for x in report.learned if x.fail[0] not in bad_texts and not bad_texts & set(x.passes)]
        if len(keep) == len(report.learned):  # a shared pass example failed: drop the pairs that change it
            keep = [x for x in keep if not any(x.before in t for t in bad_texts)]
        report.dropped_by_examples += len(report.learned) - len(keep)
        report.learned = keep
