"""Dictionary checks for learned pairs: does a text read correctly, does a fix make a word?

(jieba's dictionary, :mod:`cleaner.lexicon`: OCR errors make non-words.)
"""

from __future__ import annotations

from functools import lru_cache

from cleaner.charclass import HAN_RE
from cleaner.learn.sites import Site


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
