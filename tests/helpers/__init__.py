"""What the tests share: paths, fixture rule packs, damage generators, the golden maker, OCR checks.

The tests import them as ``helpers.NAME`` (pytest puts tests/ on the path; mypy_path says the same
to mypy); benchmarks and scripts put tests/ on sys.path first. Some also run as scripts:
``python tests/helpers/damage.py``, ``python tests/helpers/make_golden.py`` (``make golden``).
"""
