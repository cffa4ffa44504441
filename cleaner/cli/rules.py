"""``cleaner rules``: list, show, test and lint the rules, and write their catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cleaner.cli.common import fail, make_cleaner, write_output
from cleaner.cli.options import config_options
from cleaner.pipeline import Cleaner, Config
from cleaner.report.rule_text import examples_tally, rule_line, rule_text
from cleaner.rules import Rule, RuleError, load_pack


@click.group()
def rules() -> None:
    """List, show and test the rules.

    \b
    Examples:
      cleaner rules list --profile default
      cleaner rules show LY01
      cleaner rules test my-rules.toml
    """


@rules.command("list")
@config_options
def rules_list(config: Config) -> None:
    """List every rule: code, stage, safety, name.

    \b
    Example:
      cleaner rules list --rules my-rules.toml --disable LX05
    """
    cleaner = make_cleaner(config)
    for rule in cleaner.all_rules:
        click.echo(rule_line(rule, rule.code in cleaner.config.disable))


@rules.command("show")
@click.argument("code")
@config_options
def rules_show(code: str, config: Config) -> None:
    """Show one rule with its description and examples.

    \b
    Example:
      cleaner rules show LY01
    """
    cleaner = make_cleaner(config)
    try:
        rule = cleaner.rule(code.upper())
    except RuleError as exc:
        fail(str(exc), 2)
    click.echo(rule_text(rule))


def pack_rules(pack: str | None) -> list[Rule]:
    """The rules of ``pack``, or of the default profile; a bad pack ends the command."""
    try:
        return load_pack(Path(pack)) if pack else Cleaner().all_rules
    except RuleError as exc:
        fail(str(exc), 2)


@rules.command("test")
@click.argument("pack", required=False, type=click.Path(dir_okay=False))
def rules_test(pack: str | None) -> None:
    """Run every rule's fail and pass examples (of PACK, or of the default profile).

    \b
    Examples:
      cleaner rules test
      cleaner rules test my-rules.toml
    """
    from cleaner.ruletest import check_rule

    all_rules = pack_rules(pack)
    failures = []
    for rule in all_rules:
        try:
            failures.extend(check_rule(rule))
        except RuleError as exc:
            fail(str(exc), 2)
    for failure in failures:
        click.echo(f"FAIL {failure}")
    click.echo(examples_tally(all_rules, len(failures)))
    if failures:
        sys.exit(1)


@rules.command("lint")
@click.argument("pack", required=False, type=click.Path(dir_okay=False))
def rules_lint(pack: str | None) -> None:
    """Find patterns that backtrack catastrophically (of PACK, or of the default profile).

    \b
    Examples:
      cleaner rules lint
      cleaner rules lint my-rules.toml
    """
    from cleaner.lint import lint_rules

    all_rules = pack_rules(pack)
    problems = lint_rules(all_rules)
    for problem in problems:
        click.echo(f"LINT {problem}")
    click.echo(f"{len(all_rules)} rules linted: {len(problems)} problem(s)")
    if problems:
        sys.exit(1)


@rules.command("docs")
@click.option("-o", "--output", default="-", show_default=True, help="Where the Markdown goes; - is stdout.")
def rules_docs(output: str) -> None:
    """Write the rule catalogue as Markdown (docs/rules.md is made with this).

    \b
    Example:
      cleaner rules docs -o docs/rules.md
    """
    from cleaner.ruledocs import rules_markdown

    try:
        all_rules = Cleaner().all_rules
    except RuleError as exc:
        fail(str(exc), 2)
    write_output(output, rules_markdown(all_rules))
