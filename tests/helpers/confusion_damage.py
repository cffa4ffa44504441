"""A generator of one-character OCR confusions, for measuring the corpus-statistics pass.

``inject(text, rate, seed)`` replaces a share of the Chinese characters that have
a look-alike with that look-alike (干 -> 千, 己 -> 已, 末 -> 未 ...) and returns
the damaged text with the list of injections. The look-alikes are a small
hand-written table of shapes OCR engines commonly confuse, not taken from any
evaluation data. Seeded: the same input gives the same damage.

Run as a script it measures the corpus pass on damaged copies of files::

    python tests/helpers/confusion_damage.py --rate 0.001 --out /tmp/damaged FILES...
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Groups of characters that look alike; each may be misread as another of its group.
LOOKALIKES = [
    "干千于", "己已巳", "未末", "人入八", "土士", "日曰", "大太犬", "天夭", "王玉主", "木本术",
    "贝见", "刀力", "今令", "问间", "情清请", "待侍持", "辨辩", "拔拨", "候侯", "织识职", "设没",
    "历厉", "免兔", "折拆", "戊戌戍", "即既", "状壮", "体休", "田由甲申", "斤斥", "住往", "代伐",
    "失矢", "牛午", "乌鸟", "衣农", "治冶", "社杜", "区匹", "老考", "市布", "准淮", "壁璧", "官宫",
    "持特", "图囹", "活话", "式武", "宁守", "观现", "经径", "级极", "构沟", "建健", "务各", "业亚",
]
CONFUSABLE = {ch: group.replace(ch, "") for group in LOOKALIKES for ch in group}


@dataclass(frozen=True)
class Injection:
    position: int
    original: str
    replacement: str


def inject(text: str, rate: float = 0.001, seed: int = 0) -> tuple[str, list[Injection]]:
    """Damage about ``rate`` of the characters: each chosen look-alike becomes another of its group."""
    rng = random.Random(seed)
    positions = [i for i, ch in enumerate(text) if ch in CONFUSABLE]
    count = min(len(positions), round(len(text) * rate))
    chosen = sorted(rng.sample(positions, count))
    chars = list(text)
    injections = []
    for i in chosen:
        replacement = rng.choice(CONFUSABLE[text[i]])
        chars[i] = replacement
        injections.append(Injection(i, text[i], replacement))
    return "".join(chars), injections


def measure(paths: list[str], rate: float, seed: int, out: str | None, **options: object) -> dict[str, int]:
    """Damage each file, run the corpus pass over all of them, count true and false flags."""
    from pathlib import Path

    from cleaner.corpus import phrase_suspects

    texts, damage = [], []
    for n, path in enumerate(paths):
        damaged, injections = inject(Path(path).read_text(encoding="utf-8"), rate, seed + n)
        texts.append(damaged)
        damage.append({i.position for i in injections})
        if out:
            Path(out).mkdir(parents=True, exist_ok=True)
            (Path(out) / Path(path).name).write_text(damaged, encoding="utf-8")
    suspects = phrase_suspects(texts, **options)  # type: ignore[arg-type]
    hits = {(s.doc, s.position) for s in suspects if s.position in damage[s.doc]}
    return {
        "documents": len(texts),
        "characters": sum(map(len, texts)),
        "injected": sum(map(len, damage)),
        "flags": len(suspects),
        "injected_flagged": len(hits),
        "correct_flagged": len(suspects) - len(hits),
    }


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--rate", type=float, default=0.001)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="also write the damaged copies here")
    parser.add_argument("--n", type=int, default=4)
    parser.add_argument("--min-frequent", type=int, default=5)
    parser.add_argument("--min-ratio", type=float, default=5.0)
    parser.add_argument("--no-lexicon", action="store_true")
    args = parser.parse_args()
    result = measure(args.files, args.rate, args.seed, args.out, n=args.n, min_frequent=args.min_frequent,
                     min_ratio=args.min_ratio, lexicon=not args.no_lexicon)
    print(json.dumps(result))
