"""Corpus statistics: rare one-character variants of frequent phrases, and the confusion injector."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from helpers.confusion_damage import CONFUSABLE, inject, measure
from helpers.paths import SAMPLE, eval_path

from cleaner.cli import main
from cleaner.corpus import count_grams, phrase_suspects


def batch(*parts: tuple[str, int]) -> list[str]:
    """Documents made of phrases repeated, each phrase its own sentence."""
    return ["".join(f"{phrase}。" * times for phrase, times in parts)]


def test_counts_only_runs_of_chinese() -> None:
    assert count_grams(["社会治理。abc社会治理"], 4) == {"社会治理": 2}
    assert count_grams(["社会治理"], 3) == {"社会治": 1, "会治理": 1}


def test_a_rare_variant_that_breaks_a_word_is_flagged() -> None:
    texts = batch(("社会治理", 6), ("社会冶理", 1))
    (suspect,) = phrase_suspects(texts)
    assert (suspect.text, suspect.candidate, suspect.rare_count, suspect.frequent_count) == ("社会冶理", "社会治理", 1, 6)
    # the differing character, in the document
    assert texts[0][suspect.position] == "冶" and texts[0][suspect.start : suspect.end] == "社会冶理"
    assert suspect.to_suspect().candidates == ("社会治理",)


def test_no_flag_below_the_frequency_and_ratio() -> None:
    assert phrase_suspects(batch(("社会治理", 4), ("社会冶理", 1))) == []  # 4 < min_frequent 5
    assert phrase_suspects(batch(("社会治理", 6), ("社会冶理", 2))) == []  # seen twice: not rare
    assert phrase_suspects(batch(("社会治理", 6), ("社会冶理", 2)), max_rare=2, min_ratio=3) != []


def test_variants_that_read_correctly_are_not_flagged() -> None:
    # 护理 is a word: 加强护理 is another phrase, not a misreading of 加强管理.
    texts = batch(("加强管理", 8), ("加强护理", 1))
    assert phrase_suspects(texts) == []
    assert [s.text for s in phrase_suspects(texts, lexicon=False)] == ["加强护理"]
    # 等 stands alone as a word very often: 发展等国 may start another phrase.
    assert phrase_suspects(batch(("发展中国", 8), ("发展等国", 1))) == []
    # the edge characters of a gram are not compared: 的 before 改革开放 is just other text
    assert phrase_suspects(batch(("改革开放", 8), ("的改革开", 1)), lexicon=False) == []


def test_injector_is_seeded_and_uses_lookalikes() -> None:
    text = "干部已经到了未来的社会治理。" * 20
    damaged, injections = inject(text, rate=0.02, seed=3)
    assert (damaged, injections) == inject(text, rate=0.02, seed=3)
    assert len(injections) == round(len(text) * 0.02) == 6
    assert len(damaged) == len(text)
    for i in injections:
        assert text[i.position] == i.original and damaged[i.position] == i.replacement
        assert i.replacement in CONFUSABLE[i.original]
    assert sum(a != b for a, b in zip(text, damaged)) == len(injections)


def test_measure_on_a_synthetic_batch(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("全面建成小康社会。加强社会治理。坚持从严治党。" * 30, encoding="utf-8")
    result = measure([str(doc)], rate=0.005, seed=1, out=None)
    assert result["injected"] == 3
    assert result["injected_flagged"] >= 1 and result["correct_flagged"] == 0


def test_injected_confusions_in_real_reports_outnumber_false_flags() -> None:
    # Guards the precision of the defaults on the sample and the clean reports beside the repository.
    files = [str(SAMPLE)] + sorted(str(p) for p in eval_path("clean").glob("*.txt"))
    result = measure(files, rate=0.001, seed=0, out=None)
    assert result["injected_flagged"] > result["correct_flagged"]


def test_cli_corpus_stats(tmp_path: Path, runner: CliRunner) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("社会治理。\n" * 6, encoding="utf-8")
    b.write_text("第一行。\n加强社会冶理。\n", encoding="utf-8")
    result = runner.invoke(main, ["corpus-stats", str(a), str(b), "--json"])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert (row["path"], row["line"], row["column"], row["text"]) == (str(b), 2, 5, "社会冶理")
    table = runner.invoke(main, ["corpus-stats", str(a), str(b)])
    assert table.exit_code == 0 and "社会冶理" in table.output
    missing = runner.invoke(main, ["corpus-stats", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 1 and "nope.txt" in missing.output
