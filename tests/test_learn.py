"""``cleaner learn``: safe literal rules from corrected pairs, written as a pack that passes its own tests."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cleaner.cli import main
from cleaner.evaluate import Pair
from cleaner.learn import assign_codes, learn, write_pack
from cleaner.pipeline import Cleaner
from cleaner.rules import load_pack
from cleaner.ruletest import check_rule

# Hand-made sentences: 冠单 is an OCR slip for 冠军 (单 read for 军).
PAIRS = [
    Pair("他是世界冠单。", "他是世界冠军。"),
    Pair("冠单来到了北京。", "冠军来到了北京。"),
    Pair("这是一张订单。", "这是一张订单。"),  # 单 is right here: a pass example
    Pair("我们引进人才。", "我们引进人才。"),
]


def pairs_of(learned: Iterable[Any]) -> dict[str, tuple[str, int]]:
    return {x.before: (x.after, x.support) for x in learned}


def test_learns_a_confusion_with_its_support_and_examples() -> None:
    report = learn(PAIRS, min_support=2)
    assert pairs_of(report.learned) == {"冠单": ("冠军", 2)}
    item = report.learned[0]
    assert item.type == "confusion"
    assert item.fail[1].count("冠军") == 1 and "冠单" in item.fail[0]
    assert any("订单" in p for p in item.passes)  # a gold context where 单 is right


def test_min_support_drops_rare_pairs() -> None:
    report = learn([*PAIRS, Pair("他们进人会场。", "他们进入会场。")], min_support=2)
    assert "进人会" not in pairs_of(report.learned) and report.below_support == 1


def test_a_window_that_occurs_in_the_gold_is_narrowed() -> None:
    # 进人 (引进人才) and 人会 (每个人会说) occur correctly in the gold, so the
    # pair for 进人会场 -> 进入会场 needs two characters of context, not one.
    pairs = [*PAIRS, Pair("每个人会说。", "每个人会说。"), Pair("他们进人会场。", "他们进入会场。")]
    report = learn(pairs, min_support=1)
    learned = {k: v for k, v in pairs_of(report.learned).items() if "人" in k}
    assert len(learned) == 1
    ((before, (after, support)),) = learned.items()
    assert len(before) == 3 and ("进人" in before or "人会" in before)
    assert after == before.replace("人", "入") and support == 1


def test_an_error_that_reads_correctly_elsewhere_is_dropped() -> None:
    # The noisy sentence of the first pair is a correct sentence of the second: no
    # window around the error is safe, so nothing is learned from it.
    pairs = [Pair("明天进人会场。", "明天进入会场。"), Pair("明天进人会场。", "明天进人会场。")]
    report = learn(pairs, min_support=1)
    assert report.learned == [] and report.without_safe_candidate == 1


def test_a_fix_that_makes_no_word_is_not_learned() -> None:
    # 我入了 -> 我人了: the fix makes no word (我人, 人了 are none), so no dictionary vouches for it.
    pairs = [Pair("我入了。", "我人了。"), Pair("你入了。", "你人了。")]
    report = learn(pairs, min_support=1)
    assert report.learned == [] and report.without_safe_candidate == 2
    # Without the lexicon check the pair is learned (入 never occurs in the gold).
    loose = learn(pairs, min_support=2, lexicon=False)
    assert pairs_of(loose.learned) == {"入": ("人", 2)}


def test_duplicated_and_dropped_text() -> None:
    pairs = [
        Pair("新的观观点。", "新的观点。"),
        Pair("创新创活力。", "创新创造活力。"),
        Pair("观看比赛。", "观看比赛。"),
    ]
    report = learn(pairs, min_support=1)
    types = {x.type: (x.before, x.after) for x in report.learned}
    assert types["duplicate"][1] in "新的观点" and types["duplicate"][0].count("观") == 2
    assert types["dropped"] == ("创活", "创造活")


def test_written_pack_is_valid_and_its_examples_pass(tmp_path: Path) -> None:
    taken = {r.code for r in Cleaner().all_rules}
    report = learn(PAIRS, min_support=1)
    out = tmp_path / "learned.toml"
    rules = write_pack(report, out, taken=taken)
    loaded = load_pack(out)
    assert [r.code for r in rules] == [r.code for r in loaded] == ["LX90"]
    assert all(not check_rule(r) for r in loaded)
    assert not taken & {r.code for r in loaded}
    # The learned pack fixes unseen text and leaves the correct contexts alone.
    cleaner = Cleaner(rules=loaded)
    assert cleaner.clean("新的冠单诞生了").text == "新的冠军诞生了"
    assert cleaner.clean("一张订单").text == "一张订单"


def test_codes_skip_taken_ones() -> None:
    codes = assign_codes({"LX90", "LX91", "LY90"})
    assert codes["confusion"] == "LX92" and codes["debris"] == "LY91"
    assert len(set(codes.values())) == len(codes)


def test_cli_learn_then_rules_test(tmp_path: Path, runner: CliRunner) -> None:
    noisy, gold, out = tmp_path / "noisy.txt", tmp_path / "gold.txt", tmp_path / "learned.toml"
    noisy.write_text("\n".join(p.noisy for p in PAIRS) + "\n", encoding="utf-8")
    gold.write_text("\n".join(p.gold for p in PAIRS) + "\n", encoding="utf-8")
    result = runner.invoke(main, ["learn", str(noisy), str(gold), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "冠单" in out.read_text(encoding="utf-8")
    tested = runner.invoke(main, ["rules", "test", str(out)])
    assert tested.exit_code == 0 and "0 failed" in tested.output
    # the pack loads beside the default profile: no code clashes
    cleaned = runner.invoke(main, ["clean", "-", "--rules", str(out), "--unsafe"], input="冠单诞生了\n")
    assert cleaned.exit_code == 0 and cleaned.output == "冠军诞生了\n"
    # learned rules are unsafe by default: without --unsafe they are suggestions
    suggested = runner.invoke(main, ["clean", "-", "--rules", str(out)], input="冠单诞生了\n")
    assert suggested.exit_code == 0 and suggested.output == "冠单诞生了\n"


def test_cli_learn_on_pairs_and_errors(tmp_path: Path, runner: CliRunner) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("".join(f"{p.noisy}\t{p.gold}\n" for p in PAIRS), encoding="utf-8")
    out = tmp_path / "learned.toml"
    assert runner.invoke(main, ["learn", "--pairs", str(pairs), "-o", str(out), "--min-support", "2"]).exit_code == 0
    assert out.exists()
    nothing = runner.invoke(main, ["learn", "--pairs", str(pairs), "-o", str(tmp_path / "x.toml"), "--min-support", "9"])
    assert nothing.exit_code == 1 and "nothing learned" in nothing.output
    assert not (tmp_path / "x.toml").exists()
    usage = runner.invoke(main, ["learn", "-o", str(out)])
    assert usage.exit_code == 2


def test_numbered_debris_becomes_a_pattern(tmp_path: Path) -> None:
    paragraphs = ["我们全面建成了小康社会。", "经济增长6.1%，就业稳定。", "城乡面貌日新月异。", "人民生活更加殷实。"]
    noisy = "\n\n".join(f"{p}\n\n- {n} -" for n, p in enumerate(paragraphs, 3)) + "\n"
    gold = "\n\n".join(paragraphs) + "\n"
    report = learn([Pair(noisy, gold)], min_support=2)
    (item,) = report.learned
    assert item.type == "debris_pattern" and item.support == 4
    out = tmp_path / "learned.toml"
    (rule,) = write_pack(report, out, taken=set())
    assert rule.code == "LY91" and rule.kind == "regex" and not check_rule(rule)
    cleaner = Cleaner(rules=[rule])
    assert cleaner.clean("第一段。\n- 12 -\n第二段。").text == "第一段。\n第二段。"
    assert cleaner.clean("增长6.1%，- 比较 -").text == "增长6.1%，- 比较 -"


def test_rules_learned_on_one_half_of_real_ocr_pairs_are_precise_on_the_other(tmp_path: Path) -> None:
    # The bar: a pack learned from half of FASPell's OCR pairs keeps precision >= 0.9 on
    # the other half. The data stays beside the repository; nothing of it is written here.
    from helpers.paths import eval_path

    from cleaner.evaluate import evaluate, read_pairs

    pairs = read_pairs(eval_path("ocr", "faspell_ocr_train.tsv"))
    half = len(pairs) // 2
    report = learn(pairs[:half], min_support=2)
    rules = write_pack(report, tmp_path / "learned.toml", taken={r.code for r in Cleaner().all_rules})
    scores = evaluate(pairs[half:], Cleaner(rules=rules))  # the learned rules alone
    learned = scores.rules["LX90"]
    assert learned.edits >= 50
    assert learned.precision is not None and learned.precision >= 0.9
