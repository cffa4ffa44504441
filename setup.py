"""What pyproject.toml cannot say: the built-in rules, kept in rules/ at the top of the repository,
ship inside the package as ``cleaner/builtin_rules`` (a folder mapped into a found package).

Folders of data (the rules and their subfolders, the review page's assets) are listed as packages
too, so that setuptools ships their files without warning that it would ignore them.
"""

from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
RULES = ["cleaner.builtin_rules"] + sorted(
    "cleaner.builtin_rules." + ".".join(d.relative_to(HERE / "rules").parts)
    for d in (HERE / "rules").rglob("*") if d.is_dir() and not d.name.startswith((".", "__"))
)

setup(
    packages=[*find_packages(include=["cleaner", "cleaner.*"]), "cleaner.report.assets", *RULES],
    package_dir={"cleaner.builtin_rules": "rules"},
    package_data={"cleaner": ["py.typed"], "cleaner.report.assets": ["*"],
                  **{package: ["*.toml", "*.tsv"] for package in RULES}},
)
