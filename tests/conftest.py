"""Shared fixtures: the sample document, the evaluation data beside the repository, a CLI runner."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner
from helpers.paths import EVAL, GOLDEN, ROOT, SAMPLE, eval_path

# The paths were defined here before tests/helpers/ existed; tests import them from helpers.paths.
__all__ = ["EVAL", "GOLDEN", "ROOT", "SAMPLE", "eval_path"]


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
