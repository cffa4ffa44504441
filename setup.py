"""What pyproject.toml cannot say: the built-in rules, kept in rules/ at the top of the repository,
ship inside the package as ``cleaner/builtin_rules`` (a folder mapped into a found package)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["cleaner", "cleaner.*"]), "cleaner.builtin_rules"],
    package_dir={"cleaner.builtin_rules": "rules"},
    package_data={"cleaner": ["py.typed", "report/assets/*"], "cleaner.builtin_rules": ["*.toml", "**/*.toml", "**/*.tsv"]},
)
