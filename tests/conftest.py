"""Shared fixtures: the sample document, the evaluation data beside the repository, a CLI runner."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
GOLDEN = ROOT / "tests" / "golden"
# Third-party evaluation data lives beside the repository, never inside it.
EVAL = ROOT.parent / "shared" / "eval"


def eval_path(*parts: str) -> Path:
    """A file of ../shared/eval, or skip the test with the reason when it is absent."""
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"evaluation data {path} is not present (it lives in ../shared/eval beside the repository)")
    return path


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# Hypothesis: "dev" (default) for quick local runs, "ci" with many more examples (.ci/run sets it).
from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile("dev", max_examples=150, deadline=None)
settings.register_profile(
    "ci", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
