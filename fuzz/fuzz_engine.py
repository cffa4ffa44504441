"""Fuzz the engine: any text cleans without an exception, replays, and is idempotent.

Run: make fuzz  (or .venv/bin/python fuzz/fuzz_engine.py -max_total_time=60)
"""

import sys

import atheris

with atheris.instrument_imports():
    from cleaner import apply_edits, clean_text
    from cleaner.api import get_cleaner

# Seeds of the kind of text the rules target, so that mutations reach the rules' code.
DICTIONARY = ["（下转第4版）", "为代表的批", "观观", "制度制度", " and ", "发展初性", "“", "：——", "\n\n", "(", "，"]


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    pieces = []
    while fdp.remaining_bytes():
        if fdp.ConsumeBool():
            pieces.append(DICTIONARY[fdp.ConsumeIntInRange(0, len(DICTIONARY) - 1)])
        else:
            pieces.append(fdp.ConsumeUnicodeNoSurrogates(8))
    text = "".join(pieces)
    result = clean_text(text)
    assert apply_edits(text, result.edits) == result.text
    assert clean_text(result.text).text == result.text, (text, result.text)
    assert not result.errors, result.errors


if __name__ == "__main__":
    get_cleaner()  # load and compile the rules once, outside the fuzzing loop
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
