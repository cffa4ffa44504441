"""``cleaner check FILES``: report what cleaning would change, without changing anything (for CI and editors)."""

from __future__ import annotations

import sys

import click

from cleaner.cli.common import make_cleaner
from cleaner.cli.options import config_options, encoding_option, paragraphs_option
from cleaner.io import InputError, read_input
from cleaner.pipeline import Config
from cleaner.report.check import FORMATS, findings, render, tally


@click.command("check")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: path:line:col: CODE message; json: a list of objects; github: workflow annotations.")
@paragraphs_option("The paragraph layout to check against (as clean).")
@encoding_option
@config_options
def check_command(files: tuple[str, ...], fmt: str, encoding: str | None, config: Config) -> None:
    """Report every edit and suspect cleaning FILE... would give, one per line; change nothing.

    Exit status: 0 when no file would change (suggestions and suspects are listed but do not
    count), 1 when some file would change, 2 on bad usage or a file that cannot be read.

    \b
    Examples:
      cleaner check docs/*.txt
      cleaner check scans/page.txt --format json
      cleaner check $(git ls-files '*.txt') --format github   # annotations in a GitHub workflow
    """
    cleaner = make_cleaner(config)
    everything = []
    changed = 0
    errors = 0
    for path in files:
        try:
            decoded = read_input(path, encoding)
        except InputError as exc:
            click.echo(f"cleaner: error: {exc}", err=True)
            errors += 1
            continue
        result = cleaner.clean(decoded.text)
        report = cleaner.report(result, path=path, decoded=decoded)
        items = findings(report, decoded.text, path)
        changed += any(item.kind == "edit" for item in items)
        everything.extend(items)
        if fmt != "json":
            click.echo(render(items, fmt), nl=False)
    if fmt == "json":
        click.echo(render(everything, fmt), nl=False)
    checked = len(files) - errors
    click.echo(tally(changed, checked, errors), err=True)
    if errors:
        sys.exit(2)
    sys.exit(1 if changed else 0)
