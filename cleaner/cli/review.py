"""Review commands: ``cleaner report`` (HTML page, summary), ``cleaner apply`` (decisions), ``cleaner diff``.

Also :func:`write_review`, which ``cleaner clean --html/--summary`` shares.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from cleaner.cli.common import check_outputs, check_targets, fail, make_cleaner, write_output
from cleaner.cli.options import config_options, encoding_option
from cleaner.decisions import check_source, load_decisions, unmatched, with_decisions
from cleaner.io import InputError, read_input
from cleaner.pipeline import Config
from cleaner.report.json_report import dumps
from cleaner.review import load_report, looks_like_report, report_source
from cleaner.stats import Stats


def write_review(report: dict[str, Any], source: str, html_path: str | None, summary: bool, *, text_on_stdout: bool) -> None:
    """Write the HTML review page and/or print the Markdown summary (to stderr when stdout holds the text)."""
    if html_path:
        from cleaner.report.html import render_html

        write_output(html_path, render_html(report, source))
    if summary:
        from cleaner.report.summary import markdown_summary

        click.echo(markdown_summary(report, source), nl=False, err=text_on_stdout)


@click.command("report")
@click.argument("report_path", metavar="REPORT.json")
@click.option("--html", "html_path", help="Write the HTML review page here.")
@click.option("--summary", is_flag=True, help="Print a Markdown summary (the default when --html is not given).")
@click.option("--source", "source_path", help="The source text, if not at the path the report names.")
def report_command(report_path: str, html_path: str | None, summary: bool, source_path: str | None) -> None:
    """Render a saved report as an HTML review page or a Markdown summary.

    \b
    Examples:
      cleaner report out/report.json --html out/review.html
      cleaner report out/report.json --summary >> "$GITHUB_STEP_SUMMARY"
    """
    check_outputs([report_path, *([source_path] if source_path else [])], {"--html": html_path})
    try:
        report = load_report(report_path)
        decoded = report_source(report, report_path, source_path)
    except InputError as exc:
        fail(str(exc))
    write_review(report, decoded.text, html_path, summary or not html_path, text_on_stdout=False)


@click.command("apply")
@click.argument("source", metavar="SOURCE|-")
@click.option("--decisions", "decisions_path", required=True, help="decisions.json exported by the review page.")
@click.option("-o", "--output", default="-", show_default=True, help="Where the final text goes; - is stdout.")
@click.option("--report", "report_path", help="Write the JSON report of the re-run here.")
@click.option("--html", "html_path", help="Write the HTML review page of the re-run here.")
@click.option("--summary", is_flag=True, help="Print a Markdown summary (to stderr when the text goes to stdout).")
@config_options
def apply_command(source: str, decisions_path: str, output: str, report_path: str | None, html_path: str | None,
                  summary: bool, config: Config) -> None:
    """Clean SOURCE again, following a reviewer's decisions.

    Rejected edits are suppressed, accepted unsafe suggestions are applied. Decisions
    name an edit by rule and source span, so pass the same options (--rules, --disable,
    --profile) as the run that was reviewed.

    \b
    Example:
      cleaner apply scan.txt --decisions decisions.json -o final.txt --report final.json
    """
    check_outputs([source, decisions_path], {"-o": output, "--report": report_path, "--html": html_path})
    check_targets({"-o": output, "--report": report_path, "--html": html_path})
    try:
        decisions = load_decisions(decisions_path)
        decoded = read_input(source)
        check_source(decisions, decoded.text, sha256=decoded.sha256, name=source)
    except InputError as exc:
        fail(str(exc))
    config = with_decisions(config, decisions)
    cleaner = make_cleaner(config)
    result = cleaner.clean(decoded.text)
    for error in result.errors:
        click.echo(f"cleaner: warning: {source}: {error}", err=True)
    for problem in unmatched(decisions, result):
        click.echo(f"cleaner: warning: {decisions_path}: {problem}", err=True)
    write_output(output, result.text)
    if report_path or html_path or summary:
        report = cleaner.report(result, path=None if source == "-" else source, decoded=decoded)
        report["decisions"] = [d.to_dict() for d in decisions.decisions]
        if report_path:
            write_output(report_path, dumps(report))
        write_review(report, decoded.text, html_path, summary, text_on_stdout=output == "-")


@click.command("diff")
@click.argument("input", metavar="INPUT|REPORT.json")
@click.option("--stat", is_flag=True, help="Print a table of edits per rule instead of the changes.")
@click.option("--context", default=12, show_default=True, type=click.IntRange(0), help="Characters of context around changes.")
@click.option("--suggestions/--no-suggestions", default=True, show_default=True, help="Show unapplied suggestions.")
@click.option("--suspects/--no-suspects", default=True, show_default=True, help="Show suspects.")
@click.option("--separators/--no-separators", default=False, show_default=True,
              help="Show edits that only change the line breaks between paragraphs (hidden by default).")
@click.option("--color/--no-color", default=None,
              help="Force colour on or off (default: on for a terminal; NO_COLOR is honoured).")
@click.option("--source", "source_path", help="With a report: the source text, if not at the path the report names.")
@click.option("--exit-code", is_flag=True, help="Exit with 1 when there are changes (like git diff --exit-code).")
@encoding_option
@config_options
def diff_command(input: str, stat: bool, context: int, suggestions: bool, suspects: bool, separators: bool,
                 color: bool | None, source_path: str | None, exit_code: bool, encoding: str | None,
                 config: Config) -> None:
    """Show the changes of cleaning INPUT (or of a saved report) in colour, with rule codes.

    \b
    Examples:
      cleaner diff scan.txt | less -R
      cleaner diff out/report.json --stat
    """
    from rich.console import Console

    from cleaner.report.terminal import render_diff, stat_table, stat_tsv

    try:
        if looks_like_report(input):
            report = load_report(input)
            source = report_source(report, input, source_path).text
        else:
            cleaner = make_cleaner(config)
            decoded = read_input(input, encoding)
            result = cleaner.clean(decoded.text)
            report = cleaner.report(result, path=None if input == "-" else input, decoded=decoded)
            source = decoded.text
    except InputError as exc:
        fail(str(exc))
    console = Console(force_terminal=color or None, no_color=color is False, highlight=False)
    if stat and not console.is_terminal:
        click.echo(stat_tsv(report), nl=False)  # a pipe gets lines a program can split, never wrapped
    elif stat:
        console.print(stat_table(report))
    else:
        plain = color is False or not console.is_terminal or console.no_color
        _, hidden = render_diff(console, report, source, context=context, show_suggestions=suggestions,
                                show_suspects=suspects, show_separators=separators, plain=plain)
        if hidden:
            click.echo(f"cleaner: {hidden} paragraph-separator edit{'s' if hidden != 1 else ''} hidden; "
                       "--separators shows them", err=True)
    if exit_code and Stats.from_dict(report["stats"]).edits:
        sys.exit(1)
