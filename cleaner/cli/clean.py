"""``cleaner clean``: clean one document (text, JSONL, or an OCR file) and write its text and reports."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import click

from cleaner import profiling
from cleaner.batch import BatchOptions
from cleaner.cli.common import (
    backup_path,
    check_outputs,
    check_targets,
    fail,
    make_cleaner,
    output_stream,
    same_file,
    write_output,
)
from cleaner.cli.options import (
    config_inputs,
    config_options,
    encoding_option,
    paragraphs_option,
    parse_size,
    vocabulary_options,
)
from cleaner.formats import FORMAT_NAMES, SUFFIXES, clean_ocr, read_document
from cleaner.io import InputError
from cleaner.pipeline import Cleaner, Config
from cleaner.preload import preload
from cleaner.profiling import TimeProfile
from cleaner.records import clean_record, read_lines, record_config
from cleaner.report.diff import unified_diff
from cleaner.report.json_report import dumps
from cleaner.stream_clean import should_stream


@click.command()
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
@vocabulary_options
@paragraphs_option("Paragraph layout of the output: a blank line between paragraphs (the default for documents), "
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
def clean(input: str, output: str, report_path: str | None, diff_path: str | None, jsonl: bool, in_place: bool,
          html_path: str | None, summary: bool, text_field: str, max_input_size: str, memory_budget: str,
          input_format: str, output_format: str, encoding: str | None, profile_time: bool, config: Config) -> None:
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
    cleaner = make_cleaner(config)
    preload(cleaner)
    if profile_time:
        time_command()
    if in_place:
        output = in_place_target(input, output)
    check_outputs([input, *config_inputs()],
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
        report = cleaner.report(result, path=None if input == "-" else input, decoded=decoded)
        if ocr:
            ocr.locate(report)
    if report_path:
        write_output(report_path, dumps(report))
    if diff_path:
        write_output(diff_path, unified_diff(result.source, result.text, result.edits, name=Path(name).name))
    if html_path or summary:
        from cleaner.cli.review import write_review

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


