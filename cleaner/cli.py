"""The command line: thin click commands over :mod:`cleaner.api`.

Exit codes: 0 success; 1 bad input (a file that cannot be read or decoded,
a bad JSONL record) or failing rule examples; 2 bad usage or a bad rule pack.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from pathlib import Path

import click

from cleaner import __version__, profiling
from cleaner.batch import BatchOptions
from cleaner.cli_batch import batch, parse_size
from cleaner.cli_check import check_command
from cleaner.cli_common import (
    Group,
    backup_path,
    build_config,
    check_outputs,
    check_targets,
    config_options,
    encoding_option,
    fail,
    make_cleaner,
    output_stream,
    same_file,
    write_output,
)
from cleaner.cli_corpus import corpus_stats
from cleaner.cli_eval import eval_command
from cleaner.cli_learn import learn_command
from cleaner.cli_review import apply_command, diff_command, report_command
from cleaner.formats import FORMAT_NAMES, SUFFIXES, clean_ocr, read_document
from cleaner.io import InputError
from cleaner.kinds.variants import CONVERSIONS
from cleaner.model.channel import load_channel_table
from cleaner.pipeline import PARAGRAPH_LAYOUTS, Cleaner, Config, load_protect_terms
from cleaner.preload import preload
from cleaner.profiling import TimeProfile
from cleaner.records import clean_record, read_lines, record_config
from cleaner.report.diff import unified_diff
from cleaner.report.json_report import build_report, dumps
from cleaner.rules import Rule, RuleError, load_pack
from cleaner.stream_clean import should_stream


def print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``cleaner --version``: the version, and which language model is loaded (or why none is)."""
    if not value or ctx.resilient_parsing:
        return
    from cleaner.model.lm import model_status

    click.echo(f"cleaner, version {__version__}")
    click.echo(model_status())
    ctx.exit()


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=print_version,
              help="Show the version and the language model, and exit.")
