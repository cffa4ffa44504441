"""Channel pairs learned from corrected text: which character the OCR read for which.

``cleaner learn NOISY GOLD --channel FILE`` aligns each noisy text with its gold
(:func:`cleaner.align.changes`, after layout normalisation) and counts every
single-ideograph substitution ``intended -> read``; the probability is
P(read | intended), the count over the intended character's occurrences in the
gold. The table has the format of the OCR confusion table
(``intended<TAB>read<TAB>count<TAB>probability``), so the look-alike rule (LX13)
can use it: ``cleaner clean --channel FILE`` (or ``channel_tables`` in a pack).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cleaner.align import changes, normalise
from cleaner.charclass import is_han
from cleaner.evaluate import Pair


def count_substitutions(pairs: Sequence[Pair]) -> tuple[Counter[tuple[str, str]], Counter[str]]:
    """(intended, read) substitution counts, and how often each intended character occurs in the gold."""
    confusions: Counter[tuple[str, str]] = Counter()
    seen: Counter[str] = Counter()
    for pair in pairs:
        noisy, gold = normalise(pair.noisy).text, normalise(pair.gold).text
        seen.update(ch for ch in gold if is_han(ch))
        for c in changes(noisy, gold):
            if len(c.before) == 1 and len(c.after) == 1 and is_han(c.before) and is_han(c.after):
                confusions[(c.after, c.before)] += 1
    return confusions, seen


def write_channel_table(pairs: Sequence[Pair], path: Path, origin: str, min_count: int = 1) -> int:
    """Write the learned channel table; returns the number of rows (0: nothing written)."""
    confusions, seen = count_substitutions(pairs)
    rows = sorted(((i, r, n) for (i, r), n in confusions.items() if n >= min_count), key=lambda x: (-x[2], x[0], x[1]))
    if not rows:
        return 0
    lines = [
        f"# OCR channel pairs learned by `cleaner learn --channel` from {origin}.",
        "# Columns: the intended character, the character read for it, how often, P(read | intended).",
    ]
    lines += [f"{i}\t{r}\t{n}\t{n / max(n, seen[i]):.4g}" for i, r, n in rows]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return len(rows)
