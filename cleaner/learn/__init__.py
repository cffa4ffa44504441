"""Learning rules from corrected text: align noisy and gold, keep the corrections that are safe.

Every difference between a noisy text and its gold (after layout normalisation,
aligned with rapidfuzz) is an error *site*; neighbouring differences form one
site. A site can be written as a literal rule ``from -> to`` with some context
on either side (``越来赴`` -> ``越来越``). For every site the candidates are its
windows with 0..``max_context`` characters of context per side; a candidate is
*safe* when

- ``from`` never occurs in any gold text (it would change correct text),
- ``from`` is not a dictionary word, part of one, or two words side by side
  (jieba's dictionary: text that reads correctly elsewhere), unless the
  lexicon check is off,
- the fix makes a dictionary word of two or more characters across the
  corrected place where the wrong text has none (OCR errors make non-words:
  冠界 -> 冠军; 入了 -> 人了 makes no word and is not learned), unless the
  lexicon check is off; a change of non-Chinese characters only, which no
  dictionary can vouch for, needs the support of two sites instead,
- every occurrence of ``from`` in the noisy texts is an error site with the
  same fix (no conflicting or unexplained occurrence).

A site takes its safe candidate with the largest support (how many sites share
it), then the shortest; a site with no safe candidate is dropped (it would
need more context than allowed, or changes correct text however it is
narrowed). Candidates used by at least ``min_support`` sites become pairs of a
``table`` rule, ranked by support: one rule per type of defect (confusion,
duplicated text, dropped text, non-Chinese debris). Fail examples come from the
data; pass examples are gold contexts where the wrong text occurs correctly
(or, when there is none, the corrected gold context itself). A pair whose own
examples fail in isolation is dropped, so the pack passes ``cleaner rules test``.

Debris with numbers in it (a page number line ``- 12 -``) rarely repeats
literally; its *shape*, with every run of digits generalised, may. A shape seen
at ``min_support`` sites or more (and at least two), that matches nothing in
the gold and nowhere else in the noisy text, becomes a pattern of a ``regex``
rule instead.

The modules: :mod:`~cleaner.learn.sites` finds the error sites and their windows,
:mod:`~cleaner.learn.words` holds the dictionary checks, :mod:`~cleaner.learn.debris` the
numbered-debris shapes, :mod:`~cleaner.learn.pairs` chooses the pairs (:func:`learn`), and
:mod:`~cleaner.learn.pack` writes them as a rule pack (:func:`write_pack`).
"""

from cleaner.learn.debris import debris_shape
from cleaner.learn.pack import TYPES, assign_codes, render_pack, write_pack
from cleaner.learn.pairs import learn
from cleaner.learn.sites import Learned, LearnReport, Site, find_sites
from cleaner.learn.words import makes_word, reads_correctly

__all__ = [
    "TYPES", "LearnReport", "Learned", "Site", "assign_codes", "debris_shape", "find_sites", "learn", "makes_word",
    "reads_correctly", "render_pack", "write_pack",
]
