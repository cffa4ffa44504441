"""The command line: thin click commands over :mod:`cleaner.api`, one module per command group.

=================  ==========================================================
module             commands
=================  ==========================================================
``clean``          ``cleaner clean`` (a document, a JSONL file, an OCR file)
``check``          ``cleaner check`` (what cleaning would change, for CI)
``batch``          ``cleaner batch`` (files and directories into a directory)
``review``         ``cleaner report``, ``cleaner apply``, ``cleaner diff``
``rules``          ``cleaner rules list|show|test|lint|docs``
``eval``           ``cleaner eval`` (scores against gold text)
``learn``          ``cleaner learn`` (a rule pack from corrected pairs)
``corpus``         ``cleaner corpus-stats`` (rare variants across files)
``options``        the options that build a :class:`~cleaner.pipeline.Config`
``common``         the group, one-line errors, writing outputs safely
=================  ==========================================================

What the commands print is rendered in :mod:`cleaner.report`.

Exit codes: 0 success; 1 bad input (a file that cannot be read or decoded,
a bad JSONL record) or failing rule examples; 2 bad usage or a bad rule pack.
"""

from __future__ import annotations

import click

from cleaner import __version__
from cleaner.cli.batch import batch
from cleaner.cli.check import check_command
from cleaner.cli.clean import clean
from cleaner.cli.common import Group
from cleaner.cli.corpus import corpus_stats
from cleaner.cli.eval import eval_command
from cleaner.cli.learn import learn_command
from cleaner.cli.review import apply_command, diff_command, report_command
from cleaner.cli.rules import rules

__all__ = ["main"]


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


for command in (clean, rules, batch, check_command, report_command, apply_command, diff_command, eval_command,
                learn_command, corpus_stats):
    main.add_command(command)
