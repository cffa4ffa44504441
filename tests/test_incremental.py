"""Windowed later passes give byte for byte what whole passes give: text, edits, suspects, report.

``Config.whole_passes`` keeps the slow path (every pass over the whole text); the
default runs a rule again only on the lines (its reach) changed since it last ran.
Checked on generated documents (hypothesis: pieces the rules act on, laid out
with hard wraps, pages and blank lines by ``tests/helpers/damage.py``), on the sample, on
the clean reports and on the Tesseract pages of ../shared/eval (skipped when absent).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from helpers.damage import Layout, damage
from hypothesis import given
from hypothesis import strategies as st
from test_properties import PIECES

from cleaner.api import get_cleaner
from cleaner.edits import Change
from cleaner.incremental import ChangeTracker, reach_of
from cleaner.pipeline import Cleaner, Config
from cleaner.report.json_report import build_report, dumps

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
CONFIGS = [Config(), Config(unsafe=True), Config(paragraphs="line"), Config(unit="record")]
IDS = ["safe", "unsafe", "line-paragraphs", "record"]
LINES = st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet="中文发展观制度 \u3000\n，。“”（）2O", max_size=4)),
                 max_size=60).map("".join)


def rendered(cleaner: Cleaner, text: str) -> tuple[str, str]:
    result = cleaner.clean(text)
    report = build_report(result, path="doc.txt", profile=cleaner.profile, rules_hash="", rules=cleaner.all_rules)
    return result.text, dumps(report)


def assert_same(text: str, config: Config) -> None:
    fast = get_cleaner(config)
    slow = get_cleaner(dataclasses.replace(config, whole_passes=True))
    assert rendered(fast, text) == rendered(slow, text)


@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
@given(text=LINES)
def test_generated_text(config: Config, text: str) -> None:
    assert_same(text, config)


@given(seed=st.integers(0, 10_000), width=st.sampled_from([None, 12, 20, 40]), unsafe=st.booleans(),
       spaces=st.sampled_from([0.0, 0.5]), blank=st.booleans(), paragraphs=st.lists(LINES, min_size=1, max_size=6))
def test_generated_pages(seed: int, width: int | None, unsafe: bool, spaces: float, blank: bool, paragraphs: list[str]) -> None:
    """Hard-wrapped, paged, spaced text: many edits on every line, several passes."""
    clean = "\n\n".join(p.replace("\n", "") or "中文" for p in paragraphs) + "\n"
    damaged = damage(clean, Layout(width=width, seed=seed, spaces=spaces, blank_lines=blank))
    assert_same(damaged.text, Config(unsafe=unsafe))


@given(data=st.data(), text=LINES, unsafe=st.booleans())
def test_generated_text_with_ocr_confidence(data: st.DataObject, text: str, unsafe: bool) -> None:
    """Kinds that read the OCR confidence, and rules that trust it, see the same in both."""
    confidence = data.draw(st.lists(st.one_of(st.none(), st.floats(0, 1)), min_size=len(text), max_size=len(text)))
    config = Config(unsafe=unsafe)
    fast, slow = get_cleaner(config), get_cleaner(dataclasses.replace(config, whole_passes=True))
    a, b = fast.clean(text, confidence), slow.clean(text, confidence)
    assert (a.text, a.edits, a.suspects, a.stats) == (b.text, b.edits, b.suspects, b.stats)


def real_documents() -> list[Path]:
    return [SAMPLE, *sorted((EVAL / "clean").glob("*.txt")), *sorted((EVAL / "tesseract").glob("*.ocr.txt"))]


@pytest.mark.parametrize("path", real_documents(), ids=lambda p: p.name)
@pytest.mark.parametrize("config", CONFIGS, ids=IDS)
def test_real_documents(path: Path, config: Config) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/eval is not part of the project)")
    assert_same(path.read_text(encoding="utf-8"), config)


def test_real_documents_are_there() -> None:
    if not EVAL.exists():
        pytest.skip("../shared/eval is absent: only the sample was compared")
    assert len(real_documents()) > 1


def test_a_rule_runs_again_only_on_the_lines_changed_since_it_ran() -> None:
    text = "第一行\n第二行改\n第三行\n"
    tracker = ChangeTracker()
    assert tracker.windows("A", "line", text) is None  # first run: the whole text
    tracker.changed([Change(7, 8, "好")], text)  # 改 -> 好 on the second line
    text = "第一行\n第二行好\n第三行\n"
    assert tracker.windows("A", "line", text) == [(4, 9)]
    assert tracker.windows("A", "line", text) == []  # nothing changed since
    assert tracker.windows("B", "document", text) is None


def test_a_document_rule_runs_again_only_when_the_text_changed_since_it_ran() -> None:
    text = "第一行\n第二行改\n"
    tracker = ChangeTracker()
    assert tracker.windows("D", "document", text) is None
    assert tracker.windows("D", "document", text) == []  # the text it saw: it would find the same
    tracker.changed([Change(7, 8, "好")], text)
    assert tracker.windows("D", "document", "第一行\n第二行好\n") is None  # anywhere: the whole text again


def test_a_paragraph_break_that_gains_a_blank_line_changes_neither_paragraph() -> None:
    text = "第一段。\n第二段。\n"
    tracker = ChangeTracker()
    tracker.windows("A", "line", text)
    tracker.changed([Change(4, 5, "\n\n")], text)
    text = "第一段。\n\n第二段。\n"
    assert tracker.windows("A", "line", text) == [(5, 6)]  # only the new blank line


def test_a_new_blank_line_is_left_out_for_a_line_rule_that_finds_nothing_in_it() -> None:
    body = "经济运行平稳" * 50  # lines far apart: each change keeps its own window
    text = f"{body}。\n{body}。\n{body}改\n{body}。\n"
    tracker = ChangeTracker()
    for code in "ABC":
        tracker.windows(code, "line", text)
    first, third = text.index("\n"), text.index("改")
    tracker.changed([Change(first, first + 1, "\n\n"), Change(third, third + 1, "好")], text)  # a blank line; 改 -> 好
    text = f"{body}。\n\n{body}。\n{body}好\n{body}。\n"
    blank_line, third_line = (first + 1, first + 2), (text.index("好") - len(body), text.index("好") + 2)
    asked: list[str] = []

    def quiet(line: str) -> bool:
        asked.append(line)
        return True

    assert tracker.windows("A", "line", text, quiet) == [third_line]  # the changed line only
    assert asked == ["\n"]
    assert tracker.windows("B", "line", text, lambda line: False) == [blank_line, third_line]  # it finds something there
    assert tracker.windows("C", "line", text) == [blank_line, third_line]  # no one to ask


def test_a_line_rule_is_asked_about_a_blank_line_once_and_its_findings_there_count() -> None:
    cleaner = Cleaner()
    assert cleaner._quiet("LY06", cleaner.matchers["LY06"], "\n")
    assert not cleaner._quiet("LY11", cleaner.matchers["LY11"], "\u3000 \n")  # spaces alone on a line go
    assert cleaner._quiet_lines[("LY11", "\u3000 \n")] is False


def test_reach_comes_from_the_rule_then_the_kind() -> None:
    cleaner = Cleaner()
    from cleaner.kinds import build
    from cleaner.rules import load_pack, rules_dir

    lx06 = next(r for r in load_pack(rules_dir() / "lexical.toml") if r.code == "LX06")  # off when the model is on
    assert reach_of(lx06, build(lx06)) == "line"  # visual_confusion declares it
    assert cleaner.reach["LY06"] == "line"  # ocr_space declares it
    assert cleaner.reach["LY05"] == "document"  # hard_wrap reads the whole document
    rule = dataclasses.replace(cleaner.rule("LY05"), params={**cleaner.rule("LY05").params, "reach": "page"})
    with pytest.raises(Exception, match="reach"):
        reach_of(rule, cleaner.matchers["LY05"])


@given(st.text(alphabet="ab\n", max_size=8), st.text(alphabet="ab\n", max_size=8), st.text(alphabet="ab\n", max_size=4))
def test_the_changed_part_of_a_change_is_its_text_less_the_shared_start_and_end(old: str, new: str, around: str) -> None:
    from cleaner.incremental import _trimmed

    head = next((k for k in range(min(len(old), len(new))) if old[k] != new[k]), min(len(old), len(new)))
    rest_old, rest_new = old[head:], new[head:]
    tail = next((k for k in range(min(len(rest_old), len(rest_new))) if rest_old[-1 - k] != rest_new[-1 - k]),
                min(len(rest_old), len(rest_new)))
    start = len(around)
    assert _trimmed(around + old + around, Change(start, start + len(old), new)) == (start + head, start + len(old) - tail)
