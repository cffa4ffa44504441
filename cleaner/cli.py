"""The command line: thin click commands over :mod:`cleaner.api`.

Exit codes: 0 success; 1 bad input (a file that cannot be read or decoded,
a bad JSONL record) or failing rule examples; 2 bad usage or a bad rule pack.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from cleaner import __version__
from cleaner.api import get_cleaner
from cleaner.io import InputError, atomic_write, read_input, read_jsonl
from cleaner.pipeline import Cleaner, Config
from cleaner.report.diff import unified_diff
from cleaner.report.json_report import build_report, dumps
from cleaner.rules import RuleError, load_pack


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"cleaner: error: {message}", err=True)
    sys.exit(code)


def make_cleaner(config: Config) -> Cleaner:
    try:
        return get_cleaner(config)
    except RuleError as exc:
        fail(str(exc), 2)


def write_output(target: str, data: str) -> None:
    if target == "-":
        sys.stdout.write(data)
        sys.stdout.flush()
        return
    try:
        atomic_write(target, data)
    except InputError as exc:
        fail(str(exc))


def same_file(a: str, b: str) -> bool:
    if a == "-" or b == "-":
        return False
    pa, pb = Path(a), Path(b)
    try:
        return pa.resolve() == pb.resolve() or (pb.exists() and pa.exists() and pa.samefile(pb))
    except OSError:
        return False


def config_options(func: Any) -> Any:
    """The options every cleaning command shares."""
    func = click.option("--unsafe", is_flag=True, help="Also apply unsafe edits (otherwise they are suggestions).")(func)
    func = click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
                        help="An extra rule pack (TOML); repeatable.")(func)
    func = click.option("--disable", multiple=True, metavar="CODE", help="Turn off a rule by code; repeatable.")(func)
    func = click.option("--profile", default="default", show_default=True, help="Profile name or path.")(func)
    return func


def build_config(profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> Config:
    for path in rule_files:
        if not Path(path).is_file():
            fail(f"{path}: no such rule pack", 2)
    codes = frozenset(c.strip() for item in disable for c in item.split(",") if c.strip())
    return Config(profile=profile, rules=tuple(Path(p).resolve() for p in rule_files), disable=codes, unsafe=unsafe)


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
    """


@main.command()
@click.argument("input", metavar="INPUT|-")
@click.option("-o", "--output", default="-", show_default=True, help="Where the clean text goes; - is stdout.")
@click.option("--report", "report_path", help="Write the JSON report here.")
@click.option("--diff", "diff_path", help="Write a unified diff (hunks name their rules) here.")
@click.option("--jsonl", is_flag=True, help="INPUT is JSONL: clean each record's 'text', keep other fields, add 'edits' and 'suspects'.")
@click.option("--in-place", is_flag=True, help="Allow OUTPUT to be INPUT; the original is kept as INPUT.bak.")
@config_options
def clean(input: str, output: str, report_path: str | None, diff_path: str | None, jsonl: bool,
          in_place: bool, profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> None:
    """Clean INPUT (a file, or - for stdin) and write the clean text.

    \b
    Examples:
      cleaner clean seeds/report.txt -o out/report.txt --report out/report.json
      cleaner clean scan.txt --unsafe --disable LX05 --rules my-rules.toml
    """
    config = build_config(profile, rule_files, disable, unsafe)
    cleaner = make_cleaner(config)
    if same_file(input, output) and not in_place:
        fail(f"{output}: output is the input file; pass --in-place to overwrite it (a .bak copy is kept)", 2)
    if jsonl:
        clean_jsonl(cleaner, input, output)
        return
    try:
        decoded = read_input(input)
    except InputError as exc:
        fail(str(exc))
    result = cleaner.clean(decoded.text)
    for error in result.errors:
        click.echo(f"cleaner: warning: {input}: {error}", err=True)
    if same_file(input, output):
        shutil.copy2(input, input + ".bak")
    write_output(output, result.text)
    name = "stdin" if input == "-" else input
    if report_path:
        report = build_report(result, path=None if input == "-" else input, decoded=decoded,
                              profile=cleaner.profile, rules_hash=cleaner.rules_hash)
        write_output(report_path, dumps(report))
    if diff_path:
        write_output(diff_path, unified_diff(result.source, result.text, result.edits, name=Path(name).name))


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


@rules.command("test")
@click.argument("pack", required=False, type=click.Path(dir_okay=False))
def rules_test(pack: str | None) -> None:
    """Run every rule's fail and pass examples (of PACK, or of the default profile)."""
    from cleaner.ruletest import check_rule

    try:
        all_rules = load_pack(Path(pack)) if pack else Cleaner().all_rules
    except RuleError as exc:
        fail(str(exc), 2)
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


if __name__ != "__main__":  # under ``python -m`` the real module registers it (below)
    from cleaner.cli_batch import batch  # noqa: E402 - registered after main is defined

    main.add_command(batch)


if __name__ == "__main__":  # pragma: no cover
    from cleaner.cli import main as registered_main

    registered_main()
