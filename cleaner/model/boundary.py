"""Is there a real word boundary between the two copies of a doubled character?

The lexicon alone calls 提高高工作 a boundary (提高|高工), as it does 学校|校舍: a word ends
at the first copy and one starts at the second. The model's segmentation of the text
around the pair tells them apart: a real boundary reads as two words meeting (学校|校舍,
中国|国际), a doubled character leaves the second copy standing alone after the word of the first
(提高|高|工作, 金融|融|安全, 社会|会|主义). A first copy alone before a word it starts
(特产税|税率 read as 特产|税|税率 by a model that lacks 特产税) is no such evidence.
"""

from __future__ import annotations

from collections.abc import Callable

from cleaner.model.judge import window

Segmenter = Callable[[str], tuple[str, ...]]


def second_copy_alone(segment: Segmenter, text: str, i: int, width: int) -> bool:
    """With the doubled pair at ``text[i:i+2]``, does the segmentation of up to ``width``
    ideographs on each side leave the second copy as a word by itself?"""
    lo, hi = window(text, i, i + 2, width)
    at = 0
    for word in segment(text[lo:hi]):
        if len(word) == 1 and at == i + 1 - lo:
            return True
        at += len(word)
    return False
