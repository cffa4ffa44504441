"""Load everything a cleaner's rules need before the work starts, and keep the collector off it.

The rules' tables (the lexicon, the look-alike index, the models) load on first
use and then live as long as the process: hundreds of thousands of objects that
Python's cyclic garbage collector would walk again at every full collection, about
a tenth of the cleaning time on a long document. :func:`preload` cleans a short
text (which loads them), collects once, and moves what exists into the
collector's permanent generation (``gc.freeze``), once per process. Batch workers
forked after it share those pages instead of copying them as the collector
touches them.
"""

from __future__ import annotations

import gc

from cleaner.pipeline import Cleaner

# Chinese text with a doubled word and a look-alike, so that every lexical table is loaded.
WARM_TEXT = "发展初性明显增强，制度制度建设。\n"
_frozen = False


def preload(cleaner: Cleaner) -> None:
    """Load ``cleaner``'s tables and, the first time in this process, freeze what is loaded."""
    global _frozen
    cleaner.clean(WARM_TEXT)
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True
