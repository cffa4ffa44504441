"""Where the tests' material is: the checkout, the sample, the golden files, the evaluation data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
GOLDEN = ROOT / "tests" / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
# Third-party evaluation data lives beside the repository, never inside it.
EVAL = ROOT.parent / "shared" / "eval"


def eval_path(*parts: str) -> Path:
    """A file of ../shared/eval, or skip the test with the reason when it is absent."""
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data {path} is not present (it lives in ../shared/eval beside the repository)")
    return path
