"""Fuzz the decoder: any bytes either decode to text or raise InputError, nothing else.

Run: make fuzz  (or .venv/bin/python fuzz/fuzz_decode.py -max_total_time=60)
"""

import sys

import atheris

with atheris.instrument_imports():
    from cleaner.io import InputError, decode


def test_one(data: bytes) -> None:
    try:
        decoded = decode(data, "fuzz")
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith("fuzz:")
        return
    assert isinstance(decoded.text, str) and "\x00" not in decoded.text


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
