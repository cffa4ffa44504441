"""``cleaner corpus-stats``: rare variants of frequent phrases across a batch (logic in :mod:`cleaner.corpus`)."""

from __future__ import annotations

import json

import click
from rich.console import Console

from cleaner.cli.common import fail
from cleaner.corpus import phrase_suspects
from cleaner.io import InputError, read_input
from cleaner.report.tables import suspects_table


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@click.command("corpus-stats")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--n", "n", default=4, show_default=True, help="Length of the phrases compared (3 or more characters).")
@click.option("--min-frequent", default=5, show_default=True, help="How often a phrase must occur to count as the truth.")
@click.option("--max-rare", default=1, show_default=True, help="How often a variant may occur and still be a suspect.")
@click.option("--min-ratio", default=5.0, show_default=True, help="How many times more frequent the phrase must be.")
@click.option("--no-lexicon", is_flag=True, help="Also flag variants that do not break a dictionary word.")
@click.option("--json", "as_json", is_flag=True, help="Print the suspects as JSON.")
def corpus_stats(files: tuple[str, ...], n: int, min_frequent: int, max_rare: int, min_ratio: float,
                 no_lexicon: bool, as_json: bool) -> None:
    """Flag rare one-character variants of phrases that are frequent across FILES.

    OCR errors are rare and the true text repeats: in a batch where 社会治理 occurs
    16 times, a single 社会冶理 is a suspect. Nothing is changed; review the list.

    \b
    Examples:
      cleaner corpus-stats reports/*.txt
      cleaner corpus-stats reports/*.txt --min-frequent 10 --json > suspects.json
    """
    if n < 3:
        fail("--n must be at least 3", 2)
    texts = []
    for path in files:
        try:
            texts.append(read_input(path).text)
        except InputError as exc:
            fail(str(exc))
    suspects = phrase_suspects(texts, n=n, min_frequent=min_frequent, max_rare=max_rare, min_ratio=min_ratio,
                               lexicon=not no_lexicon)
    rows = []
    for s in suspects:
        line, column = line_and_column(texts[s.doc], s.position)
        rows.append({"path": files[s.doc], "line": line, "column": column, **s.to_dict()})
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    Console(highlight=False).print(suspects_table(rows, len(files), sum(map(len, texts))))
