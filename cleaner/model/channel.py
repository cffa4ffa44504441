"""The noisy channel: what OCR does to text, as candidate repairs found by cheap scans.

Each generator scans the whole text with a regular expression or a set look-up and
returns :class:`Candidate` repairs at the few places where the channel could have
acted: a doubled character or word (remove one copy), a dropped character before a
word that needs it (insert it), a character read for a look-alike (swap it back).
The language model then judges only these places (:mod:`cleaner.model.judge`).

Look-alike pairs come from tables of ``intended -> read`` with a probability:
the glyph-similarity table (``similar_chars.tsv``, both directions), an OCR
confusion table learned from Tesseract runs (``intended read count probability``
rows, as written by ``scripts`` and ``cleaner learn --channel``), or both.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.charclass import HAN, is_han
from cleaner.kinds.duplicate import NOUN_POS, find_char_doubles, find_word_doubles
from cleaner.lexicon import default_lexicon
from cleaner.model.boundary import Segmenter, second_copy_alone
from cleaner.pair_index import PairIndex
from cleaner.rule import RuleError

# Characters of numbers: 二00一年 and 一一〇 repeat them legitimately.
NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两0123456789０１２３４５６７８９")
NUMBER_NEIGHBOURS = NUMERALS | {"几", "数", ".", "．"}  # a doubled numeral beside these is part of a number


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    after: str
    cost: float  # -log10 of the channel probability of this repair
    reason: str


# A doubled pair this frequent in the lexicon is a word in its own right (种种, 常常, 大大):
# after a word ending at the first copy (这种|种种) it is a word boundary.
COMMON_PAIR = 1000

# Degree adverbs: a word they lead is repeated for emphasis (太多太多, 很紧很紧).
DEGREE_ADVERBS = frozenset("太很最更挺真好非多")
# jieba's tags of adjectives (重大, 安全) and distinguishing words (高兴), not used as adverbs (ad: 努力).
ADJECTIVE_POS = frozenset(("a", "an", "b"))
NAME_POS = frozenset(("ns", "nr", "nz"))  # places, people, other names (of two characters here: longer ones are nouns)

# Pairs: read character -> [(intended character, cost)], cheapest first.
Pairs = dict[str, list[tuple[str, float]]]


def doubled_characters(text: str, cost: float, pair_word_cost: float = 0.0, pair_word_freq: int = 0,
                       boundary_cost: float | None = None, boundary_word_freq: int = 0,
                       segment: Segmenter | None = None, segment_width: int = 4) -> list[Candidate]:
    """One of two equal ideographs removed, except numerals, runs of three, AABB forms and
    a measure word repeated after 一 (一座座, not 进一步步). A pair that is a word of at least
    ``pair_word_freq`` in the lexicon (县县, 种种: not the rare entries such as 加加) costs
    ``pair_word_cost`` more; a word boundary between the two copies (学校|校舍) costs
    ``boundary_cost`` more, or is no candidate when that is None; a word of the boundary must be
    at least ``boundary_word_freq`` in the lexicon (社会会主义 is no 社会|会主: jieba's rarest
    entries are no evidence). With ``segment`` (the model's segmenter), a boundary where the
    segmentation leaves the second copy alone is none (提高|高|工作: :mod:`cleaner.model.boundary`)."""
    found = []
    lexicon = default_lexicon()
    for m in find_char_doubles(text):
        i = m.start()
        if m.end() - i != 2 or (text[i] in NUMERALS and (
                text[i] in "万亿" or NUMBER_NEIGHBOURS & {text[i - 1 : i], text[i + 2 : i + 3]})):
            continue  # 二00一年, 一一〇, 几万万 (万万: a hundred million): within a number
        if (text[i - 1 : i] == "一" and len(lexicon.word_ending_at(text, i + 1, 3)) < 3
                and lexicon.pos(text[i - 1 : i + 1])[:1] in ("m", "")):
            continue  # 一座座, 一个个: a measure word repeated (not 进一步步, nor 一边边: 一边 is an adverb)
        after, before = text[i + 2 : i + 4], text[max(0, i - 2) : i]
        if any(len(pair) == 2 and pair[0] == pair[1] and is_han(pair[0]) for pair in (after, before)):
            continue  # AABB: 轻轻松松, 日日夜夜
        extra = 0.0
        pair_freq = lexicon.freq(text[i : i + 2])
        ends = edge_word(text, i + 1, boundary_word_freq, ending=True) or text[i - 1 : i] in NUMERALS
        if (ends and (edge_word(text, i + 1, boundary_word_freq, ending=False) or pair_freq >= COMMON_PAIR)
                and not (segment is not None and second_copy_alone(segment, text, i, segment_width))):
            if boundary_cost is None:
                continue  # a word boundary between the two: 学校|校舍, 中国|国际
            extra = boundary_cost
        if pair_freq >= max(1, pair_word_freq):
            extra += pair_word_cost
        found.append(Candidate(i + 1, i + 2, "", cost + extra, f"{text[i]} printed twice"))
    return found


def edge_word(text: str, at: int, min_freq: int, ending: bool) -> bool:
    """Is there a word of two to four characters, of at least ``min_freq`` in the lexicon,
    ending at ``at`` (or, not ``ending``, starting at ``at - 1``: the second copy)?"""
    lexicon = default_lexicon()
    for n in (2, 3, 4):
        piece = text[at - n : at] if ending else text[at : at + n]
        if len(piece) == n and piece in lexicon and lexicon.freq(piece) >= min_freq:
            return True
    return False


def doubled_words(text: str, cost: float, nonword_cost: float = 0.0, emphatic_cost: float = 0.0,
                  verb_cost: float | None = None, adjective_cost: float | None = None,
                  name_cost: float | None = None) -> list[Candidate]:
    """A word of two to four characters followed by itself: one copy removed.

    Only a noun is rarely doubled on purpose; a verb repeated (研究研究) costs ``verb_cost``
    more (by default ``nonword_cost``), an adjective, which repeats as a verb does (让大家
    高兴高兴), ``adjective_cost`` more (by default ``emphatic_cost``), a repeat that is no
    word (业创业创) or another word (a pronoun: 告诉他们他们一定要来) ``nonword_cost`` more, a name of
    two characters (中国, 城镇, 文明: jieba tags many common words as names) ``name_cost`` (by
    default ``nonword_cost``),
    and an adverb, a state adjective or a word led by a degree adverb, repeated for emphasis
    (非常非常, 雪白雪白, 太多太多, 很紧很紧), ``emphatic_cost`` more. Where a longer word ends
    with the first copy and another starts with the second (资产阶级|阶级斗争), there is no candidate.
    """
    found = []
    lexicon = default_lexicon()
    for m in find_word_doubles(text):  # WORD_DOUBLE's matches, tried only where the text repeats
        word = m.group(1)
        if len(set(word)) == 1 or "一" in word:
            continue  # 一件一件, 哈哈哈哈, 三三两两, 走一走一定 (V一V) (a longer run is removed in one edit)
        pos = lexicon.pos(word)
        if word[0] in NUMERALS and (pos[:1] in ("m", "") or text[m.start() - 1 : m.start()] in NUMERALS):
            continue  # numbers (五十五十, 1亿元亿元); a word that starts with a numeral (两岸, 三农) is tried
        middle = m.start() + len(word)
        if (lexicon.word_ending_at(text, middle, len(word) + 1)
                and lexicon.word_starting_at(text, middle, len(word) + 1)):
            continue  # two longer words meet: 资产阶级|阶级斗争
        if word[0] in DEGREE_ADVERBS or pos in ("ad", "ag") or pos[:1] in ("d", "z"):
            extra = emphatic_cost
        elif pos in ADJECTIVE_POS:
            extra = emphatic_cost if adjective_cost is None else adjective_cost
        elif _noun_like(pos, len(word)):
            extra = 0.0
        elif pos[:1] == "v" and verb_cost is not None:
            extra = verb_cost
        elif pos in NAME_POS and name_cost is not None:
            extra = name_cost
        else:
            extra = nonword_cost  # no word, or a pronoun (告诉他们他们一定要来: two clauses)
        found.append(Candidate(middle, m.end(), "", cost + extra, f"the word {word} printed twice"))
    return found


def _noun_like(pos: str, length: int) -> bool:
    """jieba's tags of words that are not doubled on purpose (names only from three characters)."""
    return bool(pos) and (pos == "n" or pos in NOUN_POS or (pos[0] == "n" and length >= 3))


def dropped_before(text: str, inserted: str, before: str, not_after: str, cost: float) -> list[Candidate]:
    """``inserted`` restored in front of a character of ``before`` (的批 -> 的一批)."""
    if not before:
        return []
    pattern, ahead = _dropped_pattern(before, not_after + inserted)
    lexicon = default_lexicon()
    found = []
    # Each match is the one character before a character of ``before``: tried only there (``finditer``
    # would try the ideograph class at every position), the same matches, in the same order.
    for hit in ahead.finditer(text, 1):
        if pattern.match(text, hit.start() - 1) is None:
            continue
        at = hit.start()
        if text[at - 1 : at + 1] in lexicon and text[at - 1] + inserted + text[at] not in lexicon:
            continue  # the measure word belongs to the word before it (大批, 审批; not 进步 for 进一步)
        word = lexicon.word_starting_at(text, at)
        if word and inserted + word not in lexicon and len(lexicon.word_starting_at(text, at + 1)) < len(word):
            continue  # it starts a word of its own (项目, 条件), not 一系列; 批|改革 (批改) is tried
        nxt = text[at + 1 : at + 2]
        if (not nxt or not is_han(nxt)) and lexicon.pos(text[at - 1] + inserted + text[at])[:1] == "d":
            continue  # the repair would be an adverb ending a clause (取得新进步。 is no 进一步)
        found.append(Candidate(at, at, inserted, cost, f"{inserted} dropped before {text[at]}"))
    return found


@lru_cache(maxsize=16)
def _dropped_pattern(before: str, not_after: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The one character a dropped character may follow (before one of ``before``), and ``before``."""
    return (re.compile(f"(?:(?![{re.escape(not_after)}]){HAN}|[，。；：、！？“（\n])(?=[{re.escape(before)}])"),
            re.compile(f"[{re.escape(before)}]"))


def lookalikes(text: str, index: dict[str, list[tuple[str, int, int, float]]],
               finder: PairIndex | None = None) -> list[Candidate]:
    """A character swapped for the one it was misread for, where that makes a word.

    ``index`` (from :func:`variant_index`) maps two-character pieces of misread
    words, pieces that are not words themselves, to the words they come from;
    ``finder``, a :class:`PairIndex` of its pieces, finds them in one vectorised pass
    (a ``str.find`` per piece found was a pass over the text per piece).
    """
    if finder is not None:
        places = [(at, text[at : at + 2]) for at in finder.positions(text)]
    else:
        pieces = index.keys() & set(map(operator.add, text, text[1:]))
        places = []
        for piece in pieces:
            at = text.find(piece)
            while at >= 0:
                places.append((at, piece))
                at = text.find(piece, at + 1)
    if not places:
        return []
    best: dict[tuple[int, str], Candidate] = {}
    for at, piece in sorted(places):
        for word, k, j, cost in index[piece]:
            start = at - k
            pos = start + j
            if start < 0:
                continue
            seen = text[start : start + len(word)]
            if len(seen) != len(word) or seen[:j] != word[:j] or seen[j + 1 :] != word[j + 1 :]:
                continue
            neighbours = text[pos - 1 : pos] + text[pos + 1 : pos + 2]
            if text[pos] in neighbours:
                continue  # a doubled character (小悦悦) is a name or a reduplication
            if (text[pos] in NUMERALS or word[j] in NUMERALS) and any(ch in NUMERALS for ch in neighbours):
                continue  # 二千九百 is a number, not 二十九

            key = (pos, word[j])
            if key not in best or cost < best[key].cost:
                best[key] = Candidate(pos, pos + 1, word[j], cost,
                                      f"{text[pos]} looks like {word[j]}, which makes {word}")
    return sorted(best.values(), key=lambda c: (c.start, c.cost, c.after))


def _covered(words: dict[str, object], text: str, pos: int) -> bool:
    """Is the character at ``pos`` inside a word of two or three characters of ``text``?"""
    for n in (2, 3):
        for start in range(max(0, pos - n + 1), pos + 1):
            if start + n <= len(text) and text[start : start + n] in words:
                return True
    return False


def load_channel_table(path: Path) -> dict[tuple[str, str], float]:
    """An OCR confusion table: ``intended<TAB>read<TAB>count<TAB>probability`` rows after ``#`` lines.

    Returns (intended, read) -> P(read | intended). A header row (a non-numeric
    probability) is skipped; any other malformed row is an error naming the line.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read channel table: {exc}") from None
    pairs: dict[tuple[str, str], float] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        try:
            probability = float(cells[3])
        except (IndexError, ValueError):
            if n == next(k for k, x in enumerate(lines, 1) if x.strip() and not x.startswith("#")):
                continue  # the header row
            raise RuleError(f"{path}:{n}: expected intended, read, count, probability") from None
        if len(cells[0]) == 1 and len(cells[1]) == 1 and cells[0] != cells[1] and 0 < probability <= 1:
            key = (cells[0], cells[1])
            pairs[key] = max(probability, pairs.get(key, 0.0))
    return pairs


def build_pairs(similar: dict[str, list[tuple[str, float]]], channel: dict[tuple[str, str], float],
                similar_cost: float, channel_offset: float) -> Pairs:
    """read -> [(intended, cost)]: glyph-similar pairs at a fixed cost raised for less similar
    glyphs, learned pairs at ``channel_offset - log10 P(read | intended)``; the cheaper wins."""
    costs: dict[str, dict[str, float]] = {}
    for read, near in similar.items():
        for intended, similarity in near:
            costs.setdefault(read, {})[intended] = similar_cost + 4.0 * (1.0 - similarity)
    for (intended, read), probability in channel.items():
        cost = channel_offset - math.log10(probability)
        mine = costs.setdefault(read, {})
        if cost < mine.get(intended, math.inf):
            mine[intended] = cost
    return {read: sorted(m.items(), key=lambda x: x[1]) for read, m in costs.items()}


def variant_index(pairs: Pairs, vocabulary: frozenset[str], min_freq: int,
                  rare_freq: int = 0) -> dict[str, list[tuple[str, int, int, float]]]:
    """Two-character pieces of misread frequent words -> (word, piece offset, swapped index, cost).

    A piece that is itself a word (or part of the model's vocabulary) is left out:
    it would send every correct occurrence to the model. A word of jieba's seen at most
    ``rare_freq`` times that the model does not know (衣业, 生话: 3 each) counts as none:
    such entries are mostly noise of jieba's sources, and what is there is rare.
    """
    lexicon = default_lexicon()
    entries = lexicon.entries
    if rare_freq > 0:
        entries = {w: v for w, v in entries.items() if v[0] > rare_freq or w in vocabulary}
    by_intended: dict[str, list[tuple[str, float]]] = {}
    for read, options in pairs.items():
        for intended, cost in options:
            by_intended.setdefault(intended, []).append((read, cost))
    index: dict[str, list[tuple[str, int, int, float]]] = {}
    for word, (freq, _pos) in entries.items():
        n = len(word)
        if freq < min_freq or not 2 <= n <= 4 or not all(map(is_han, word)):
            continue
        for j, right in enumerate(word):
            for wrong, cost in by_intended.get(right, ()):
                variant = word[:j] + wrong + word[j + 1 :]
                if variant in entries or variant in vocabulary:
                    continue
                for k in (j - 1, j):
                    if k >= 0 and k + 2 <= n:
                        piece = variant[k : k + 2]
                        if piece not in entries and piece not in vocabulary:
                            index.setdefault(piece, []).append((word, k, j, cost))
    return index
