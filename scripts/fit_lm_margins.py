"""Fit the margins of the model-backed rules (LX10-LX13) on the training corpus, never on eval/.

For each rule it prints how many candidates on the clean corpus reach each margin
(false repairs and suspects per 100k characters) and how many injected errors of
the rule's kind do (repairs), so that ``safe_margin``, ``unsafe_margin`` and
``flag_margin`` in rules/lexical.toml can be set where clean text stays untouched::

    python scripts/fit_lm_margins.py [--corpus ../shared/corpus] [--samples 1500]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from helpers.lm_damage import inject_one  # noqa: E402

from cleaner.kinds import build  # noqa: E402
from cleaner.model.judge import margins  # noqa: E402
from cleaner.model.lm import default_model  # noqa: E402
from cleaner.rules import load_pack  # noqa: E402

RULE_KIND = {"LX10": "doubled_character", "LX11": "doubled_word", "LX12": "dropped_yi", "LX13": "lookalike"}
TRADITIONAL = set("國們於這個來說對時會與為經濟")


def corpus_text(folder: Path) -> str:
    """The corpus's simplified paragraphs (its older reports are partly in traditional characters)."""
    paragraphs = (p for f in sorted(folder.glob("*.txt")) for p in f.read_text(encoding="utf-8").splitlines())
    return "\n".join(p for p in paragraphs if p and not TRADITIONAL & set(p))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--samples", type=int, default=1500)
    ap.add_argument("--rules", nargs="*", default=list(RULE_KIND))
    args = ap.parse_args()
    model = default_model()
    if model is None:
        sys.exit("no language model: see docs/language-model.md")
    text = corpus_text(args.corpus)
    paragraphs = [p for p in text.split("\n") if len(p) > 40]
    per100k = 100_000 / len(text)
    rules = {r.code: r for r in load_pack(ROOT / "rules" / "lexical.toml")}
    for code in args.rules:
        matcher = build(rules[code])
        clean = sorted(m for _c, m, _w in margins(model, text, matcher._candidates(text, model), matcher.settings.window))
        rng = random.Random(11)
        damaged = []
        while len(damaged) < args.samples:
            para = rng.choice(paragraphs)
            injected = inject_one(para, RULE_KIND[code], rng)
            if injected is None:
                continue
            noisy, at = injected
            near = [c for c in matcher._candidates(noisy, model) if abs(c.start - at) <= 3]
            damaged.append(max((m for _c, m, _w in margins(model, noisy, near, matcher.settings.window)), default=-99.0))
        print(f"{code} {RULE_KIND[code]}: {len(text):,} clean characters, {len(clean)} candidates; "
              f"{args.samples} injected ({sum(m > -99 for m in damaged) / len(damaged):.0%} with a candidate)")
        tried = {matcher.settings.safe_margin, matcher.unsafe_margin, matcher.flag_margin, *(x / 2 for x in range(-8, 7))}
        for threshold in sorted(tried, reverse=True):
            over = sum(m >= threshold for m in clean)
            print(f"  margin >= {threshold:+.1f}: clean {over * per100k:5.1f} per 100k ({over}), "
                  f"injected {sum(m >= threshold for m in damaged) / len(damaged):.0%}")


if __name__ == "__main__":
    main()
