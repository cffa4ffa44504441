"""Where a removed repeat may be a misread character instead: the lone-neighbour guards.

With one copy of a doubled character removed, the model segments the repaired window into
words. A character left alone beside the repeat hints that the other copy was no copy but
a misread character of a word with that neighbour: 持之以恒恒治 (the second 恒 a misread
纠 of 纠治), 完法法规 (完 a misread 宪 of 宪法). The hint holds even where the window around
it is a run of single characters (降降费: 降|费): on ../shared/corpus, letting such runs
through repaired 4 more of 3,000 injected doubles but removed 16 more of 3,000 characters
misread as a copy of their neighbour (发展经济 read as 发展展济).
"""

from __future__ import annotations

from cleaner.model.channel import Candidate
from cleaner.model.judge import window, word_at


def alone_after(words: tuple[str, ...], text: str, c: Candidate, width: int) -> bool:
    """Does the character after a removed repeat stand as a one-character word in the repair?"""
    lo, _hi = window(text, c.start, c.end, width)
    return len(word_at(words, c.start - lo)) == 1


def alone_before(words: tuple[str, ...], text: str, c: Candidate, width: int) -> bool:
    """With a repeat removed, does the character before it stand alone while the kept copy
    starts a word (完法法规 -> 完|法规: 完 is perhaps a misread 宪)?"""
    lo, _hi = window(text, c.start, c.end, width)
    at = c.start - 1 - lo  # the kept copy, in the repaired window
    return at >= 1 and len(word_at(words, at - 1)) == 1 and len(word_at(words, at)) > 1 and _starts_word(words, at)


def _starts_word(words: tuple[str, ...], offset: int) -> bool:
    at = 0
    for word in words:
        if at == offset:
            return True
        at += len(word)
    return False
