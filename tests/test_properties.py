"""Properties over generated text: no exception, replay, idempotence, offsets, determinism, JSONL.

The text mixes Chinese, Latin, digits, punctuation of both widths, whitespace of
every kind, compatibility code points and the artifacts the rules target. The
number of examples comes from the hypothesis profile (conftest.py): ``ci`` runs
many more than ``dev``.
"""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import Config, apply_edits, clean_text

PIECES = [
    # Chinese words and the artifacts the rules target
    "发展", "韧性", "初性", "制度", "全省", "价值观", "观", "恒", "持之以恒", "为代表的批", "的批示",
    "创新创", "活力", "类烦", "农村", "党员千", "千部", "千方百计", "人人", "谢谢", "哈哈哈", "日日夜夜",
    "中国", "国际", "郁郁苍苍", "研究研究", "（下转第4版）", "（上接第1版）", "下转第四版", " and ", " or ",
    "试验区", "——", "：", "“", "”", "‘", "’", "《", "》", "（", "）", "(", ")", "，", "。", "、", "；",
    ",", ".", ";", ":", "?", "!", "...", "--", "%", "3.5", "12:30", "1:1000", "http://example.com/a,b",
    "a@b.cn", "Hello, world.", "GDP", "5G", "2O21年", "ｌ０", "ＡＢＣ", "１２３",
    # compatibility code points: Kangxi radical one, CJK compatibility ideograph, radical supplement
    "\u2f00", "\uf900", "\u2e80", "\u2f08",
    # whitespace of every kind
    " ", "\t", "\u3000", "\u00a0", "\n", "\n\n", "\r\n", "\r", "\u2028", "\u200b", "\ufeff",
]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=40).map("".join)


def check(text: str, config: Config) -> None:
    result = clean_text(text, config)
    # replay: the applied edits turn the source into the text, each at its source offsets
    assert apply_edits(text, result.edits) == result.text
    for edit in result.edits:
        assert 0 <= edit.start <= edit.end <= len(text)
        assert text[edit.start : edit.end] == edit.before
    for suspect in result.suspects:
        assert 0 <= suspect.start <= suspect.end <= len(text)
        assert text[suspect.start : suspect.end] == suspect.text
    # idempotence and determinism
    again = clean_text(result.text, config)
    assert again.text == result.text, again.edits
    assert clean_text(text, config).edits == result.edits
    assert not result.errors


@given(texts)
@example("全省全省全省")
@example("观观观点")
@example("\r\r\n\n")
def test_properties_safe(text: str) -> None:
    check(text, Config())


@given(texts)
def test_properties_unsafe(text: str) -> None:
    check(text, Config(unsafe=True))


@given(texts)
def test_jsonl_round_trip(text: str) -> None:
    result = clean_text(text)
    record = {"id": 1, "text": result.text, "edits": [e.to_dict() for e in result.edits]}
    line = json.dumps(record, ensure_ascii=False)
    back = json.loads(line)
    assert back["text"] == result.text
    assert [tuple(e.values()) for e in back["edits"]] == [tuple(e.to_dict().values()) for e in result.edits]
