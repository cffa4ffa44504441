"""``cleaner learn``: turn corrected pairs into a rule pack (logic in :mod:`cleaner.learn`)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from cleaner.cli.common import check_outputs, fail, make_cleaner
from cleaner.evaluate import Pair, read_pairs
from cleaner.io import InputError, read_input
from cleaner.learn import learn, write_pack
from cleaner.model.learn_channel import write_channel_table
from cleaner.pipeline import Config
from cleaner.report.tables import learn_tally, learned_rules_line, learned_table
from cleaner.rules import RuleError


@click.command("learn")
@click.argument("files", nargs=-1, metavar="[NOISY GOLD]", type=click.Path(dir_okay=False))
@click.option("--pairs", "pairs_file", type=click.Path(dir_okay=False), help="Learn from a noisy<TAB>correct file instead.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The rule pack to write (TOML).")
@click.option("--channel", "channel_path", type=click.Path(dir_okay=False),
              help="Also (or only) write the character substitutions as a channel table for the language model's "
                   "look-alike rule (use it with cleaner clean --channel).")
@click.option("--min-support", default=2, show_default=True, help="Keep a pair only if this many errors need it.")
@click.option("--max-context", default=3, show_default=True, help="Characters of context a pair may add per side.")
@click.option("--code-start", default=90, show_default=True, help="First rule number to try (LX90, LY90, ...).")
@click.option("--safety", type=click.Choice(["safe", "unsafe", "flag"]), default="unsafe", show_default=True,
              help="Safety of the learned rules: unsafe (suggestions, applied with --unsafe), since learned pairs "
                   "include guesses; safe once you have reviewed them.")
@click.option("--no-lexicon", is_flag=True, help="Do not reject pairs whose text reads as dictionary words.")
@click.option("--profile", default="default", show_default=True, help="Profile whose rule codes must not clash.")
@click.option("--top", default=20, show_default=True, help="How many learned pairs to list.")
def learn_command(files: tuple[str, ...], pairs_file: str | None, output: str | None, channel_path: str | None,
                  min_support: int, max_context: int,
                  code_start: int, safety: str, no_lexicon: bool, profile: str, top: int) -> None:
    """Learn literal correction rules from NOISY and its corrected GOLD (or --pairs FILE).

    Each correction becomes a pair 'wrong text -> right text' with just enough
    context that it never changes any correct text of the gold; pairs are ranked
    by how many errors they fix. The pack passes 'cleaner rules test'.

    \b
    Examples:
      cleaner learn scan.txt corrected.txt -o rules/learned.toml
      cleaner learn --pairs corrections.tsv -o learned.toml --min-support 1
      cleaner clean next-scan.txt --rules learned.toml
      cleaner learn scan.txt corrected.txt --channel my-ocr.tsv
      cleaner clean next-scan.txt --channel my-ocr.tsv
    """
    if (pairs_file and files) or (not pairs_file and len(files) != 2):
        fail("give NOISY and GOLD, or --pairs FILE", 2)
    if not output and not channel_path:
        fail("give -o PACK.toml, --channel TABLE.tsv, or both", 2)
    check_outputs([*files, *([pairs_file] if pairs_file else [])], {"-o": output, "--channel": channel_path})
    if min_support < 1 or max_context < 0 or not 0 <= code_start <= 99:
        fail("--min-support must be at least 1, --max-context at least 0, --code-start 0..99", 2)
    try:
        if pairs_file:
            pairs, origin = read_pairs(pairs_file), Path(pairs_file).name
        else:
            pairs = [Pair(read_input(files[0]).text, read_input(files[1]).text, files[0])]
            origin = f"{Path(files[0]).name} and {Path(files[1]).name}"
    except InputError as exc:
        fail(str(exc))
    console = Console(stderr=True, highlight=False)
    if channel_path:
        rows = write_channel_table(pairs, Path(channel_path), origin)
        console.print(f"{rows} channel pairs written to {channel_path}" if rows else
                      f"no character substitutions found; {channel_path} not written")
    if not output:
        return
    taken = {rule.code for rule in make_cleaner(Config(profile=profile)).all_rules}
    report = learn(pairs, min_support=min_support, max_context=max_context, lexicon=not no_lexicon)
    try:
        rules = write_pack(report, Path(output), taken=taken, start=code_start, safety=safety, origin=origin)
    except (ValueError, RuleError) as exc:
        fail(str(exc), 2)
    console.print(learn_tally(report, min_support))
    if not rules:
        fail(f"nothing learned; {output} not written")
    console.print(learned_table(report, top, output))
    console.print(learned_rules_line(rules))
