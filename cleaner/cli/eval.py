"""``cleaner eval``: score the cleaner against gold text (logic in :mod:`cleaner.evaluate`)."""

from __future__ import annotations

import json

import click
from rich.console import Console

from cleaner.cli.common import fail, make_cleaner
from cleaner.cli.options import config_options
from cleaner.evaluate import Pair, evaluate, read_pairs
from cleaner.io import InputError, read_input
from cleaner.pipeline import Config
from cleaner.report.tables import print_scores


def load_pairs(pairs_file: str | None, noisy: str | None, gold: str | None) -> tuple[list[Pair], bool]:
    """The pairs to score, and whether they are whole documents (scored per gold sentence)."""
    if pairs_file and (noisy or gold):
        fail("give either PAIRS or --noisy and --gold, not both", 2)
    try:
        if pairs_file:
            return read_pairs(pairs_file), False
        if noisy and gold:
            return [Pair(read_input(noisy).text, read_input(gold).text, noisy)], True
    except InputError as exc:
        fail(str(exc))
    fail("give a PAIRS file (noisy<TAB>correct per line) or both --noisy FILE and --gold FILE", 2)


@click.command("eval")
@click.argument("pairs_file", metavar="[PAIRS]", required=False, type=click.Path(dir_okay=False))
@click.option("--noisy", type=click.Path(dir_okay=False), help="A noisy document (with --gold).")
@click.option("--gold", type=click.Path(dir_okay=False), help="The corrected version of --noisy.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--top", default=15, show_default=True, help="How many remaining errors to list.")
@click.option("--fold-width", is_flag=True,
              help="Count half-width , ; : ? ! ( ) as full-width (for gold files that keep half-width marks).")
@config_options
def eval_command(pairs_file: str | None, noisy: str | None, gold: str | None, as_json: bool, top: int, fold_width: bool,
                 config: Config) -> None:
    """Clean noisy text and score the result against its gold.

    PAIRS has one 'noisy<TAB>correct' line per independent document; or give a
    document and its gold with --noisy and --gold (scored per gold sentence).
    Texts are compared after layout normalisation: edge whitespace of lines,
    blank lines and the final line break do not count.

    \b
    Examples:
      cleaner eval pairs.tsv
      cleaner eval pairs.tsv --unsafe --rules rules/learned.toml --json
      cleaner eval --noisy scan.txt --gold corrected.txt
    """
    pairs, documents = load_pairs(pairs_file, noisy, gold)
    cleaner = make_cleaner(config)
    scores = evaluate(pairs, cleaner, sentences=documents, fold_width=fold_width)
    if as_json:
        click.echo(json.dumps(scores.to_dict(top), ensure_ascii=False, indent=2))
    else:
        print_scores(scores, top, Console(highlight=False))
