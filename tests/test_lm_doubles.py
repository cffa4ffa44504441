"""The doubled and dropped channels' finer points (LX10-LX12), with the real model."""

from __future__ import annotations

import pytest

from cleaner.model import channel, default_model
from cleaner.model.judge import margins

NEEDS_MODEL = pytest.mark.skipif(default_model() is None, reason="no language model (make system-deps)")


@NEEDS_MODEL
def test_an_inserted_numeral_is_also_read_apart_from_its_measure_word() -> None:
    # The model writes 一 个 apart: read as 一个 the repaired window scores far below the damaged one.
    model = default_model()
    assert model is not None
    text = "我们要坚持个原则不动摇"
    at = text.index("个")
    (_c, margin, _words), = margins(model, text, [channel.Candidate(at, at, "一", 0.0, "")], 6)
    assert model.score("坚持一个原则") < model.score("坚持个原则")  # the unigram segmentation alone
    assert margin > 0.5  # with the split reading, the repair reads better


def test_no_dropped_yi_where_the_repair_is_an_adverb_ending_a_clause() -> None:
    found = channel.dropped_before("社会取得新进步。科技进步加快", "一", "步", "", 2.7)
    assert [c.start for c in found] == ["社会取得新进步。科技进步加快".rindex("步")]


def test_a_measure_word_starting_a_word_is_tried_where_the_next_word_is_as_long() -> None:
    assert channel.dropped_before("出台批改革措施", "一", "批", "", 2.7)  # 批|改革, not 批改
    assert not channel.dropped_before("实施项目建设", "一", "项", "", 2.7)  # 项目


def test_doubled_word_costs_by_kind_of_word() -> None:
    def cost(text: str) -> float:
        (c,) = channel.doubled_words(text, 0.5, nonword_cost=5.5, emphatic_cost=6.5, verb_cost=3.0,
                                     adjective_cost=3.0, name_cost=4.0)
        return c.cost
    assert cost("各地城镇城镇居民") == 4.5  # a two-character name (jieba: ns)
    assert cost("重大重大决策") == 3.5  # an adjective
    assert cost("非常非常重要") == 7.0  # an adverb, repeated for emphasis
    assert cost("海峡两岸两岸同胞") == 0.5  # starts with a numeral, but is no number: a noun (jieba: f)
    assert not channel.doubled_words("五十五十地数", 0.5)


def test_doubled_numerals_inside_a_number_are_no_candidates() -> None:
    assert not channel.doubled_characters("二〇一一年和几万万人", 2.0, boundary_cost=4.0)
    assert [c.start for c in channel.doubled_characters("海峡两两岸", 2.0, boundary_cost=4.0)] == [3]


def test_aabb_needs_ideographs_on_both_sides() -> None:
    assert channel.doubled_characters("——必必须坚持", 2.0, boundary_cost=4.0)
    assert not channel.doubled_characters("日日夜夜", 2.0, boundary_cost=4.0)


@NEEDS_MODEL
def test_a_boundary_read_with_the_second_copy_alone_is_no_boundary() -> None:
    model = default_model()
    assert model is not None

    def cost(text: str) -> float:
        (c,) = channel.doubled_characters(text, 2.0, 0.0, 0, 4.0, 4, model.segment, 4)
        return c.cost
    assert cost("不断提高高工作效率") == 2.0  # 提高|高|工作: the lexicon's 提高|高工 is no boundary
    assert cost("农村中小学校校舍维修") == 6.0  # 学校|校舍: two words meet
    assert cost("减免农业特产税税率") == 6.0  # 特产|税|税率: the first copy alone is no evidence
    assert channel.doubled_characters("不断提高高工作效率", 2.0, 0.0, 0, 4.0, 4)[0].cost == 6.0  # the lexicon alone
