"""Corpus statistics for a batch: rare variants of frequent phrases are suspects.

OCR errors are rare and scattered, while the true text of a collection repeats:
a phrase seen 40 times beside a one-character variant seen once is more likely
the same phrase misread than a new one. The pass counts every run of ``n``
Chinese characters over all documents; a rare gram (at most ``max_rare``
occurrences) that differs in exactly one character from a frequent one (at
least ``min_frequent`` occurrences, and ``min_ratio`` times as frequent) is
flagged, with the frequent phrase as the candidate. It changes nothing.

Only an interior character may differ: a gram's first and last characters are
cut out of longer text, and their variants are mostly other phrases (的改革开,
和改革开). With the lexicon check on (jieba's dictionary), a variant is flagged
only when it breaks a word: a word of two or more characters covers the
differing character in the frequent gram (社会治理: 治理) and none does in the
rare one (社会冶理), so 人民群体 beside a frequent 人民群众 (群体 is a word) is
a different phrase, not an error; and a character that is common as a word on
its own (的, 和, 等, 对: more than ``standalone_limit`` in jieba's counts) may
start another phrase, so a variant in it is not flagged.

Measured on the sample and the clean reports of ../shared/eval/clean (140k
characters, 140 injected look-alike confusions, tests/helpers/confusion_damage.py):
the defaults flag about one in six injected confusions, two true flags for
every false one; without the lexicon check, false flags outnumber true ones.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.charclass import HAN
from cleaner.edits import Suspect

RULE = "corpus.rare_variant"
_HAN_RUN = re.compile(f"{HAN}+")


@dataclass(frozen=True)
class PhraseSuspect:
    doc: int  # index into the documents
    start: int  # offset of the rare gram in the document
    end: int
    position: int  # offset of the differing character
    text: str  # the rare gram
    candidate: str  # the frequent gram
    rare_count: int
    frequent_count: int

    def to_suspect(self) -> Suspect:
        reason = f"seen {self.rare_count}x; '{self.candidate}' seen {self.frequent_count}x in the batch"
        return Suspect(RULE, self.start, self.end, self.text, reason, (self.candidate,))

    def to_dict(self) -> dict[str, object]:
        return {"doc": self.doc, "start": self.start, "end": self.end, "position": self.position, "text": self.text,
                "candidate": self.candidate, "rare_count": self.rare_count, "frequent_count": self.frequent_count}


def count_grams(texts: Sequence[str], n: int) -> Counter[str]:
    """Every run of ``n`` Chinese characters (overlapping) in all texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        for run in _HAN_RUN.findall(text):
            counts.update(run[i : i + n] for i in range(len(run) - n + 1))
    return counts


def word_covers(gram: str, k: int) -> bool:
    """Does a dictionary word of 2+ characters inside ``gram`` cover position ``k``?

    >>> word_covers("社会治理", 2), word_covers("社会冶理", 2)
    (True, False)
    """
    from cleaner.lexicon import default_lexicon

    words = default_lexicon().entries
    return any(gram[i:j] in words for i in range(k + 1) for j in range(max(k + 1, i + 2), len(gram) + 1))


def _breaks_word(rare: str, frequent: str, k: int, standalone_limit: int) -> bool:
    from cleaner.lexicon import default_lexicon

    if default_lexicon().freq(rare[k]) >= standalone_limit:
        return False
    return word_covers(frequent, k) and not word_covers(rare, k)


def rare_variants(
    counts: Counter[str],
    *,
    min_frequent: int = 5,
    max_rare: int = 1,
    min_ratio: float = 5.0,
    lexicon: bool = True,
    standalone_limit: int = 20000,
) -> dict[str, tuple[str, int]]:
    """Rare gram -> (frequent gram, position of the differing character)."""
    by_mask: dict[str, list[str]] = defaultdict(list)
    for gram, c in counts.items():
        if c >= min_frequent:
            for k in range(len(gram)):
                by_mask[gram[:k] + "\0" + gram[k + 1 :]].append(gram)
    found: dict[str, tuple[str, int]] = {}
    for gram, c in counts.items():
        if c > max_rare:
            continue
        best: tuple[int, str, int] | None = None
        for k in range(1, len(gram) - 1):
            for frequent in by_mask.get(gram[:k] + "\0" + gram[k + 1 :], ()):
                f = counts[frequent]
                if f < min_ratio * c or (best is not None and f <= best[0]):
                    continue
                if lexicon and not _breaks_word(gram, frequent, k, standalone_limit):
                    continue
                best = (f, frequent, k)
        if best is not None:
            found[gram] = (best[1], best[2])
    return found


def phrase_suspects(
    texts: Sequence[str],
    *,
    n: int = 4,
    min_frequent: int = 5,
    max_rare: int = 1,
    min_ratio: float = 5.0,
    lexicon: bool = True,
    standalone_limit: int = 20000,
) -> list[PhraseSuspect]:
    """Flag rare one-character variants of frequent phrases, one suspect per differing character."""
    if n < 3:
        raise ValueError("n must be at least 3 (only an interior character may differ)")
    counts = count_grams(texts, n)
    variants = rare_variants(counts, min_frequent=min_frequent, max_rare=max_rare, min_ratio=min_ratio,
                             lexicon=lexicon, standalone_limit=standalone_limit)
    if not variants:
        return []
    best: dict[tuple[int, int], PhraseSuspect] = {}
    for d, text in enumerate(texts):
        for run in _HAN_RUN.finditer(text):
            s = run.group()
            for i in range(len(s) - n + 1):
                gram = s[i : i + n]
                hit = variants.get(gram)
                if hit is None:
                    continue
                frequent, k = hit
                start = run.start() + i
                suspect = PhraseSuspect(d, start, start + n, start + k, gram, frequent, counts[gram], counts[frequent])
                key = (d, suspect.position)
                if key not in best or suspect.frequent_count > best[key].frequent_count:
                    best[key] = suspect
    return sorted(best.values(), key=lambda s: (s.doc, s.position))
