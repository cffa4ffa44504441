"""The metrics of ``cleaner eval`` on hand-built cases whose numbers are worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.packs import pack, pack_with

from cleaner.align import boundary_map, changes, normalise
from cleaner.cli import main
from cleaner.evaluate import Pair, evaluate, read_pairs
from cleaner.io import InputError
from cleaner.pipeline import Cleaner
from cleaner.rules import load_pack


@pytest.fixture
def cleaner(tmp_path: Path) -> Cleaner:
    return Cleaner(rules=load_pack(pack("confusions")))


PAIRS = [
    Pair("党员千部己经到了", "党员干部已经到了"),  # 1: two errors, both fixed
    Pair("若千意见", "若干意见"),  # 2: one error, not touched
    Pair("一千部电影", "一千部电影"),  # 3: correct, wrongly changed (千部 -> 干部)
    Pair("千部己径", "干部已经"),  # 4: three errors, one fixed (己径 is not 己经)
    Pair("很好", "很好"),  # 5: correct, untouched
]


def test_sentence_level_metrics(cleaner: Cleaner) -> None:
    scores = evaluate(PAIRS, cleaner)
    m = scores.metrics()
    # erroneous units: 1, 2, 4 -> 3; changed: 1, 3, 4 -> 3
    assert (scores.units, scores.erroneous, scores.changed) == (5, 3, 3)
    # detected: unit 1 only (unit 4 changed position 0, the gold changes 0, 2, 3); corrected: unit 1
    assert (scores.detected, scores.corrected) == (1, 1)
    # detection P = 1/3 changed, R = 1/3 erroneous; F1 = 2*(1/3)*(1/3)/(2/3) = 1/3
    assert m["sentence_detection_precision"] == pytest.approx(1 / 3)
    assert m["sentence_detection_recall"] == pytest.approx(1 / 3)
    assert m["sentence_detection_f1"] == pytest.approx(1 / 3)
    assert m["sentence_correction_precision"] == pytest.approx(1 / 3)
    assert m["sentence_correction_recall"] == pytest.approx(1 / 3)
    # correct units: 3 and 5; unit 3 was changed -> 1/2
    assert scores.correct_changed == 1
    assert m["overcorrection_rate"] == pytest.approx(0.5)


def test_character_level_metrics(cleaner: Cleaner) -> None:
    scores = evaluate(PAIRS, cleaner)
    m = scores.metrics()
    # gold edits: unit 1: 2 (千->干, 己->已), unit 2: 1, unit 4: 3 -> 6
    # cleaner edits: unit 1: 2, unit 3: 1 (千->干), unit 4: 1 (千->干) -> 4; right ones: 2 + 1 = 3
    assert (scores.gold_items, scores.system_items, scores.correct_hits) == (6, 4, 3)
    assert m["char_correction_precision"] == pytest.approx(3 / 4)
    assert m["char_correction_recall"] == pytest.approx(3 / 6)
    assert m["char_detection_precision"] == pytest.approx(3 / 4)
    # gold characters: 8 + 4 + 5 + 4 + 2 = 23
    # distance before: 2 + 1 + 0 + 3 + 0 = 6; after: 0 + 1 + 1 + 2 + 0 = 4
    assert scores.gold_chars == 23
    assert m["cer_before"] == pytest.approx(6 / 23)
    assert m["cer_after"] == pytest.approx(4 / 23)


def test_per_rule_precision_and_remaining_errors(cleaner: Cleaner) -> None:
    scores = evaluate(PAIRS, cleaner)
    # LX90 edits: unit 1: 2 (both right), unit 3: 1 (wrong), unit 4: 1 (right) -> 3 of 4
    rule = scores.rules["LX90"]
    assert (rule.edits, rule.agree) == (4, 3)
    assert rule.examples == [("千部", "干部", "千部")]
    # left: 千 for 干 (unit 2), 干 for 千 (unit 3), 己 for 已 and 径 for 经 (unit 4)
    assert scores.remaining == {("千", "干"): 1, ("干", "千"): 1, ("己", "已"): 1, ("径", "经"): 1}


def test_layout_is_not_an_error(cleaner: Cleaner) -> None:
    # The canonical layout (edge spaces, blank lines, final line break) differs from the gold's
    # but the content is the same: nothing to find, nothing wrong.
    scores = evaluate([Pair("  很好 \n\n\n也好", "很好\n也好\n")], cleaner)
    assert (scores.erroneous, scores.changed, scores.distance_before) == (0, 0, 0)


def test_a_deletion_that_agrees_with_the_gold(cleaner: Cleaner) -> None:
    scores = evaluate([Pair("新观观点", "新观点")], cleaner)
    assert scores.rules["LX90"].agree == 1
    assert (scores.corrected, scores.gold_items, scores.correct_hits) == (1, 1, 1)


def test_documents_are_scored_per_gold_sentence(cleaner: Cleaner) -> None:
    noisy = "党员千部到了。\n若千意见。很好。"
    gold = "党员干部到了。\n若干意见。很好。"
    scores = evaluate([Pair(noisy, gold)], cleaner, sentences=True)
    # gold sentences: 党员干部到了。 / \n (the line break itself) / 若干意见。 / 很好。
    # -> with errors: the first (fixed) and the third (not) -> P = 1/1, R = 1/2
    assert scores.erroneous == 2
    assert scores.metrics()["sentence_correction_precision"] == 1.0
    assert scores.metrics()["sentence_correction_recall"] == 0.5


def test_width_folding() -> None:
    from cleaner.api import get_cleaner

    plain = evaluate([Pair("是吗?", "是吗?")], get_cleaner())
    folded = evaluate([Pair("是吗?", "是吗?")], get_cleaner(), fold_width=True)
    assert plain.correct_changed == 1  # the default rules write ？ where this gold keeps ?
    assert folded.correct_changed == 0 and folded.width_edits == 1


def test_alignment_helpers() -> None:
    n = normalise(" 甲乙 \r\n\r\n丙\n")
    assert n.text == "甲乙\n丙"
    # the joining line break comes from the \r at raw offset 4
    assert [n.from_raw(i) for i in (0, 1, 3, 5, 8, 9)] == [0, 0, 2, 3, 3, 4]
    assert [(c.start, c.end, c.after) for c in changes("甲丙丁", "甲乙丙戊")] == [(1, 1, "乙"), (2, 3, "戊")]
    m = boundary_map("甲丙", "甲乙丙")
    # boundary 1 of 甲丙 sits before (1) or after (2) the inserted 乙; boundary 2 is 3
    assert (m.lo[1], m.hi[1], m.lo[2], m.hi[2]) == (1, 2, 3, 3)
    assert m.spans(1, 2) == {(1, 3), (2, 3)}


def test_read_pairs_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("甲\t乙\n没有制表符\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.tsv:2: expected"):
        read_pairs(bad)


def test_cli_eval_json(tmp_path: Path, runner: CliRunner) -> None:
    pack = pack_with("confusions", tmp_path, code="LX97", name="lexical.test_confusions_cli")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("".join(f"{p.noisy}\t{p.gold}\n" for p in PAIRS), encoding="utf-8")
    # LX05 (built-in confusables) and LX13 (the language model's look-alikes: 若千意见) would fix some of these first
    result = runner.invoke(main, ["eval", str(pairs), "--rules", str(pack), "--disable", "LX05", "--disable", "LX13", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["rules"]["LX97"]["agree"] == 3
    assert data["counts"]["corrected"] == 1
    table = runner.invoke(main, ["eval", str(pairs), "--rules", str(pack)])
    assert table.exit_code == 0 and "sentence correction" in table.output


def test_cli_eval_usage_errors(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval"])
    assert result.exit_code == 2 and "PAIRS" in result.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("只有一列\n", encoding="utf-8")
    result = runner.invoke(main, ["eval", str(bad)])
    assert result.exit_code == 1 and "bad.tsv:1" in result.output
