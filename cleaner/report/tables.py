"""The rich tables the commands print: eval's scores, batch's summary, learn's pairs, corpus-stats' suspects."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # for the annotations only: the renderers need none of these modules to run
    from cleaner.evaluate import Scores
    from cleaner.learn import LearnReport
    from cleaner.rules import Rule


def summary_table(summary: dict[str, Any], names: dict[str, str] | None = None) -> Table:
    """``cleaner batch``: the batch summary (files, characters, edits, time) and the edits and suspects per rule."""
    table = Table(title="cleaner batch", show_header=True, header_style="bold")
    table.add_column("", style="bold")
    table.add_column("count", justify="right")
    for label, value in (
        ("files", summary["units"]),
        ("documents", summary["documents"]),
        ("characters in", summary["chars_in"]),
        ("characters out", summary["chars_out"]),
        ("edits", summary["edits"]),
        ("suggestions", summary["suggestions"]),
        ("suspects", summary["suspects"]),
        ("failures", summary["failed"]),
        ("resumed (skipped)", summary["resumed"]),
        ("seconds", f"{summary['seconds']:.2f}"),
        ("characters per second", f"{summary['chars_per_second']:,}"),
    ):
        table.add_row(label, f"{value:,}" if isinstance(value, int) else str(value))
    names = names or {}
    for code, count in summary["per_rule"].items():
        table.add_row(f"  edits {code} {names.get(code, '')}", f"{count:,}")
    for code, count in summary["suspects_per_rule"].items():
        table.add_row(f"  suspects {code} {names.get(code, '')}", f"{count:,}")
    return table


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.2f}%"


def print_scores(scores: Scores, top: int, console: Console) -> None:
    """``cleaner eval``: the scores per level, the counts, the precision per rule, the errors left."""
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


def learn_tally(report: LearnReport, min_support: int) -> str:
    """``cleaner learn``: how many error sites the learned pairs cover, and why the others are not."""
    covered = sum(x.support for x in report.learned)
    return (f"{report.sites} error sites: {covered} covered by {len(report.learned)} pairs; "
            f"{report.without_safe_candidate} without a safe pair, {report.below_support} below --min-support "
            f"{min_support}, {report.dropped_by_examples} pairs dropped because their examples failed")


def learned_table(report: LearnReport, top: int, output: str) -> Table:
    """``cleaner learn``: the learned pairs, most support first."""
    table = Table(title=f"Learned pairs (top {min(top, len(report.learned))} of {len(report.learned)}), written to {output}")
    for name in ("support", "type", "wrong", "right"):
        table.add_column(name)
    for item in report.learned[:top]:
        table.add_row(str(item.support), item.type, item.before, item.after)
    return table


def learned_rules_line(rules: list[Rule]) -> str:
    """``cleaner learn``: the rules written, with how many pairs each holds."""
    sizes = {r.code: f"{len(r.params['pairs'])} pairs" if "pairs" in r.params else "a pattern" for r in rules}
    return "rules: " + ", ".join(f"{r.code} {r.name} ({sizes[r.code]})" for r in rules)


def suspects_table(rows: list[dict[str, Any]], files: int, chars: int) -> Table:
    """``cleaner corpus-stats``: each rare variant where it is, beside the frequent phrase it varies."""
    table = Table(title=f"{len(rows)} rare variants of frequent phrases in {files} files ({chars} characters)")
    table.add_column("where", overflow="fold")
    for name in ("variant", "seen", "phrase", "seen "):
        table.add_column(name, no_wrap=True)
    for row in rows:
        table.add_row(f"{row['path']}:{row['line']}:{row['column']}", str(row["text"]), str(row["rare_count"]),
                      str(row["candidate"]), str(row["frequent_count"]))
    return table
