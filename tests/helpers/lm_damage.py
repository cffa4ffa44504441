"""Damage of the kinds the language-model rules repair, injected one at a time into clean text.

``inject_one(paragraph, kind, rng)`` returns the damaged paragraph and the offset of
the damage (or None when the paragraph offers no place for that kind):

- ``doubled_character``: an ideograph printed twice (经济济发展);
- ``doubled_word``: a word (of jieba's dictionary) of two or three ideographs printed twice (制度制度);
- ``dropped_yi``: 一 dropped before a measure word (一批 -> 批, 一个 -> 个, 一系列 -> 系列);
- ``lookalike``: an ideograph replaced by a look-alike from the hand-written groups of
  :mod:`confusion_damage` (干 -> 千), not from the tables the cleaner uses.

``inject(text, kind, rate, seed)`` spreads such damage over a whole text, at least
``spacing`` characters apart, and returns the injections with their gold.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from cleaner.lexicon import default_lexicon
from helpers.confusion_damage import CONFUSABLE

HAN = re.compile(r"[\u4e00-\u9fff]")
YI_BEFORE = re.compile(r"一(?=[批个些项种系条次步支份])")
KINDS = ("doubled_character", "doubled_word", "dropped_yi", "lookalike")


@dataclass(frozen=True)
class Injection:
    kind: str
    start: int  # in the damaged text
    damaged: str  # the damaged span
    gold: str  # what it stands for


def _han_run(text: str, i: int, n: int) -> bool:
    return i + n <= len(text) and all(HAN.match(ch) for ch in text[i : i + n])


def inject_at(text: str, kind: str, i: int, rng: random.Random) -> tuple[str, Injection] | None:
    """Damage ``text`` at offset ``i``; None where ``kind`` does not fit there."""
    if kind == "doubled_character":
        if not _han_run(text, i, 1) or text[i] in text[i - 1 : i] + text[i + 1 : i + 2]:
            return None
        return text[: i + 1] + text[i:], Injection(kind, i, text[i] * 2, text[i])
    if kind == "doubled_word":
        n = rng.choice((2, 3))
        word = text[i : i + n]
        if not _han_run(text, i, n) or len(set(word)) < n or word not in default_lexicon():
            return None
        return text[: i + n] + text[i:], Injection(kind, i, word * 2, word)
    if kind == "dropped_yi":
        if not YI_BEFORE.match(text, i):
            return None
        return text[:i] + text[i + 1 :], Injection(kind, i, "", "一")
    if kind == "lookalike":
        if text[i] not in CONFUSABLE:
            return None
        wrong = rng.choice(CONFUSABLE[text[i]])
        return text[:i] + wrong + text[i + 1 :], Injection(kind, i, wrong, text[i])
    raise ValueError(f"unknown damage kind {kind!r}")


def inject_one(paragraph: str, kind: str, rng: random.Random) -> tuple[str, int] | None:
    """One piece of damage at a random fitting place of ``paragraph``."""
    places = [m.start() for m in YI_BEFORE.finditer(paragraph)] if kind == "dropped_yi" else range(2, len(paragraph) - 3)
    if not places:
        return None
    i = rng.choice(list(places))
    done = inject_at(paragraph, kind, i, rng)
    return None if done is None else (done[0], done[1].start)


def inject(text: str, kind: str, rate: float = 0.002, seed: int = 0, spacing: int = 40) -> tuple[str, list[Injection]]:
    """Damage about ``rate`` of the characters of ``text`` with ``kind``, ``spacing`` apart."""
    rng = random.Random(seed)
    out: list[str] = []
    injections: list[Injection] = []
    last = 0  # end of the copied source
    shift = 0  # damaged offset minus source offset
    places = ([m.start() for m in YI_BEFORE.finditer(text)] if kind == "dropped_yi"
              else [i for i in range(len(text)) if rng.random() < rate])
    if kind == "dropped_yi":
        places = [i for i in places if rng.random() < 0.5]
    for i in places:
        if i < last + spacing or i < 2 or i > len(text) - 4:
            continue
        window = text[i - 2 : i + 6]
        done = inject_at(window, kind, 2, rng)
        if done is None:
            continue
        damaged_window, injection = done
        out.append(text[last : i - 2])
        out.append(damaged_window)
        injections.append(Injection(kind, i + shift, injection.damaged, injection.gold))
        shift += len(damaged_window) - len(window)
        last = i + 6
    out.append(text[last:])
    return "".join(out), injections
