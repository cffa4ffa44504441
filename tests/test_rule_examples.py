"""Every rule's own examples are tests (one test per rule), and the catalogue is checked."""

from __future__ import annotations

import re

import pytest

from cleaner.pipeline import Cleaner, Config
from cleaner.rules import CODE_PREFIX, Rule, rules_dir
from cleaner.ruletest import check_rule

ALL_RULES = Cleaner().all_rules


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_examples(rule: Rule) -> None:
    failures = check_rule(rule)
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_examples_are_idempotent_in_the_full_pipeline(rule: Rule) -> None:
    cleaner = Cleaner(Config(unsafe=True))
    for text in [e.text for e in rule.fail] + list(rule.passes):
        once = cleaner.clean(text).text
        assert cleaner.clean(once).text == once


def test_catalogue() -> None:
    codes = [r.code for r in ALL_RULES]
    assert len(codes) == len(set(codes)), "rule codes must be unique"
    names = [r.name for r in ALL_RULES]
    assert len(names) == len(set(names)), "rule names must be unique"
    for rule in ALL_RULES:
        assert rule.code.startswith(CODE_PREFIX[rule.stage])
        assert re.match(r"^[a-z]+(\.[a-z0-9_]+)+$", rule.name)
        assert rule.name.split(".")[0] == rule.stage, f"{rule.code}: name should start with its stage"
        assert len(rule.description) >= 40, f"{rule.code}: say what is wrong and why"
        assert rule.fail and rule.passes, f"{rule.code}: needs fail and pass examples"


def test_tables_are_sorted() -> None:
    for table in sorted((rules_dir() / "tables").glob("*.tsv")):
        rows = [ln for ln in table.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
        keys = [row.split("\t")[0] for row in rows[1:]]  # after the header row
        assert keys == sorted(keys), f"{table.name}: rows should be sorted by 'from'"


def test_rule_docs_do_not_drift() -> None:
    """docs/rules.md is generated from the packs: regenerate it with `cleaner rules docs -o docs/rules.md`."""
    from cleaner.ruledocs import rules_markdown

    committed = (rules_dir().parent / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(ALL_RULES), "docs/rules.md is stale: run `cleaner rules docs -o docs/rules.md`"
