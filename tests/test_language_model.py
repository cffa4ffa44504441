"""The language model and the noisy channel: the real libime trigram, real rules, real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.api import clean_text
from cleaner.confidence import Confidence
from cleaner.kinds import build
from cleaner.kinds.lm_channel import LMChannelKind
from cleaner.model import channel, default_model
from cleaner.pipeline import Cleaner, Config
from cleaner.rules import Rule, RuleError, load_pack, rules_dir

NEEDS_MODEL = pytest.mark.skipif(default_model() is None, reason="no language model (make system-deps)")


def lexical_rule(code: str) -> Rule:
    return next(r for r in load_pack(rules_dir() / "lexical.toml") if r.code == code)


@NEEDS_MODEL
def test_model_segments_into_its_own_words_and_prefers_the_repair() -> None:
    model = default_model()
    assert model is not None and "价值观" in model.vocabulary
    assert model.segment("社会主义核心价值观深入人心") == ("社会主义", "核心", "价值观", "深入人心")
    assert model.score("社会主义核心价值观深入人心") > model.score("社会主义核心价值观观深入人心")


@NEEDS_MODEL
def test_version_names_the_model() -> None:
    out = subprocess.run([sys.executable, "-m", "cleaner", "--version"], capture_output=True, text=True, check=True).stdout
    assert "language model: KenLM 3-gram" in out


@pytest.mark.parametrize("setting", ["none", "missing"])
def test_without_a_model_the_model_rules_are_skipped_with_one_line_on_stderr(tmp_path: Path, setting: str) -> None:
    model = "none" if setting == "none" else str(tmp_path / "absent.lm")
    env = {**os.environ, "CLEANER_LM": model}
    run = subprocess.run([sys.executable, "-m", "cleaner", "clean", "-"], input="社会主义核心价值观观深入人心",
                         capture_output=True, text=True, env=env, check=True)
    assert run.stdout == "社会主义核心价值观深入人心\n"  # LX02, the word-list rule, runs in their place
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "LX10" in lines[0] and "libime-data-language-model" in lines[0]
    assert (model in lines[0]) == (setting == "missing")  # a model that would not load is named, with why
    version = subprocess.run([sys.executable, "-m", "cleaner", "--version"], capture_output=True, text=True, env=env).stdout
    assert "language model: none" in version


@NEEDS_MODEL
def test_a_user_lexicon_holds_the_model_back() -> None:
    text = "我们的产品叫价值观观，深受欢迎。"
    assert "价值观观" not in clean_text(text).text
    assert "价值观观" in clean_text(text, Config(lexicon=frozenset({"价值观观"}))).text


@NEEDS_MODEL
def test_a_rare_form_the_passage_repeats_is_only_flagged() -> None:
    once = clean_text("社会主义核心价值观观深入人心。")
    assert "价值观观" not in once.text
    twice = clean_text("社会主义核心价值观观深入人心。价值观观是一个新品牌。")
    assert twice.text.count("价值观观") == 2
    assert any(s.rule == "LX10" and "recurs" in s.reason for s in twice.suspects)


@NEEDS_MODEL
def test_ocr_confidence_moves_the_margin() -> None:
    matcher = build(lexical_rule("LX10"))
    assert isinstance(matcher, LMChannelKind)
    text = "他们有有望赢得比赛"  # too weak a case for the model alone: only suggested
    (plain,) = matcher.find(text)
    assert (plain.start, plain.after, plain.safety) == (3, "", "unsafe")
    doubtful = [0.99] * len(text)
    doubtful[3] = 0.2  # OCR doubted the second 有: less evidence is needed
    (low,) = matcher.find(text, Confidence(doubtful))
    assert (low.start, low.after, low.safety) == (3, "", "safe")
    assert matcher.find(text, Confidence([0.99] * len(text))) == []  # a confident reading needs more


@NEEDS_MODEL
def test_channel_table_rows_header_and_errors(tmp_path: Path) -> None:
    table = tmp_path / "ocr.tsv"
    table.write_text("# made by a test\nintended\tread\tcount\tprobability\n韧\t初\t7\t0.05\n干\t千\t3\t0.2\n", encoding="utf-8")
    assert channel.load_channel_table(table) == {("韧", "初"): 0.05, ("干", "千"): 0.2}
    table.write_text("# made by a test\n韧\t初\t7\t0.05\n干\t千\tthree\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"ocr\.tsv:3:"):
        channel.load_channel_table(table)


@NEEDS_MODEL
def test_a_learned_channel_pair_makes_a_candidate_the_glyph_table_lacks(tmp_path: Path) -> None:
    pack = (rules_dir() / "lexical.toml").read_text(encoding="utf-8")
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "similar_chars.tsv").write_text(
        (rules_dir() / "tables" / "similar_chars.tsv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "tables" / "ocr_confusions.tsv").write_text("# test\n构\t沟\t40\t0.3\n", encoding="utf-8")
    (tmp_path / "lexical.toml").write_text(pack, encoding="utf-8")
    rule = next(r for r in load_pack(tmp_path / "lexical.toml") if r.code == "LX13")
    text = "推动沟建人类命运共同体"
    assert not build(lexical_rule("LX13")).find(text)  # 沟/构 is not in the glyph table
    (found,) = build(rule).find(text)
    assert (found.start, found.after) == (2, "构")


@NEEDS_MODEL
def test_clean_text_is_left_alone_by_the_model_rules() -> None:
    text = ("二〇一一年，我们迎难而上，全市经济总体平稳。人人都要常常想想，县县有图书馆，"
            "这种种情况说明，叫他他不来。《立法法》明确了立法权限，价格可以略高些。大家商量商量。")
    result = Cleaner(Config(unsafe=True)).clean(text)
    assert result.text == text + "\n"


@NEEDS_MODEL
def test_learn_writes_channel_pairs_that_clean_uses(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cleaner.cli import main

    noisy, gold, table = tmp_path / "noisy.txt", tmp_path / "gold.txt", tmp_path / "channel.tsv"
    noisy.write_text("推动沟建人类命运共同体。\n", encoding="utf-8")
    gold.write_text("推动构建人类命运共同体。\n", encoding="utf-8")
    runner = CliRunner()
    learned = runner.invoke(main, ["learn", str(noisy), str(gold), "--channel", str(table)])
    assert learned.exit_code == 0, learned.output
    assert table.read_text(encoding="utf-8").splitlines()[-1] == "构\t沟\t1\t1"
    text = "我们要沟建和谐社会。"
    assert runner.invoke(main, ["clean", "-"], input=text).stdout == text + "\n"
    taught = runner.invoke(main, ["clean", "-", "--channel", str(table)], input=text)
    assert taught.stdout == "我们要构建和谐社会。\n"
    table.write_text("构\t沟\t1\t1\n干\t千\tmany\n", encoding="utf-8")
    bad = runner.invoke(main, ["clean", "-", "--channel", str(table)], input=text)
    assert bad.exit_code == 2 and "channel.tsv:2:" in bad.output
