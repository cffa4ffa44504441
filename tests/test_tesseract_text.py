"""Tesseract's plain text as input: pages cut by form feeds, running headers and footers read
with OCR's misreadings, paragraphs whose indentation Tesseract writes as a blank line.

A synthetic document made here from the project's own sample runs everywhere; the real
Tesseract output in ../shared/eval/tesseract/ is measured when it is present.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from helpers.paths import EVAL, GOLDEN, eval_path

from cleaner import Config, apply_edits, clean_text
from cleaner.edits import CleanResult
from cleaner.page_eval import score_document
from cleaner.pagelines import is_standalone

TITLE = "太原市党代会报告"
# How the header and the footer (— N —) of page N come out of OCR, page after page.
HEADERS = ("{t}{sp}第{n}页", "{t}{sp}第]页", "，{t} “{sp}第{n}页 :", "{t}{sp}", "{t}{sp}当{n} 页", "。   {t}{sp}第{n}页")
FOOTERS = ("— {n} —", "一{n}一", "二{n}.", "{n}", "、", "”{n}", "{n}", "       {n}")
SALUTATION = "同志们！"
NEVER_STARTS = set("，。、；：？！”’）》%")


def _wrap(paragraph: str, width: int, indent: int) -> list[str]:
    """Lines of ``width`` characters (the first ``indent`` shorter), no line starting with a closing mark."""
    lines: list[str] = []
    rest, room = paragraph, width - indent
    while rest:
        cut = min(room, len(rest))
        while cut < len(rest) and rest[cut] in NEVER_STARTS:
            cut += 1  # kinsoku: the mark stays on the line
        lines.append(rest[:cut])
        rest, room = rest[cut:], width
    return lines


def tesseract_like(paragraphs: list[str], width: int = 28, page_lines: int = 24) -> str:
    """The paragraphs as Tesseract writes a multi-page scan of them: a blank line where a
    paragraph's indentation or a gap was, a header and a footer per page, form feeds."""
    body: list[str] = []
    for p in paragraphs:
        running = "。" in p or p[-1] in "！？：" or len(p) > width
        body.append("")
        body.extend(_wrap(p, width, 2 if running else 0))
    pages = [body[i : i + page_lines] for i in range(0, len(body), page_lines)]
    out = []
    for n, lines in enumerate(pages, 1):
        header = HEADERS[n % len(HEADERS)].format(t=TITLE, n=n, sp=" " * (20 + n % 7))
        footer = FOOTERS[n % len(FOOTERS)].format(n=n)
        out.append("\n".join([header, *lines, "", footer, ""]) + "\n")
    return "\f".join(out)


