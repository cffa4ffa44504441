"""The ``duplicate`` kind: characters and words that OCR printed twice.

A doubled character or word is an error only when the lexicon says the text
does not read that way. Legitimate doubling is common in Chinese and is kept:
words that are themselves doubled (人人, 常常, 看看), AABB and ABB forms
(日日夜夜, 郁郁苍苍, 绿油油), verb and adjective ABAB (研究研究), a word
boundary that falls between the two (中国|国际, 目的|的), and runs of three or
more (哈哈哈). What is left is decided by the words on each side: a doubled
noun (制度制度) or a character that ends the word on its left and starts no
word on its right (价值观观, 持之以恒恒) is removed; anything less certain is
flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cleaner.charclass import HAN, is_han
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.lexicon import Lexicon, default_lexicon
from cleaner.repeats import repeat_finditer
from cleaner.rule import Rule

CHAR_DOUBLE = re.compile(f"({HAN})\\1+")
# A word and one or more repeats of it: all repeats go in one edit.
WORD_DOUBLE = re.compile(f"({HAN}{{2,4}}?)\\1+")
# The same matches, found faster: a match starts where the text repeats itself, and numpy
# finds those places at once (cleaner/repeats.py); checking the ideograph class at every
# position is not cheap (0.03 s against 0.004 s per 0.5 M characters for the words).
find_char_doubles = repeat_finditer(CHAR_DOUBLE, (1,))
find_word_doubles = repeat_finditer(WORD_DOUBLE, (2, 3, 4))
# Characters that stand alone as words, so "X|X" across a boundary reads fine (目的|的).
STANDALONE = set("的了是在和有就也都又还与及或而被把将对向从让给为以于之其这那个们人")
# Besides nouns (n*), doubled words with these tags are errors: times, places,
# directions, idioms, set phrases, abbreviations. jieba tags many two-character
# words oddly as names (谢谢, 殷殷: nr; 太多: ns), so the proper-noun tags count
# only from three characters.
NOUN_POS = ("t", "s", "f", "i", "l", "j")
# A character this frequent on its own in the lexicon (照, 春, 水) is a word by itself.
STANDALONE_FREQ = 1000


@dataclass(frozen=True)
class DuplicateSettings:
    unit: Literal["char", "word"] = "char"  # a doubled character, or a doubled word of two to four
    allow: tuple[str, ...] = ()  # doubled forms that are right


class DuplicateKind:
    Settings = DuplicateSettings
    reach = "line"  # doubles and the words around them never hold a line break (cleaner/incremental.py)

    def __init__(self, rule: Rule) -> None:
        settings = read_settings(rule, DuplicateSettings)
        self.unit = settings.unit
        self.allow = frozenset(settings.allow)
        self._lexicon: Lexicon | None = None

    @property
    def lexicon(self) -> Lexicon:
        if self._lexicon is None:
            self._lexicon = default_lexicon()
        return self._lexicon

    def find(self, text: str) -> list[Finding]:
        return self._chars(text) if self.unit == "char" else self._words(text)

    def _chars(self, text: str) -> list[Finding]:
        found = []
        for m in find_char_doubles(text):
            if m.end() - m.start() != 2:
                continue  # runs of three or more are interjections or emphasis (哈哈哈)
            i = m.start()
            pair = m.group()
            if pair in self.allow or self._reads_doubled(text, i):
                continue
            left = self.lexicon.word_ending_at(text, i + 1)
            right = self.lexicon.word_starting_at(text, i + 1)
            char = pair[0]
            if left and (right or char in STANDALONE):
                continue  # a word boundary between the two: 中国|国际, 目的|的
            if left and not right:
                # After a long word (价值观|观) the repeat is certain; after a two-character
                # one, a character that is a word by itself may be a nickname or start a
                # new word (小冰|冰, 以前|前几年): flag it (as a suggestion it was wrong on
                # every case measured on the OCR eval data).
                reason = f"{char} doubled after the word {left}"
                if len(left) >= 3 or self.lexicon.freq(char) < STANDALONE_FREQ:
                    found.append(Finding(i + 1, i + 2, "", reason=reason))
                else:
                    found.append(Finding(i + 1, i + 2, None, reason=reason, candidates=("",)))
            elif right and not left and self.lexicon.freq(char) < STANDALONE_FREQ:
                # A rare character, not a word by itself, doubled before a word it starts.
                found.append(Finding(i, i + 1, "", reason=f"{char} doubled before the word {right}"))
            elif right and not left:
                # A character that is a word on its own may stand before a word it starts
                # (照|照片, 争春|春色): only a person can tell.
                found.append(Finding(i, i + 2, None, reason=f"{char} doubled before the word {right}",
                                     candidates=(char,)))
            else:
                found.append(Finding(i, i + 2, None, reason=f"doubled {char} that makes no word",
                                     candidates=(char,)))
        return found

    def _reads_doubled(self, text: str, i: int) -> bool:
        """Is the pair at ``i`` part of a doubled word or an AABB/ABB form?"""
        lexicon = self.lexicon
        if text[i : i + 2] in lexicon:
            return True
        # A dictionary word of 3-4 characters covering both (郁郁苍苍, 绿油油, 一一对应).
        for n in (3, 4):
            for start in range(i + 2 - n, i + 1):
                if start >= 0 and text[start : start + n] in lexicon:
                    return True
        # AABB: the next or previous pair doubles too (日日夜夜, 干干净净).
        after = text[i + 2 : i + 4]
        before = text[max(0, i - 2) : i]
        return (len(after) == 2 and after[0] == after[1] and is_han(after[0])) or (
            len(before) == 2 and before[0] == before[1] and is_han(before[0])
        )

    def _words(self, text: str) -> list[Finding]:
        found = []
        lexicon = self.lexicon
        for m in find_word_doubles(text):
            word = m.group(1)
            start, end = m.start(), m.end()
            if word[0] == word[1] or word + word in lexicon or word + word in self.allow:
                continue  # 谢谢谢谢, 哈哈哈哈, or a listed doubled form
            if len(set(word)) == 1:
                continue
            pos = lexicon.pos(word)
            if not pos:
                continue  # not a word: the repeat straddles word boundaries
            if pos == "vn":
                found.append(Finding(start + len(word), end, None,
                                     reason=f"doubled {word}: a verb repeated (ABAB) or a word printed twice?",
                                     candidates=("",)))
            elif (pos[0] == "n" and (pos == "n" or len(word) >= 3)) or pos in NOUN_POS:
                found.append(Finding(start + len(word), end, "", reason=f"the word {word} printed twice"))
            # verbs, adjectives, adverbs and numerals reduplicate naturally (研究研究, 一个一个)
        return found
