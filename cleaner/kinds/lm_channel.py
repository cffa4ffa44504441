"""The ``lm_channel`` kind: noisy-channel repairs judged by the language model.

A rule of this kind names one channel (``doubled_character``, ``doubled_word``,
``dropped`` or ``lookalike``); the channel's cheap scan proposes candidate
repairs (:mod:`cleaner.model.channel`), and the word trigram judges each over a
window of context (:mod:`cleaner.model.judge`). A repair whose margin reaches
``safe_margin`` is applied, ``unsafe_margin`` suggested (applied with --unsafe),
``flag_margin`` flagged with the candidate; below, nothing.

Guards hold a repair back to a flag: the damaged form recurring in its passage
(``repeat_hold`` times, between blank lines: a rare string a document repeats is
probably right, such as a name), and, for a doubled character, a lone character after
it (持之以恒恒治: the second 恒 may be a misread character of a word with 治, not a
repeat) or before it (完法法规: 完 is perhaps a misread 宪).
The OCR confidence of a position, where the input has one (hOCR, ALTO, PAGE: the
engine passes it, :mod:`cleaner.confidence`), moves the margins.
Without a language model the rule finds nothing (the engine skips it and says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.charclass import is_han
from cleaner.confidence import Confidence
from cleaner.kinds.base import Finding
from cleaner.kinds.settings import read_settings
from cleaner.kinds.visual_confusion import load_similar
from cleaner.lexicon import default_lexicon
from cleaner.model import channel, gaps, judge
from cleaner.model.lm import LanguageModel, default_model
from cleaner.model.repeat_guards import alone_after, alone_before
from cleaner.pair_index import PairIndex
from cleaner.rule import Rule

CHANNELS = ("doubled_character", "doubled_word", "dropped", "lookalike", "dropped_in_word")
# Characters that stand as words by themselves after a repeat (价值观观的 -> 价值观的).
# A character this frequent alone in jieba's dictionary (他, 照) is a word by itself (as in LX02).
STANDALONE_FREQ = 1000
FUNCTION_CHARS = frozenset("的了是在和有就也都又还与及或而被把将对向从让给为以于之其这那个们中上下等")


@lru_cache(maxsize=4)
def _lookalike_index(similar_table: Path, channel_tables: tuple[Path, ...], min_similarity: float,
                     similar_cost: float, channel_offset: float, min_freq: int, rare_freq: int,
                     vocabulary: frozenset[str]) -> dict[str, list[tuple[str, int, int, float]]]:
    learned: dict[tuple[str, str], float] = {}
    for table in channel_tables:
        if table.is_file():  # a learned table is optional: the channel works without it
            for key, p in channel.load_channel_table(table).items():
                learned[key] = max(p, learned.get(key, 0.0))
    pairs = channel.build_pairs(load_similar(similar_table, min_similarity), learned, similar_cost, channel_offset)
    return channel.variant_index(pairs, vocabulary, min_freq, rare_freq)


@lru_cache(maxsize=4)
def _lookalike_finder(*key: object) -> PairIndex:
    """The pieces of :func:`_lookalike_index` (same arguments), found in a text in one pass."""
    return PairIndex(_lookalike_index(*key))


@dataclass(frozen=True)
class LMChannelSettings:
    channel: str  # one of CHANNELS
    cost: float = 0.0
    window: int = 6  # the context the model judges a repair in (cleaner.model.judge.window)
    # A repair whose margin reaches safe_margin is applied; unsafe_margin suggested (by default
    # safe_margin), flag_margin flagged (by default unsafe_margin).
    safe_margin: float = 1e9
    unsafe_margin: float | None = None
    flag_margin: float | None = None
    repeat_hold: int = 2
    low_confidence: float = 0.6
    low_confidence_shift: float = -1.0
    high_confidence: float = 0.9
    high_confidence_shift: float = 1.0
    allow: tuple[str, ...] = ()  # doubled forms that are right (商量商量)
    keep_doubled: str = ""
    distributive: str = ""  # doubled_character: repeats on purpose before these (县县有, 大大地)
    transliteration: str = ""  # characters of transliterated names
    common_read: int = 3
    standalone_shift: float = 0.0
    standalone_exempt: str = ""  # doubled_character: particles never doubled on purpose (的的)
    pair_word_cost: float = 0.0
    pair_word_freq: int = 0  # doubled_character: a pair is a word from this frequency in jieba
    boundary_cost: float | None = None  # doubled_character: a word boundary between the copies; None: no candidate
    boundary_word_freq: int = 0  # doubled_character: ... made by words at least this frequent in jieba
    boundary_segment_width: int = 0  # doubled_character: no boundary where the model's segmentation (this many
    # ideographs on each side) leaves a copy alone (提高|高|工作); 0: the lexicon alone decides
    alone_common_freq: int = 10**9  # doubled_character: a lone neighbour this common as a word holds nothing back
    guard_margin: float = 1e9  # doubled_character, lookalike: from this margin the guards hold nothing back
    nonword_cost: float = 0.0
    verb_cost: float | None = None  # doubled_word: a verb repeated; by default nonword_cost
    emphatic_cost: float | None = None  # by default nonword_cost
    adjective_cost: float | None = None  # doubled_word: an adjective repeated; by default emphatic_cost
    name_cost: float | None = None  # doubled_word: a name of two characters repeated; by default nonword_cost
    insert: str = ""  # dropped channel: the characters that may have been dropped
    before: str = ""  # dropped channel: ... before one of these
    not_after: str = ""
    flag_after: str = ""  # dropped channel: after these 一 is only a guess (有个: speech; 第个: 第一? 第二?): flag only
    similar_table: str | None = None  # lookalike channel: the glyph-similarity table, relative to the pack
    channel_tables: tuple[str, ...] = ()  # lookalike channel: learned channel tables (optional)
    similar_cost: float = 3.0
    channel_offset: float = 2.0
    min_similarity: float = 0.75
    min_word_freq: int = 100
    rare_variant_freq: int = 0  # lookalike: a misread form this rare in jieba (衣业: 3), unknown to the model, is no word


class LMChannelKind:
    Settings = LMChannelSettings
    requires_model = True
    wants_confidence = True  # the engine passes the OCR confidence of the text, where the input has one

    def __init__(self, rule: Rule) -> None:
        self.settings = p = read_settings(rule, LMChannelSettings)
        self.rule = rule
        if p.channel not in CHANNELS:
            raise rule.field_error("channel", f"must be one of {', '.join(CHANNELS)}")
        self.unsafe_margin = p.safe_margin if p.unsafe_margin is None else p.unsafe_margin
        self.flag_margin = self.unsafe_margin if p.flag_margin is None else p.flag_margin
        if not p.safe_margin >= self.unsafe_margin >= self.flag_margin:
            raise rule.field_error("safe_margin", "must be >= unsafe_margin >= flag_margin")
        self._last: tuple[str, list[Finding]] | None = None
        self.allow = frozenset(p.allow)
        self.distributive = frozenset(p.distributive)
        self.transliteration = frozenset(p.transliteration)
        self.emphatic_cost = p.nonword_cost if p.emphatic_cost is None else p.emphatic_cost
        if p.channel == "dropped" and not (p.insert and p.before):
            raise rule.field_error("insert", "a dropped channel needs 'insert' and 'before'")
        if p.channel == "lookalike":
            if rule.path is None or p.similar_table is None:
                raise rule.field_error("similar_table", "must name the glyph-similarity table")
            self.similar_table = (rule.path.parent / p.similar_table).resolve()
            if not self.similar_table.is_file():
                raise rule.field_error("similar_table", f"{self.similar_table} does not exist")
            self.channel_tables = tuple((rule.path.parent / t).resolve() for t in p.channel_tables)

    def find(self, text: str, confidence: Confidence | None = None) -> list[Finding]:
        # The stage repeats until nothing changes: the same text comes back at least once.
        if confidence is None and self._last is not None and self._last[0] == text:
            return self._last[1]
        found = self._find(text, confidence)
        if confidence is None:
            self._last = (text, found)
        return found

    def _find(self, text: str, confidence: Confidence | None) -> list[Finding]:
        model = default_model()
        if model is None:
            return []
        best: dict[tuple[int, int], Finding] = {}
        for c in self._candidates(text, model):  # the (cached) margin first: it rules out most, cheaper
            margin, repaired = judge.margin(model, text, c, self.settings.window)
            safety = self._safety(margin - self._shift(confidence, c.start, c.end) - self._standalone(text, c))
            if safety is None or self._left_alone(text, c):
                continue
            found = self._judged(text, c, margin, model.segment(repaired), safety)
            key = (c.start, c.end)
            if key not in best or _rank(found) > _rank(best[key]):
                best[key] = found
        return sorted(best.values(), key=lambda f: (f.start, f.end))

    def _judged(self, text: str, c: channel.Candidate, margin: float, words: tuple[str, ...], safety: str) -> Finding:
        """The finding for a candidate the model has judged (``words``: its repaired window's)."""
        reason = f"{c.reason} (language-model margin {margin:+.2f})"
        held = self._held(text, c, words, margin)
        if held:
            safety, reason = "flag", f"{reason}; held back: {held}"
        return (Finding(c.start, c.end, None, reason=reason, candidates=(c.after,)) if safety == "flag"
                else Finding(c.start, c.end, c.after, safety=safety, reason=reason))

    def _candidates(self, text: str, model: LanguageModel) -> list[channel.Candidate]:
        p = self.settings
        if p.channel == "doubled_character":
            return channel.doubled_characters(text, p.cost, p.pair_word_cost, p.pair_word_freq, p.boundary_cost,
                                              p.boundary_word_freq, model.segment if p.boundary_segment_width else None,
                                              p.boundary_segment_width)
        if p.channel == "doubled_word":
            return channel.doubled_words(text, p.cost, p.nonword_cost, self.emphatic_cost, p.verb_cost,
                                         p.adjective_cost, p.name_cost)
        if p.channel == "dropped":
            return channel.dropped_before(text, p.insert, p.before, p.not_after, p.cost)
        if self.settings.channel == "dropped_in_word":
            return gaps.dropped_in_words(text, gaps.gap_index(self.settings.min_word_freq, model.vocabulary),
                                         gaps.gap_finder(self.settings.min_word_freq, model.vocabulary), self.settings.cost)
        key = (self.similar_table, self.channel_tables, self.settings.min_similarity,
               self.settings.similar_cost, self.settings.channel_offset, self.settings.min_word_freq,
               self.settings.rare_variant_freq, model.vocabulary)
        return channel.lookalikes(text, _lookalike_index(*key), _lookalike_finder(*key))

    def _safety(self, margin: float) -> str | None:
        if margin >= self.settings.safe_margin:
            return "safe"
        if margin >= self.unsafe_margin:
            return "unsafe"
        if margin >= self.flag_margin:
            return "flag"
        return None

    def _left_alone(self, text: str, c: channel.Candidate) -> bool:
        """Places the model is not asked about: listed doubled forms (商量商量), doubled
        pronouns where the second starts no word or its plural (叫他他不来, 告诉他他们来了; 我我国 is
        asked), a distributive
        or adverbial repeat (县县有, 人人都, 大大地), a pair that is a whole run of ideographs (“尊尊”: no context),
        titles of works (《立法法》), which are names, a fragment of a word that the passage
        repeats, and a look-alike in the varying half of parallel list items (学史明理、学史增信)."""
        if c.after == "":
            lo, hi = c.start - _unit(text, c), c.end
            doubled = text[lo : c.start] * 2
            if doubled in self.allow:
                return True
            if (self.settings.channel == "doubled_character" and doubled[:1] in self.settings.keep_doubled
                    and (text[c.end : c.end + 1] == "们" or not default_lexicon().word_starting_at(text, c.start))):
                return True  # 叫他他不来, 告诉他他们来了; but not 我我国
            if self._distributive(text, c, doubled):
                return True
            if not (lo > 0 and is_han(text[lo - 1])) and not (hi < len(text) and is_han(text[hi])):
                return True
        repeats = self.settings.repeat_hold
        if self.settings.channel == "dropped_in_word" and _block(text, c.start).count(text[c.start : c.end]) >= repeats:
            return True  # a fragment the passage repeats (学史 in 学史明理、学史增信) is a word of its own
        if self.settings.channel == "lookalike" and _parallel_item(text, c.start):
            return True  # 学史明理、学史增信: a slogan's coined second half is no misreading
        opened = text.rfind("《", max(0, c.start - 40), c.start)
        return opened >= 0 and text.find("》", opened, c.start) < 0 and "》" in text[c.start : c.start + 40]

    def _distributive(self, text: str, c: channel.Candidate, doubled: str) -> bool:
        """A repeat on purpose before 有, 都 or 地: 县县有, 人人都 (every one), 大大地 (an adverb);
        not where a word ends at the first copy (国家家都) or the second starts one (具具有)."""
        if self.settings.channel != "doubled_character" or text[c.end : c.end + 1] not in self.distributive:
            return False
        lexicon = default_lexicon()
        if doubled[0] in FUNCTION_CHARS or lexicon.word_ending_at(text, c.start):
            return False
        return text[c.start : c.end + 1] not in lexicon or lexicon.freq(doubled) >= STANDALONE_FREQ

    def _rarely_alone(self, ch: str) -> bool:
        """A character that is seldom a word by itself: alone beside a repeat, it hints at a
        misread character (恒恒治: 纠治); a common one-character word (不, 要, 做) does not."""
        return default_lexicon().freq(ch) < self.settings.alone_common_freq

    def _standalone(self, text: str, c: channel.Candidate) -> float:
        """More evidence for a repeat of a character that is a word by itself before a word it
        starts (他他们: 他|他们, 照照片: 照|照片) or alone (南南合作, 又大大又), where no word ends at
        the first copy; not for a common pair before a word (单单位: its cost asks for more)."""
        p = self.settings
        if p.channel != "doubled_character" or not p.standalone_shift:
            return 0.0
        lexicon = default_lexicon()
        ch, pair_freq = text[c.start], lexicon.freq(text[c.start] * 2)
        if (ch in p.standalone_exempt or lexicon.freq(ch) < STANDALONE_FREQ
                or channel.edge_word(text, c.start, p.boundary_word_freq, ending=True)):
            return 0.0
        starts = bool(lexicon.word_starting_at(text, c.start))
        if pair_freq >= max(1, p.pair_word_freq) and starts:
            return 0.0  # a common pair before a word (单单位): its cost asks for more
        return p.standalone_shift

    def _shift(self, confidence: Confidence | None, start: int, end: int) -> float:
        """How much the margins move at this place (the repaired span and the character before
        it): negative where OCR doubted a character, positive where it was sure of all."""
        lowest = None if confidence is None else confidence.lowest(max(0, start - 1), max(end, start + 1))
        if lowest is None:
            return 0.0
        if lowest < self.settings.low_confidence:
            return self.settings.low_confidence_shift
        if lowest >= self.settings.high_confidence:
            return self.settings.high_confidence_shift
        return 0.0

    def _held(self, text: str, c: channel.Candidate, words: tuple[str, ...], margin: float = 0.0) -> str:
        """Why a repair must stay a flag, or ''."""
        if self.settings.channel == "dropped" and text[c.start - 1 : c.start] in self.settings.flag_after:
            return f"{text[c.start - 1 : c.start + 1]} may be right as it is, or want another character than {c.after}"
        if c.after == "":  # a removed repeat: the doubled form (邓超超, 制度制度)
            damaged = text[c.start - _unit(text, c) : c.start] * 2
        elif c.end > c.start:  # a swap: the character with its neighbours
            damaged = text[max(0, c.start - 1) : c.end + 1]
        else:
            damaged = ""
        own = text[c.start - _unit(text, c) : c.end] if c.after == "" else damaged
        if len(damaged) >= 2 and _block(text, c.start).count(damaged) - own.count(damaged) >= self.settings.repeat_hold - 1:
            return f"{damaged} recurs in the passage"
        lookalike = self.settings.channel == "lookalike"  # its read character is no evidence of a name (工亚强基)
        around = text[c.start - 2 : c.start] + text[c.start + lookalike : c.end + 3]
        if self.transliteration and len(self.transliteration & set(around)) >= 2:
            return "a transliterated name?"
        if lookalike and margin < self.settings.guard_margin:
            # A misread character is rare beside the one it stands for; one the passage uses
            # at least as often (感党恩 among 听党话, 跟党走) is probably read right.
            passage = _block(text, c.start)
            read = passage.count(text[c.start])
            if read >= self.settings.common_read and read >= passage.count(c.after):
                return f"{text[c.start]} is common in this passage ({read} times), {c.after} is not"
        if self.settings.channel != "doubled_character" or margin >= self.settings.guard_margin:
            return ""  # overwhelming evidence outweighs the guards below
        phrase = _phrase_elsewhere(text, c)
        if phrase:
            return f"{phrase} starts a phrase elsewhere in the passage: two words meet here?"
        nxt = text[c.end : c.end + 1]
        if (self._rarely_alone(nxt) and nxt and is_han(nxt) and nxt not in FUNCTION_CHARS
                and not default_lexicon().word_starting_at(text, c.end)
                and alone_after(words, text, c, self.settings.window)):
            return f"{nxt} stands alone after the repeat: a misread character of a word with {nxt}?"
        prev = text[c.start - 2 : c.start - 1]
        if (self._rarely_alone(prev) and prev and is_han(prev) and prev not in FUNCTION_CHARS
                and alone_before(words, text, c, self.settings.window)):
            return f"{prev} stands alone before the repeat: a misread character of a word with {prev}?"
        return ""


def _unit(text: str, c: channel.Candidate) -> int:
    """The length of what a removed repeat repeats (制度 in 制度制度制度: 2, not 4)."""
    n = c.end - c.start
    for k in range(1, n + 1):
        if n % k == 0 and text[c.start - k : c.start] * (n // k) == text[c.start : c.end]:
            return k
    return n


ITEM_ENDS = "、，。；：！？“”‘’（）《》\n"
# One search for any of them (not a find per mark: this runs at every look-alike candidate).
_ITEM_END = re.compile(f"[{re.escape(ITEM_ENDS)}]")
_LAST_ITEM_END = re.compile(f"(?s:.*)[{re.escape(ITEM_ENDS)}]")


def _last_item_end(text: str, start: int, end: int) -> int:
    """``max(text.rfind(ch, start, end) for ch in ITEM_ENDS)``: the last mark in text[start:end], or -1."""
    m = _LAST_ITEM_END.search(text, start, end) if end > start else None
    return m.end() - 1 if m else -1


def _parallel_item(text: str, at: int) -> bool:
    """Is ``at`` past the first two characters of a list item whose neighbour item (across a
    顿号) starts with the same two, as in 学史明理、学史增信?

    >>> _parallel_item("引导干部学史明理、学史增信、学史崇德", 11)
    True
    >>> _parallel_item("要学史明理、增强信心", 8)
    False
    """
    lo = _last_item_end(text, max(0, at - 20), at) + 1
    hi = (m.start() if (m := _ITEM_END.search(text, at, at + 20)) else len(text))
    if at < lo + 2 or hi - lo > 8:
        return False
    prefix = text[lo : lo + 2]
    if text[hi : hi + 1] == "、" and text[hi + 1 : hi + 3] == prefix:
        return True
    if text[lo - 1 : lo] == "、":
        before = _last_item_end(text, max(0, lo - 21), lo - 1) + 1
        return text[before : before + 2] == prefix
    return False


def _phrase_elsewhere(text: str, c: channel.Candidate) -> str:
    """The second copy with the character after it, where the passage has that pair after
    another character too and it is no word the lexicon knows: 安全监管管出秩序、管出信心 is
    监管|管出, not a repeat (经济济发展 is: 济发 follows only 经 elsewhere). Where the passage
    has the repaired reading too (社会会公平 among 社会公平), it argues for the repair instead."""
    tail = text[c.start : c.start + 2]
    if len(tail) < 2 or not is_han(tail[1]) or tail in default_lexicon():
        return ""
    passage = _block(text, c.start)
    repaired = text[c.start - 2 : c.start] + tail[1]
    if len(repaired) == 3 and repaired in passage:
        return ""
    at = passage.find(tail)
    while at >= 0:
        if at == 0 or passage[at - 1] not in (tail[0], text[c.start - 2 : c.start - 1]):
            return tail
        at = passage.find(tail, at + 1)
    return ""


PASSAGE_REACH = 2000  # characters on each side: a passage's repetitions are looked for this near


def _block(text: str, at: int) -> str:
    r"""The passage around ``at``, between blank lines: large files are cleaned in chunks cut at
    blank lines, so a look beyond them would make the result depend on the chunking. At most
    ``PASSAGE_REACH`` characters on each side, so that a text without blank lines (one long
    line) costs the same per candidate as any other.

    >>> _block("甲\n\n乙丙\n\n丁", 4)
    '\n乙丙'
    >>> len(_block("乙" * 10_000, 5_000)) == 2 * PASSAGE_REACH
    True
    """
    lo, hi = max(0, at - PASSAGE_REACH), min(len(text), at + PASSAGE_REACH)
    start = text.rfind("\n\n", lo, at)
    end = text.find("\n\n", at, hi)
    return text[start + 1 if start >= 0 else lo : end if end >= 0 else hi]


def _rank(f: Finding) -> int:
    return {"safe": 3, "unsafe": 2}.get(f.safety or "", 1 if f.after is None else 2)