@pytest.fixture(scope="module")
def document() -> tuple[str, str]:
    """(Tesseract-like text, gold with one paragraph per line): the sample with a salutation
    repeated before every eighth paragraph, so that it lands at page tops and in page bodies."""
    gold = (GOLDEN / "taiyuan.clean.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in gold.strip("\n").split("\n\n") if p]
    with_salutations: list[str] = []
    for k, p in enumerate(paragraphs):
        if k % 8 == 4:
            with_salutations.append(SALUTATION)
        with_salutations.append(p)
    return tesseract_like(with_salutations), "\n".join(with_salutations) + "\n"


def test_synthetic_pages_lose_their_furniture_and_keep_every_body_line(document: tuple[str, str]) -> None:
    ocr, gold = document
    result = clean_text(ocr)
    score = score_document("synthetic", ocr, gold, result, [TITLE])
    assert ocr.count("\f") >= 10
    assert score.furniture_lines >= 20
    assert score.furniture_left == 0
    assert score.title_left == 0
    assert score.body_removed == 0
    assert "\f" not in result.text
    assert apply_edits(ocr, result.edits) == result.text


def test_synthetic_salutations_stay_wherever_they_stand(document: tuple[str, str]) -> None:
    ocr, gold = document
    text = clean_text(ocr).text
    assert text.count(SALUTATION) == gold.count(SALUTATION) >= 5
    assert [p for p in text.split("\n\n") if p.startswith(SALUTATION)] == [SALUTATION] * gold.count(SALUTATION)


def test_synthetic_paragraphs_are_rebuilt_across_lines_and_pages(document: tuple[str, str]) -> None:
    ocr, gold = document
    result = clean_text(ocr)
    score = score_document("synthetic", ocr, gold, result, [TITLE])
    assert score.paragraph_recall == 1.0
    assert score.paragraph_precision == 1.0
    assert score.broke == 0


def test_synthetic_document_cleans_to_the_canonical_gold(document: tuple[str, str]) -> None:
    ocr, gold = document
    assert clean_text(ocr).text == clean_text(gold).text


def test_form_feed_alone_is_a_line_break() -> None:
    assert clean_text("第一页的最后一段。\n\f第二页的第一段。\n").text == "第一页的最后一段。\n\n第二页的第一段。\n"


def test_edge_lines_that_look_like_page_numbers_once_are_flagged_not_removed() -> None:
    text = "一、总则\n\n本办法适用于全市。\n\n3\n\f二、附则\n\n本办法自发布之日起施行。\n"
    result = clean_text(text)
    assert "3" in result.text
    assert any(s.rule == "LY20" for s in result.suspects)


def test_page_edges_never_reach_into_the_body() -> None:
    pages = []
    for n in range(1, 5):
        body = "\n".join(["同志们！", "我们要坚定信心，迎难而上，", "把各项工作做得更好。", "同志们！"])
        pages.append(f"{TITLE}          第{n}页\n{body}\n{n}\n")
    result = clean_text("\f".join(pages))
    assert result.text.count("同志们！") == 8
    assert TITLE not in result.text


# Real Tesseract output --------------------------------------------------------------------------

TESSERACT_DOCS = (
    sorted(p.name[: -len(".gold.txt")] for p in (EVAL / "tesseract").glob("*.gold.txt"))
    if (EVAL / "tesseract").exists() else ["absent"]
)
def _measure(name: str) -> tuple[Any, CleanResult]:
    ocr = eval_path("tesseract", name + ".ocr.txt").read_text(encoding="utf-8")
    gold = eval_path("tesseract", name + ".gold.txt").read_text(encoding="utf-8")
    manifest = json.loads(eval_path("tesseract", "manifest.json").read_text(encoding="utf-8"))
    titles = [p["header_left"] for p in manifest["docs"][name]["page_detail"] if p.get("header_left")]
    result = clean_text(ocr)
    assert apply_edits(ocr, result.edits) == result.text
    return score_document(name, ocr, gold, result, titles), result


@pytest.mark.parametrize("name", TESSERACT_DOCS)
def test_tesseract_pages_lose_every_header_and_footer_and_no_body_line(name: str) -> None:
    score, result = _measure(name)
    assert score.furniture_lines >= 20
    assert score.furniture_left == 0
    assert score.title_left == 0
    assert score.body_removed == 0
    assert "\f" not in result.text
    assert clean_text(result.text).text == result.text


@pytest.mark.parametrize("name", TESSERACT_DOCS)
def test_tesseract_edits_break_no_correct_character_and_lower_the_error_rate(name: str) -> None:
    score, _ = _measure(name)
    assert score.broke == 0
    assert score.repaired >= 20
    assert score.cer_after < score.cer_body_before < score.cer_before


@pytest.mark.parametrize("name", TESSERACT_DOCS)
def test_tesseract_paragraph_boundaries(name: str) -> None:
    score, _ = _measure(name)
    assert score.paragraph_precision >= 0.98
    assert score.paragraph_f1 >= 0.98


@pytest.mark.parametrize("name", TESSERACT_DOCS)
def test_tesseract_salutations_keep_their_own_paragraph(name: str) -> None:
    _, result = _measure(name)
    gold = eval_path("tesseract", name + ".gold.txt").read_text(encoding="utf-8")
    salutations = [ln for ln in gold.splitlines() if re.fullmatch(r"[\u4e00-\u9fff]{2,6}[！：]", ln)]
    found = [p for p in result.text.split("\n\n") if re.fullmatch(r"[\u4e00-\u9fff]{2,6}[！：]", p)]
    assert salutations and len(found) >= len(salutations) - 1
    assert all(is_standalone(p) or p[-1] in "！：" for p in found)


def test_a_break_beside_ocr_noise_matches_the_gold_break() -> None:
    """Paragraph scoring: 。”| in the clean text against the gold's 。| is the same break."""
    ocr = "第一段讲发展。\n\n第二段讲改革。\n"
    gold = "第一段讲发展。\n第二段讲改革。\n"
    noisy = clean_text("第一段讲发展。”\n\n第二段讲改革。\n", Config(disable=frozenset({"LY22"})))
    assert "”" in noisy.text
    assert score_document("noise", ocr, gold, noisy).paragraph_f1 == 1.0
    shifted = clean_text("第一段讲发\n\n展。第二段讲改革。\n")
    assert score_document("shift", ocr, gold, shifted).paragraph_f1 == 0.0
