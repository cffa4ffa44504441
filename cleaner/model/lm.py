"""The language model: libime's KenLM word trigram, loaded once, queried on short windows.

The model is a *word* trigram, so text is segmented into the model's own vocabulary
first (the words stored at the end of the binary file). Segmentation is a maximum
unigram-probability path over the window only; the cleaner never segments a whole text.

Where the model is found: ``$CLEANER_LM`` (a path, or ``none`` to run without a model),
else Debian's ``libime-data-language-model`` file. Nothing is downloaded.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path

DEBIAN_MODEL = Path("/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm")
ENV_VAR = "CLEANER_LM"
INSTALL_HINT = ("install Debian's libime-data-language-model (make system-deps) and the kenlm-ex wheel, "
                f"or point ${ENV_VAR} at a KenLM model")
MAX_WORD = 4  # longest word tried by the segmenter (99.3% of the vocabulary; longer ones cost time)
UNKNOWN_WORD = -8.0  # log10 unigram probability of a character the model does not know
VOCABULARY_TAIL = 4 << 20  # bytes; libime's 165k words take 1.3 MB


class LanguageModel:
    """A KenLM model with its vocabulary; ``score`` and ``segment`` work on short strings."""

    def __init__(self, path: Path) -> None:
        import kenlm  # from the kenlm-ex wheel

        self.path = path
        self._model = kenlm.Model(str(path))
        self.order = self._model.order
        self.vocabulary = read_vocabulary(path)
        self._unigram: dict[str, float] = {}
        self._segments: dict[str, tuple[str, ...]] = {}
        self._scores: dict[tuple[str, bool, bool], float] = {}

    def describe(self) -> str:
        return f"KenLM {self.order}-gram {self.path} ({len(self.vocabulary):,} words)"

    def unigram(self, word: str) -> float:
        """log10 P(word) with no context; a known word only."""
        value = self._unigram.get(word)
        if value is None:
            value = self._unigram[word] = self._model.score(word, bos=False, eos=False)
        return value

    def segment(self, text: str) -> tuple[str, ...]:
        """The most probable split of ``text`` into vocabulary words (unknown characters alone).

        Cached: the same windows come back often (their left and right context).
        """
        cached = self._segments.get(text)
        if cached is not None:
            return cached
        n = len(text)
        vocabulary = self.vocabulary
        unigram = self._unigram
        best = [0.0] + [-1e9] * n
        back = [0] * (n + 1)
        for end in range(1, n + 1):
            top, arg = -1e9, end - 1
            for start in range(max(0, end - MAX_WORD), end):
                piece = text[start:end]
                if piece in vocabulary:
                    cost = unigram.get(piece)
                    if cost is None:
                        cost = self.unigram(piece)
                elif end - start == 1:
                    cost = UNKNOWN_WORD
                else:
                    continue
                if best[start] + cost > top:
                    top, arg = best[start] + cost, start
            best[end], back[end] = top, arg
        words = []
        end = n
        while end > 0:
            words.append(text[back[end] : end])
            end = back[end]
        result = tuple(reversed(words))
        if len(self._segments) > 200_000:
            self._segments.clear()
        self._segments[text] = result
        return result

    def score(self, text: str, bos: bool = False, eos: bool = False) -> float:
        """log10 probability of ``text`` segmented into the model's words.

        Cached: a window is scored once for every candidate in it (its text without the
        repair), and the same windows come back in a long text.
        """
        key = (text, bos, eos)
        cached = self._scores.get(key)
        if cached is None:
            cached = float(self._model.score(" ".join(self.segment(text)), bos=bos, eos=eos))
            if len(self._scores) > 200_000:
                self._scores.clear()
            self._scores[key] = cached
        return cached

    def score_words(self, words: tuple[str, ...]) -> float:
        """log10 probability of ``words`` as given (a segmentation chosen by the caller)."""
        return float(self._model.score(" ".join(words), bos=False, eos=False))

    def knows(self, word: str) -> bool:
        return word in self.vocabulary


def read_vocabulary(path: Path) -> frozenset[str]:
    """The words of a KenLM binary: NUL-separated UTF-8 strings from ``<unk>`` to the end."""
    size = path.stat().st_size
    with path.open("rb") as handle:  # the words are at the end: read the tail first
        handle.seek(max(0, size - VOCABULARY_TAIL))
        data = handle.read()
        at = data.rfind(b"\x00<unk>\x00")
        if at < 0 and size > VOCABULARY_TAIL:
            handle.seek(0)
            data = handle.read()
            at = data.rfind(b"\x00<unk>\x00")
    if at < 0:
        raise ValueError(f"{path}: no vocabulary found (not a KenLM binary with its words stored)")
    return frozenset(data[at + 1 :].decode("utf-8", "replace").split("\x00")) - {"", "<unk>"}


def model_path() -> Path | None:
    """Where the model is, or None when it is switched off (``$CLEANER_LM=none``) or absent."""
    env = os.environ.get(ENV_VAR)
    if env is not None:
        return None if env.strip().lower() in ("", "none", "off") else Path(env)
    return DEBIAN_MODEL if DEBIAN_MODEL.is_file() else None


_failed: dict[Path, str] = {}  # a model that would not load, and why: said in the one warning line


@lru_cache(maxsize=4)
def _load(path: Path | None) -> LanguageModel | None:
    if path is None:
        return None
    try:
        if not path.is_file():
            raise OSError("no such file")
        return LanguageModel(path)
    except (ImportError, OSError, ValueError, RuntimeError) as exc:
        _failed[path] = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return None


def _why_none() -> str:
    """Why there is no model: the path that failed and its reason, or nothing (none configured)."""
    path = model_path()
    return f" ({path} not loaded: {_failed[path]})" if path is not None and path in _failed else ""


def default_model() -> LanguageModel | None:
    """The model, loaded once per process; None when there is none (see :data:`ENV_VAR`)."""
    return _load(model_path())


_warned: set[str] = set()


def warn_missing(codes: list[str]) -> None:
    """Say once per process, on stderr, that model-backed rules are skipped, and how to install the model."""
    key = ",".join(codes)
    if key in _warned:
        return
    _warned.add(key)
    print(f"cleaner: no language model{_why_none()}, rules {', '.join(codes)} skipped; {INSTALL_HINT}", file=sys.stderr)


def model_status() -> str:
    """One line for ``cleaner --version``: which model is loaded, or why none is."""
    model = default_model()
    if model is not None:
        return f"language model: {model.describe()}"
    return f"language model: none{_why_none()} (model-backed rules are skipped; {INSTALL_HINT})"