def main() -> None:
    """Clean OCR'd Chinese documents with readable rules, and report every change.

    \b
    Examples:
      cleaner clean scan.txt -o clean.txt --report report.json --diff changes.patch
      cat scan.txt | cleaner clean - > clean.txt
      cleaner clean --jsonl pages.jsonl -o pages.clean.jsonl
      cleaner clean scan.txt --in-place
      cleaner check docs/*.txt --format github
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
@click.option("--jsonl", is_flag=True,
              help="INPUT is JSONL: clean each record's 'text', keep other fields, add 'edits' and 'suspects'.")
@click.option("--in-place", is_flag=True,
              help="Edit INPUT itself (as sed -i does); the original is kept as INPUT.bak (INPUT.bak.1 ... when that exists).")
@click.option("--html", "html_path", help="Write the HTML review page (one offline file) here.")
@click.option("--summary", is_flag=True, help="Print a Markdown summary (to stderr when the text goes to stdout).")
@click.option("--convert", type=click.Choice(CONVERSIONS), help="Convert with OpenCC (t2s: traditional to simplified, ...).")
@click.option("--protect", "protect_path", type=click.Path(dir_okay=False),
              help="A file of terms (one a line) inside which no rule may edit.")
@click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False),
              help="A file of your words (one a line: names, places, terms) that the language model's rules leave alone.")
@click.option("--channel", "channel_paths", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="A channel table learned by 'cleaner learn --channel' "
                   "(which characters your OCR reads for which); repeatable.")
@click.option("--paragraphs", type=click.Choice(PARAGRAPH_LAYOUTS),
              help="Paragraph layout of the output: a blank line between paragraphs (the default for documents), "
                   "one paragraph per line (for NLP tools), or keep the input's own (the default for --jsonl records).")
@click.option("--text-field", default="text", show_default=True, help="With --jsonl: the field that holds a record's text.")
@click.option("--max-input-size", default="2GB", show_default=True,
              help="Refuse more than this from standard input (INPUT -).")
@click.option("--memory-budget", default="64MB", show_default=True,
              help="A file too big to clean whole within this is streamed in paragraph-bounded chunks, as batch does.")
@click.option("--format", "input_format", type=click.Choice(["auto", *FORMAT_NAMES]), default="auto", show_default=True,
              help="INPUT's format; auto: by extension (.hocr, .html, .xml by its root element, .json by its shape).")
@click.option("--output-format", type=click.Choice(["auto", "same", "text"]), default="auto", show_default=True,
              help="For an OCR file: write the same format, or the clean text; auto: text when OUTPUT ends in .txt.")
@encoding_option
@click.option("--profile-time", is_flag=True,
              help="Print to stderr where the time went: CPU seconds per stage and per rule, slowest first.")
@config_options
def clean(input: str, output: str, report_path: str | None, diff_path: str | None, jsonl: bool,
          in_place: bool, html_path: str | None, summary: bool, convert: str | None, protect_path: str | None,
          lexicon_path: str | None, channel_paths: tuple[str, ...], paragraphs: str | None, text_field: str,
          max_input_size: str, memory_budget: str, input_format: str, output_format: str, encoding: str | None,
          profile_time: bool, profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> None:
    """Clean INPUT (a file, or - for stdin) and write the clean text.

    \b
    Examples:
      cleaner clean seeds/report.txt -o out/report.txt --report out/report.json
      cleaner clean scan.txt --unsafe --disable LX05 --rules my-rules.toml
      cleaner clean big5-scan.txt --convert t2s --protect names.txt
      cleaner clean scan.txt --paragraphs line -o corpus.txt
      cleaner clean scan.txt --lexicon my-words.txt --channel my-ocr.tsv
      cleaner clean gbk-scan.txt --encoding gbk --in-place
      cleaner clean --jsonl pages.jsonl.gz --text-field content -o clean.jsonl.gz
      cleaner clean scan.hocr -o clean.hocr --report report.json   # also .xml (ALTO, PAGE), .json (PaddleOCR)
      cleaner clean scan.hocr -o clean.txt
    """
    config = build_config(profile, rule_files, disable, unsafe)
    try:
        protect = load_protect_terms(protect_path) if protect_path else frozenset()
        lexicon = load_protect_terms(lexicon_path) if lexicon_path else frozenset()
        for path in channel_paths:
            load_channel_table(Path(path))  # a bad table is a usage error here, not a crash later
    except RuleError as exc:
        fail(str(exc), 2)
    config = dataclasses.replace(config, convert=convert, protect=protect, lexicon=lexicon, paragraphs=paragraphs,
                                 channel=tuple(Path(p).resolve() for p in channel_paths))
    cleaner = make_cleaner(config)
    preload(cleaner)
    if profile_time:
        time_command()
    if in_place:
        output = in_place_target(input, output)
    check_outputs([input, *([protect_path] if protect_path else []), *rule_files],
                  {"-o": output, "--report": report_path, "--diff": diff_path, "--html": html_path}, in_place)
    check_targets({"-o": output, "--report": report_path, "--diff": diff_path, "--html": html_path})
    if jsonl:
        if html_path or summary:
            fail("--html and --summary work on one document, not with --jsonl", 2)
        backup = keep_backup(input) if in_place else None
        clean_jsonl(make_cleaner(record_config(config)), input, output, text_field)
        if backup:
            click.echo(f"cleaner: {input} edited in place; the original is {backup}", err=True)
        return
    budget = BatchOptions(Path("."), config, memory_budget=parse_size(memory_budget))
    plain = input_format == "text" or (input_format == "auto" and Path(input).suffix.lower() not in SUFFIXES)
    if plain and not (diff_path or html_path or summary) and should_stream(input, budget):
        clean_large_file(input, output, report_path, config, budget.memory_budget, encoding, in_place)
        return
    try:
        decoded, document = read_document(input, input_format, encoding, max_stdin=parse_size(max_input_size))
    except InputError as exc:
        fail(str(exc))
    ocr = clean_ocr(cleaner, document) if document else None
    result = ocr.result if ocr else cleaner.clean(decoded.text)
    for error in result.errors:
        click.echo(f"cleaner: warning: {input}: {error}", err=True)
    if in_place:
        click.echo(f"cleaner: {input} edited in place; the original is {keep_backup(input)}", err=True)
    if ocr and (output_format == "same" or (output_format == "auto" and not output.lower().endswith(".txt"))):
        write_output(output, ocr.render())
    else:
        write_output(output, result.text)
    name = "stdin" if input == "-" else input
    if report_path or html_path or summary:
        report = build_report(result, path=None if input == "-" else input, decoded=decoded,
                              profile=cleaner.profile, rules_hash=cleaner.rules_hash, rules=cleaner.all_rules)
        if ocr:
            ocr.locate(report)
    if report_path:
        write_output(report_path, dumps(report))
    if diff_path:
        write_output(diff_path, unified_diff(result.source, result.text, result.edits, name=Path(name).name))
    if html_path or summary:
        from cleaner.cli_review import write_review

        write_review(report, result.source, html_path, summary, text_on_stdout=output == "-")


def time_command() -> None:
    """Collect the rule times of every cleaner for the rest of the command, print them when it ends."""
    timing = profiling.current = TimeProfile()

    def report() -> None:
        profiling.current = None
        click.echo(timing.table(), err=True, nl=False)

    click.get_current_context().call_on_close(report)


def clean_large_file(input: str, output: str, report_path: str | None, config: Config, memory_budget: int,
                     encoding: str | None, in_place: bool) -> None:
    """Stream a file too big to clean whole (the text and report batch would write)."""
    from cleaner.stream_clean import clean_streamed

    backup = keep_backup(input) if in_place else None
    try:
        entry = clean_streamed(input, output, report_path, config, memory_budget, encoding)
    except InputError as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"{'standard output' if output == '-' else output}: cannot write: {exc.strerror or exc}")
    for error in entry.get("errors", []):
        click.echo(f"cleaner: warning: {input}: {error}", err=True)
    if backup:
        click.echo(f"cleaner: {input} edited in place; the original is {backup}", err=True)


def keep_backup(input: str) -> str:
    """Copy INPUT to its first free backup name before it is edited in place; return that name."""
    backup = backup_path(input)
    try:
        shutil.copy2(input, backup)
    except OSError as exc:
        fail(f"{backup}: cannot keep a backup, so {input} was not edited: {exc.strerror or exc}")
    return backup


def in_place_target(input: str, output: str) -> str:
    """The file ``--in-place`` edits: INPUT itself; standard input or another ``-o`` is a usage error."""
    if input == "-":
        fail("--in-place edits a file; standard input has none to edit", 2)
    if output != "-" and not same_file(input, output):
        fail(f"--in-place edits {input} itself; it cannot go with -o {output}", 2)
    return input


def clean_jsonl(cleaner: Cleaner, input: str, output: str, text_field: str) -> None:
    """Clean each record; a bad record passes through unchanged and is reported (exit status 1)."""
    failures = 0
    with output_stream(output) as sink:
        try:
            for number, raw in read_lines(input):
                outcome = clean_record(cleaner, raw, number, input, text_field, inline=True)
                sink.write(outcome.output)
                if outcome.failure:
                    failures += 1
                    click.echo(f"cleaner: bad record, passed through unchanged: {outcome.failure}", err=True)
                for error in outcome.errors:
                    click.echo(f"cleaner: warning: {input}: {error}", err=True)
        except InputError as exc:
            fail(str(exc))
    if failures:
        sys.exit(1)


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
        conf = f"  (OCR confidence {example.confidence})" if example.confidence else ""
        click.echo(f"  {example.text!r}{conf}\n    -> {example.fix!r}")
    click.echo("Passes (stays unchanged):")
    for text in rule.passes:
        conf = f"  (OCR confidence {rule.pass_confidence[text]})" if rule.pass_confidence.get(text) else ""
        click.echo(f"  {text!r}{conf}")


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


for command in (batch, check_command, report_command, apply_command, diff_command, eval_command, learn_command,
                corpus_stats):
    main.add_command(command)
