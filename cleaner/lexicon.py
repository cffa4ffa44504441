"""The word list behind lexical decisions: jieba's dictionary, with frequencies and POS tags.

Loaded once, lazily, only when a rule needs a look-up at a candidate position;
the cleaner never segments a whole text. Extra words (a user's terms) can be added.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path


class Lexicon:
    def __init__(self, entries: dict[str, tuple[int, str]]) -> None:
        self.entries = entries
        self.max_len = max((len(w) for w in entries), default=1)

    def __contains__(self, word: str) -> bool:
        return word in self.entries

    def freq(self, word: str) -> int:
        entry = self.entries.get(word)
        return entry[0] if entry else 0

    def pos(self, word: str) -> str:
        entry = self.entries.get(word)
        return entry[1] if entry else ""

    def word_ending_at(self, text: str, end: int, min_len: int = 2, max_len: int = 4) -> str:
        """The longest word of ``min_len``..``max_len`` characters ending at ``end``."""
        for n in range(max_len, min_len - 1, -1):
            if end - n >= 0 and text[end - n : end] in self.entries:
                return text[end - n : end]
        return ""

    def word_starting_at(self, text: str, start: int, min_len: int = 2, max_len: int = 4) -> str:
        """The longest word of ``min_len``..``max_len`` characters starting at ``start``."""
        for n in range(max_len, min_len - 1, -1):
            if start + n <= len(text) and text[start : start + n] in self.entries:
                return text[start : start + n]
        return ""


def jieba_dict_path() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("the jieba package (for its dictionary) is not installed")
    return Path(spec.origin).parent / "dict.txt"


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    entries: dict[str, tuple[int, str]] = {}
    pos_cache: dict[str, str] = {}
    with jieba_dict_path().open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2:
                pos = parts[2] if len(parts) > 2 else ""
                entries[parts[0]] = (int(parts[1]), pos_cache.setdefault(pos, pos))
    return Lexicon(entries)
