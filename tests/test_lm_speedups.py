"""The language-model rules decide as before when a candidate's margin is read before the
places it is left alone (mechanics only: both filters are pure, so the order of the two tests
changes nothing but the work). The reference below is the order they had: filter, then score."""

from __future__ import annotations

import random

import pytest
from helpers.lm_damage import KINDS, inject

from cleaner.api import get_cleaner
from cleaner.confidence import Confidence
from cleaner.kinds import Finding
from cleaner.kinds.lm_channel import LMChannelKind, _rank
from cleaner.model import default_model
from cleaner.model.judge import margins

NEEDS_MODEL = pytest.mark.skipif(default_model() is None, reason="no language model (make system-deps)")
LM_RULES = ("LX10", "LX11", "LX12", "LX13", "LX14")


def reference_find(matcher: LMChannelKind, text: str, confidence: Confidence | None) -> list[Finding]:
    model = default_model()
    assert model is not None
    candidates = [c for c in matcher._candidates(text, model) if not matcher._left_alone(text, c)]
    best: dict[tuple[int, int], Finding] = {}
    for c, margin, words in margins(model, text, candidates, matcher.settings.window):
        safety = matcher._safety(margin - matcher._shift(confidence, c.start, c.end) - matcher._standalone(text, c))
        if safety is None:
            continue
        found = matcher._judged(text, c, margin, words, safety)
        if (c.start, c.end) not in best or _rank(found) > _rank(best[(c.start, c.end)]):
            best[(c.start, c.end)] = found
    return sorted(best.values(), key=lambda f: (f.start, f.end))


@NEEDS_MODEL
@pytest.mark.parametrize("kind", KINDS)
def test_lm_rules_find_what_filtering_first_found(sample_text: str, kind: str) -> None:
    damaged, injections = inject(sample_text, kind, rate=0.01, seed=7)
    assert injections
    rng = random.Random(3)
    confidence = Confidence([rng.choice((None, 0.05, 0.5, 0.99)) for _ in damaged])
    cleaner = get_cleaner()
    found = 0
    for code in LM_RULES:
        matcher = cleaner.matchers[code]
        assert isinstance(matcher, LMChannelKind)
        for conf in (None, confidence):
            ours = matcher._find(damaged, conf)
            assert ours == reference_find(matcher, damaged, conf), (code, kind)
            found += len(ours)
    assert found  # the damage gives the rules something to decide
