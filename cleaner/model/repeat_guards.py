"""Where a removed repeat may be a misread character instead: the lone-neighbour guards.

With one copy of a doubled character removed, the model segments the repaired window into
words. A character left alone beside the repeat hints that the other copy was no copy but
a misread character of a word with that neighbour: 持之以恒恒治 (the second 恒 a misread
纠 of 纠治), 完法法规 (完 a misread 宪 of 宪法). The hint holds only where the rest of the
window reads as words around it; where the kept copy or the neighbour's other side is a
lone character too (开源节流、降降费: 降|费, 互学互互鉴: 互学|互|鉴), the window is a run of single
characters the model does not know as words, and the lone neighbour says less: the rule lets
it hold back only a repair under ``lone_run_margin`` (real OCR garbles a neighbourhood into
such runs too, around a misread character).
"""

from __future__ import annotations

from cleaner.model.channel import Candidate
from cleaner.model.judge import window, word_at


def alone_after(words: tuple[str, ...], text: str, c: Candidate, width: int, in_runs: bool = True) -> bool:
    """Does the character after a removed repeat stand alone in the repair: after a kept copy
    that ends a longer word (持之以恒|治), or, ``in_runs``, after any (降|费)?"""
    lo, _hi = window(text, c.start, c.end, width)
    kept = c.start - 1 - lo  # the kept copy, in the repaired window
    return len(word_at(words, kept + 1)) == 1 and (in_runs or (len(word_at(words, kept)) > 1 and _ends_word(words, kept)))


def alone_before(words: tuple[str, ...], text: str, c: Candidate, width: int, in_runs: bool = True) -> bool:
    """With a repeat removed, does the character before it stand alone while the kept copy
    starts a word (尊重|完|法规: 完 is perhaps a misread 宪): after a longer word or the
    window's start, or, ``in_runs``, after anything (互学|互|鉴)?"""
    lo, _hi = window(text, c.start, c.end, width)
    at = c.start - 1 - lo  # the kept copy, in the repaired window
    return (at >= 1 and len(word_at(words, at - 1)) == 1 and len(word_at(words, at)) > 1
            and _starts_word(words, at) and (in_runs or at == 1 or len(word_at(words, at - 2)) > 1))


def _starts_word(words: tuple[str, ...], offset: int) -> bool:
    at = 0
    for word in words:
        if at == offset:
            return True
        at += len(word)
    return False


def _ends_word(words: tuple[str, ...], offset: int) -> bool:
    return _starts_word(words, offset + 1) or offset + 1 == sum(map(len, words))
