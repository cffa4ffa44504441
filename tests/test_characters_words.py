"""Character and lexical stages in the full pipeline: escapes, opt-in conversion, unsafe guesses."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cleaner.api import clean_text
from cleaner.cli import main
from cleaner.edits import apply_edits
from cleaner.model import default_model
from cleaner.pipeline import Config, document_disables
from cleaner.rules import rules_dir

DAMAGED = (
    "⼀带⼀路建设取得新进展,２０２１年GDP增长3．5％,坚持\"两个毫不动摇\"。\n"
    "2O21年共建成l0个基站...全面建设--创新活力明显释放,发展初性明显增强。\n"
    "他後来到了这里，说这个问题，中国特色社会主义制度制度的优越性。“\n"
)


def test_damaged_text_is_repaired_and_replays() -> None:
    result = clean_text(DAMAGED)
    assert result.text.startswith("一带一路建设取得新进展，2021年GDP增长3.5%，坚持“两个毫不动摇”。\n")
    assert "2021年共建成10个基站……全面建设——创新活力明显释放，发展韧性明显增强。" in result.text
    assert "制度的优越性。\n" in result.text
    assert apply_edits(result.source, result.edits) == result.text
    assert clean_text(result.text).text == result.text


def test_unsafe_edits_are_suggested_then_applied_with_unsafe() -> None:
    safe = clean_text(DAMAGED)
    assert "後来" in safe.text
    assert any(e.rule == "CH13" and not e.applied for e in safe.edits)
    unsafe = clean_text(DAMAGED, Config(unsafe=True))
    assert "后来" in unsafe.text
    assert apply_edits(unsafe.source, unsafe.edits) == unsafe.text
    assert clean_text(unsafe.text, Config(unsafe=True)).text == unsafe.text


def test_visual_confusion_is_a_scored_suggestion() -> None:
    text = "要加强考孩。"  # 考孩工作 has context enough for the model to repair it: too strong a case
    result = clean_text(text)
    assert result.text == text + "\n"
    # With the language model, its look-alike rule takes the place of the word-list one.
    rule = "LX13" if default_model() is not None else "LX06"
    (suggestion,) = [e for e in result.edits if e.rule == rule]
    assert (suggestion.before, suggestion.after, suggestion.applied) == ("孩", "核", False)
    assert clean_text(text, Config(unsafe=True)).text == "要加强考核。\n"


def test_protected_terms_are_not_edited() -> None:
    text = "对类烦农村改厕问题专题研究，发展初性明显增强。"
    plain = clean_text(text).text
    assert "娄烦" in plain and "韧性" in plain
    protected = clean_text(text, Config(protect=frozenset({"类烦农村"}))).text
    assert "类烦农村" in protected and "韧性" in protected


def test_document_can_disable_rules_for_itself() -> None:
    text = "# cleaner: disable=LX05, CH01\n发展初性明显增强,好。"
    result = clean_text(text)
    assert "初性" in result.text and "," in result.text
    assert document_disables(text) == {"LX05", "CH01"}
    assert "韧性" in clean_text("发展初性明显增强。").text


def test_conversion_is_opt_in() -> None:
    text = "這個問題很難解決。"
    assert clean_text(text).text == text + "\n"
    converted = clean_text(text, Config(convert="t2s"))
    assert converted.text == "这个问题很难解决。\n"
    assert {e.rule for e in converted.applied} >= {"CH14"}
    assert clean_text("这个问题", Config(convert="s2t")).text == "這個問題\n"


def test_cli_convert_and_protect(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_text("這個問題很難解決，发展初性明显增强。", encoding="utf-8")
    terms = tmp_path / "terms.txt"
    terms.write_text("# names and terms\n发展初性\n", encoding="utf-8")
    out = runner.invoke(main, ["clean", str(source), "--convert", "t2s", "--protect", str(terms)])
    assert out.exit_code == 0, out.output
    assert out.output == "这个问题很难解决，发展初性明显增强。\n"
    bad = runner.invoke(main, ["clean", str(source), "--convert", "x2y"])
    assert bad.exit_code == 2
    missing = runner.invoke(main, ["clean", str(source), "--protect", str(tmp_path / "none.txt")])
    assert missing.exit_code == 2 and "none.txt" in missing.output


def test_glyph_table_knows_pairs_that_differ_by_a_stroke() -> None:
    """The thin-stroke measure of scripts/build_similar_chars.py: pairs the blurred cosine missed
    (市/布, 万/刀, 吗/呜) are neighbours, both ways; one-stroke pairs it underrated (天/夭 0.72,
    干/千 0.79) score over 0.9."""
    from cleaner.kinds.visual_confusion import load_similar

    similar = load_similar(rules_dir() / "tables" / "similar_chars.tsv", 0.7)
    for a, b in ("市布", "万刀", "吗呜"):
        assert b in dict(similar[a]) and a in dict(similar[b])
    assert dict(similar["天"])["夭"] > 0.9 and dict(similar["干"])["千"] > 0.9


def test_generated_tables_carry_their_provenance() -> None:
    similar = (rules_dir() / "tables" / "similar_chars.tsv").read_text(encoding="utf-8")
    assert "scripts/build_similar_chars.py" in similar.splitlines()[0]
    assert "fonts-noto-cjk" in similar
    compat = (rules_dir() / "tables" / "compat_ideographs.tsv").read_text(encoding="utf-8")
    assert "scripts/build_compat_table.py" in compat.splitlines()[0]
