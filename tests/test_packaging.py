"""Packaging: the built wheel and sdist carry the rules, and the licence is an SPDX string."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from helpers.paths import ROOT, SAMPLE


def test_licence_is_an_spdx_string() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the sdist, as `python -m build` makes them (so both are checked)."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)], check=True,
                   capture_output=True)
    return next(out.glob("cleaner-*.whl"))


@pytest.mark.slow
def test_wheel_ships_the_rules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    rules = sorted(p for p in (ROOT / "rules").rglob("*") if p.is_file())
    assert rules
    for path in rules:
        assert "cleaner/builtin_rules/" + path.relative_to(ROOT / "rules").as_posix() in names
    assert not any(n.startswith("rules/") for n in names)  # no top-level package named "rules"


@pytest.mark.slow
def test_installed_wheel_cleans_the_sample_like_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv with only the wheel (dependencies borrowed from this environment) cleans the sample
    outside the checkout to the same bytes. (.ci/run does it with the dependencies installed too.)"""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip())
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    # Dependencies from this environment, after the wheel's own package (no .pth inside is processed).
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    code = ("import cleaner, sys; from pathlib import Path; from cleaner.rules import rules_dir;"
            "assert Path(cleaner.__file__).is_relative_to(Path(sys.argv[1])), cleaner.__file__;"
            "assert rules_dir().is_relative_to(Path(sys.argv[1])), rules_dir();"
            "from cleaner.cli import main; main(['clean', sys.argv[2]])")
    installed = subprocess.run([python, "-c", code, str(site), str(SAMPLE)], cwd=tmp_path, capture_output=True,
                               env={"PATH": "/usr/bin:/bin"})
    assert installed.returncode == 0, installed.stderr.decode()
    editable = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(SAMPLE)], capture_output=True, check=True)
    assert installed.stdout == editable.stdout


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    """`mypy` (strict, configured in pyproject.toml) finds the package and the tests' helpers, and passes."""
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


def test_ruff_is_clean() -> None:
    """`ruff check` (rules chosen in pyproject.toml) passes on the whole tree."""
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
