"""``cleaner eval``: score the cleaner against gold text (logic in :mod:`cleaner.evaluate`)."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from cleaner.cli_common import build_config, config_options, fail, make_cleaner
from cleaner.evaluate import Pair, Scores, evaluate, read_pairs
from cleaner.io import InputError, read_input


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


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def render(scores: Scores, top: int, console: Console) -> None:
    m, c = scores.metrics(), scores
    summary = Table(title="Scores against the gold", show_header=True)
    summary.add_column("level")
    summary.add_column("precision", justify="right")
    summary.add_column("recall", justify="right")
    summary.add_column("F1", justify="right")
    summary.add_column("counts", justify="left")
    summary.add_row("sentence detection", _pct(m["sentence_detection_precision"]), _pct(m["sentence_detection_recall"]),
                    _pct(m["sentence_detection_f1"]), f"{c.detected} detected / {c.changed} changed / {c.erroneous} with errors")
    summary.add_row("sentence correction", _pct(m["sentence_correction_precision"]), _pct(m["sentence_correction_recall"]),
                    _pct(m["sentence_correction_f1"]), f"{c.corrected} corrected")
    summary.add_row("character detection", _pct(m["char_detection_precision"]), _pct(m["char_detection_recall"]), "",
                    f"{c.detect_hits} hits / {c.system_items} edits / {c.gold_items} gold edits")
    summary.add_row("character correction", _pct(m["char_correction_precision"]), _pct(m["char_correction_recall"]), "",
                    f"{c.correct_hits} hits")
    console.print(summary)
    console.print(
        f"units: {c.units} ({c.erroneous} with errors)   CER before: {_pct(m['cer_before'])}   "
        f"after: {_pct(m['cer_after'])}   correct units changed: {c.correct_changed} of {c.units - c.erroneous} "
        f"({_pct(m['overcorrection_rate'])})   unscored layout edits: {c.layout_edits}"
        + (f", width-only edits: {c.width_edits}" if c.width_edits else "")
        + f"   suggestions not applied: {c.suggestions}"
    )
    if scores.rules:
        rules = Table(title="Per rule: applied edits that agree with the gold")
        for name, justify in (("rule", "left"), ("edits", "right"), ("agree", "right"), ("precision", "right"),
                              ("a disagreement (source → edit, gold)", "left")):
            rules.add_column(name, justify=justify)  # type: ignore[arg-type]
        for code, s in sorted(scores.rules.items()):
            example = f"{s.examples[0][0]!r} → {s.examples[0][1]!r}, gold {s.examples[0][2]!r}" if s.examples else ""
            rules.add_row(code, str(s.edits), str(s.agree), _pct(s.precision), example)
        console.print(rules)
    if scores.remaining and top:
        remaining = Table(title=f"Most frequent remaining errors (top {top})")
        remaining.add_column("output has")
        remaining.add_column("gold has")
        remaining.add_column("count", justify="right")
        for (have, gold), n in scores.remaining.most_common(top):
            remaining.add_row(repr(have), repr(gold), str(n))
        console.print(remaining)


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
                 profile: str, rule_files: tuple[str, ...], disable: tuple[str, ...], unsafe: bool) -> None:
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
    cleaner = make_cleaner(build_config(profile, rule_files, disable, unsafe))
    scores = evaluate(pairs, cleaner, sentences=documents, fold_width=fold_width)
    if as_json:
        click.echo(json.dumps(scores.to_dict(top), ensure_ascii=False, indent=2))
    else:
        render(scores, top, Console(highlight=False))
