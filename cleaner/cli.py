"""The command line: thin click commands over :mod:`cleaner.api`.

Exit codes: 0 success; 1 bad input (a file that cannot be read or decoded,
a bad JSONL record) or failing rule examples; 2 bad usage or a bad rule pack.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from cleaner import __version__
from cleaner.cli_batch import batch
from cleaner.cli_common import build_config, config_options, fail, make_cleaner, same_file, write_output
from cleaner.cli_corpus import corpus_stats
from cleaner.cli_eval import eval_command
from cleaner.cli_learn import learn_command
from cleaner.cli_review import apply_command, diff_command, report_command
from cleaner.io import InputError, read_input, read_jsonl
from cleaner.kinds.variants import CONVERSIONS
from cleaner.pipeline import Cleaner, load_protect_terms
from cleaner.profiling import TimeProfile
from cleaner.report.diff import unified_diff
from cleaner.report.json_report import build_report, dumps
from cleaner.rules import Rule, RuleError, load_pack


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cleaner")
def main() -> None:
    """Clean OCR'd Chinese documents with readable rules, and report every change.

    \b
    Examples:
      cleaner clean scan.txt -o clean.txt --report report.json --diff changes.patch
      cat scan.txt | cleaner clean - > clean.txt
      cleaner clean --jsonl pages.jsonl -o pages.clean.jsonl
      cleaner rules list
      cleaner rules show LY01
      cleaner clean scan.txt -o clean.txt --html review.html --summary
      cleaner diff scan.txt
      cleaner apply scan.txt --decisions decisions.json -o final.txt
    """


@main.command()
@click.argument("input", metavar="INPUT|-")
@click.option("-o", "--output", default="-", show_default=True, help="Where the clean text goes; - is stdout.")
@click.option("--report", "report_path", help="Write the JSON report here.")
@click.option("--diff", "diff_path", help="Write a unified diff (hunks name their rules) here.")
@click.option("--jsonl", is_flag=True, help="INPUT is JSONL: clean each record's 'text', keep other fields, add 'edits' and 'suspects'.")
@click.option("--in-place", is_flag=True, help="Allow OUTPUT to be INPUT; the original is kept as INPUT.bak.")
@click.option("--html", "html_path", help="Write the HTML review page (one offline file) here.")
@click.option("--summary", is_flag=True, help="Print a Markdown summary (to stderr when the text goes to stdout).")
@click.option("--convert", type=click.Choice(CONVERSIONS), help="Convert with OpenCC (t2s: traditional to simplified, ...).")
@click.option("--protect", "protect_path", type=click.Path(dir_okay=False),
              help="A file of terms (one a line) inside which no rule may edit.")
@click.option("--paragraphs", type=click.Choice(["blank", "line"]), default="blank", show_default=True,
              help="Paragraph layout of the output: a blank line between paragraphs, or one paragraph per line (for NLP tools).")
@click.option("--profile-time", is_flag=True,
              help="Print to stderr where the time went: seconds per stage and per rule, slowest first.")
@config_options
def clean(input: str, output: str, report_path: str | None, diff_path: str | None, jsonl: bool,
          in_place: bool, html_path: str | None, summary: bool, convert: str | None, protect_path: str | None,
          paragraphs: str, profile_time: bool, profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...],
          unsafe: bool) -> None:
    """Clean INPUT (a file, or - for stdin) and write the clean text.

    \b
    Examples:
      cleaner clean seeds/report.txt -o out/report.txt --report out/report.json
      cleaner clean scan.txt --unsafe --disable LX05 --rules my-rules.toml
      cleaner clean big5-scan.txt --convert t2s --protect names.txt
      cleaner clean scan.txt --paragraphs line -o corpus.txt
    """
    config = build_config(profile, rule_files, disable, unsafe)
    try:
        protect = load_protect_terms(protect_path) if protect_path else frozenset()
    except RuleError as exc:
        fail(str(exc), 2)
    config = dataclasses.replace(config, convert=convert, protect=protect, paragraphs=paragraphs)
    cleaner = make_cleaner(config)
    timing = cleaner.timing = TimeProfile() if profile_time else None
    _clean(cleaner, input, output, report_path, diff_path, jsonl, in_place, html_path, summary)
    if timing is not None:  # the first document's rule times include loading the lexicon
        click.echo(timing.table(), err=True, nl=False)
        cleaner.timing = None


def _clean(cleaner: Cleaner, input: str, output: str, report_path: str | None, diff_path: str | None, jsonl: bool,
           in_place: bool, html_path: str | None, summary: bool) -> None:
    step = cleaner.timing.step if cleaner.timing is not None else _untimed
    if same_file(input, output) and not in_place:
        fail(f"{output}: output is the input file; pass --in-place to overwrite it (a .bak copy is kept)", 2)
    if jsonl:
        if html_path or summary:
            fail("--html and --summary work on one document, not with --jsonl", 2)
        clean_jsonl(cleaner, input, output)
        return
    try:
        with step("read and decode"):
            decoded = read_input(input)
    except InputError as exc:
        fail(str(exc))
    result = cleaner.clean(decoded.text)
    for error in result.errors:
        click.echo(f"cleaner: warning: {input}: {error}", err=True)
    if same_file(input, output):
        shutil.copy2(input, input + ".bak")
    with step("write text"):
        write_output(output, result.text)
    name = "stdin" if input == "-" else input
    if report_path or html_path or summary:
        with step("report (build)"):
            report = build_report(result, path=None if input == "-" else input, decoded=decoded,
                                  profile=cleaner.profile, rules_hash=cleaner.rules_hash, rules=cleaner.all_rules)
    if report_path:
        with step("report (JSON, write)"):
            write_output(report_path, dumps(report))
    if diff_path:
        with step("diff"):
            write_output(diff_path, unified_diff(result.source, result.text, result.edits, name=Path(name).name))
    if html_path or summary:
        from cleaner.cli_review import write_review

        write_review(report, result.source, html_path, summary, text_on_stdout=output == "-")


@contextmanager
def _untimed(name: str) -> Iterator[None]:
    yield


def clean_jsonl(cleaner: Cleaner, input: str, output: str) -> None:
    lines = []
    try:
        for _, record in read_jsonl(input):
            result = cleaner.clean(record["text"])
            record["text"] = result.text
            record["edits"] = [e.to_dict() for e in result.edits]
            record["suspects"] = [s.to_dict() for s in result.suspects]
            lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{input}: cannot read: {exc.strerror}")
    write_output(output, "".join(lines))


@main.group()
def rules() -> None:
    """List, show and test the rules."""


@rules.command("list")
@config_options
def rules_list(profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> None:
    """List every rule: code, stage, safety, name."""
    cleaner = make_cleaner(build_config(profile, rule_files, disable, unsafe))
    for rule in cleaner.all_rules:
        off = "  (disabled)" if rule.code in cleaner.config.disable else ""
        click.echo(f"{rule.code}  {rule.stage:<10}  {rule.safety:<6}  {rule.name}{off}")


@rules.command("show")
@click.argument("code")
@config_options
def rules_show(code: str, profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> None:
    """Show one rule with its description and examples."""
    cleaner = make_cleaner(build_config(profile, rule_files, disable, unsafe))
    try:
        rule = cleaner.rule(code.upper())
    except RuleError as exc:
        fail(str(exc), 2)
    click.echo(f"{rule.code}  {rule.name}")
    click.echo(f"stage: {rule.stage}   kind: {rule.kind}   safety: {rule.safety}   defined at: {rule.where}")
    click.echo("")
    click.echo(rule.description)
    click.echo("")
    click.echo("Fails on (text -> fix):")
    for example in rule.fail:
        click.echo(f"  {example.text!r}\n    -> {example.fix!r}")
    click.echo("Passes (stays unchanged):")
    for text in rule.passes:
        click.echo(f"  {text!r}")


def pack_rules(pack: str | None) -> list[Rule]:
    """The rules of ``pack``, or of the default profile; a bad pack ends the command."""
    try:
        return load_pack(Path(pack)) if pack else Cleaner().all_rules
    except RuleError as exc:
        fail(str(exc), 2)


@rules.command("test")
@click.argument("pack", required=False, type=click.Path(dir_okay=False))
def rules_test(pack: str | None) -> None:
    """Run every rule's fail and pass examples (of PACK, or of the default profile)."""
    from cleaner.ruletest import check_rule

    all_rules = pack_rules(pack)
    failures = []
    for rule in all_rules:
        try:
            failures.extend(check_rule(rule))
        except RuleError as exc:
            fail(str(exc), 2)
    examples = sum(len(r.fail) + len(r.passes) for r in all_rules)
    for failure in failures:
        click.echo(f"FAIL {failure}")
    click.echo(f"{len(all_rules)} rules, {examples} examples: {examples - len(failures)} passed, {len(failures)} failed")
    if failures:
        sys.exit(1)


@rules.command("lint")
@click.argument("pack", required=False, type=click.Path(dir_okay=False))
def rules_lint(pack: str | None) -> None:
    """Find patterns that backtrack catastrophically (of PACK, or of the default profile)."""
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
    """Write the rule catalogue as Markdown (docs/rules.md is made with this)."""
    from cleaner.ruledocs import rules_markdown

    try:
        all_rules = Cleaner().all_rules
    except RuleError as exc:
        fail(str(exc), 2)
    write_output(output, rules_markdown(all_rules))


for command in (batch, report_command, apply_command, diff_command, eval_command, learn_command, corpus_stats):
    main.add_command(command)
