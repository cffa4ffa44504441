"""Real Tesseract: pages of our own text rendered with Noto CJK, read as text, hOCR and ALTO in one run.

The hOCR and ALTO of a run must clean to the text its plain-text output cleans to, and
their outputs must keep every kept element's id and geometry and read as the clean text.
The same is checked on the Tesseract runs of ../shared/eval/tesseract/ when present.
"""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

import pytest
from helpers import packs
from helpers.ocr_checks import assert_alto_structure, assert_round_trip, clean_file, hocr_bbox
from helpers.paths import eval_path
from helpers.tesseract_pages import PARAGRAPHS, TesseractRun, render_pages, run_tesseract, tesseract_missing
from rapidfuzz.distance import Levenshtein

from cleaner.formats import read_ocr
from cleaner.formats.assembly import without_whitespace
from cleaner.formats.xmltree import local
from cleaner.pipeline import Cleaner

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def tesseract_run(tmp_path_factory: pytest.TempPathFactory) -> TesseractRun:
    reason = tesseract_missing()
    if reason:
        pytest.skip(reason)
    directory = tmp_path_factory.mktemp("tesseract")
    return run_tesseract(render_pages(PARAGRAPHS, directory), directory)


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


def test_tesseract_wrote_every_page_in_each_format(tesseract_run: TesseractRun) -> None:
    text = tesseract_run.txt.read_text(encoding="utf-8")
    assert text.count("\f") == tesseract_run.pages - 1
    assert len(read_ocr(tesseract_run.hocr.read_bytes(), "scan.hocr", "hocr").pages) == tesseract_run.pages
    assert len(read_ocr(tesseract_run.alto.read_bytes(), "scan.xml", "alto").pages) == tesseract_run.pages


@pytest.mark.parametrize("which", ["hocr", "alto"])
def test_assembly_has_the_lines_paragraphs_and_pages_of_tesseracts_text(tesseract_run: TesseractRun, which: str,
                                                                        cleaner: Cleaner) -> None:
    result = clean_file(getattr(tesseract_run, which), cleaner)
    plain = tesseract_run.txt.read_text(encoding="utf-8")
    # Only the blanks between words may differ: hOCR and ALTO do not record them.
    assert result.assembly.text.replace(" ", "") == plain.replace(" ", "")


@pytest.mark.parametrize("which", ["hocr", "alto"])
def test_structured_output_cleans_to_the_plain_texts_clean_text(tesseract_run: TesseractRun, which: str,
                                                                 cleaner: Cleaner) -> None:
    plain = cleaner.clean(tesseract_run.txt.read_text(encoding="utf-8")).text
    result = clean_file(getattr(tesseract_run, which), cleaner)
    assert without_whitespace(result.result.text) == without_whitespace(plain)
    assert result.result.text.count("\n\n") == plain.count("\n\n")  # the same paragraphs


def test_hocr_round_trip_keeps_ids_and_boxes(tesseract_run: TesseractRun, cleaner: Cleaner) -> None:
    result = clean_file(tesseract_run.hocr, cleaner)
    assert any(e.applied for e in result.result.edits)
    again = assert_round_trip(result)
    assert [p.id for p in again.pages] == [p.id for p in result.document.pages]
    word = next(w for _, _, w in again.words())
    assert hocr_bbox(word.node.get("title"))
    assert b"<!DOCTYPE html" in result.render()


def test_alto_round_trip_keeps_ids_positions_and_required_structure(tesseract_run: TesseractRun, cleaner: Cleaner) -> None:
    result = clean_file(tesseract_run.alto, cleaner)
    again = assert_round_trip(result)
    assert_alto_structure(again.tree)
    assert again.tree.getroot().tag == result.document.tree.getroot().tag  # the same ALTO version


def test_a_removed_line_leaves_the_output(tesseract_run: TesseractRun, tmp_path: Path) -> None:
    """A line whose text the cleaning removes is dropped from hOCR and ALTO (a rule pack that
    removes the running header's title stands in for the layout rules here)."""
    pack = packs.pack("running_title")
    from cleaner.rules import load_pack

    cleaner = Cleaner(rules=load_pack(pack))
    for path in (tesseract_run.hocr, tesseract_run.alto):
        result = clean_file(path, cleaner)
        assert "城市绿地" not in result.result.text.split("\n")[0]
        first_lines = [page.lines[0].id for page in result.document.pages]
        again = assert_round_trip(result)
        kept = {line.id for page in again.pages for line in page.lines}
        assert not kept & set(first_lines)
        if path.suffix == ".xml":
            assert_alto_structure(again.tree)


def test_confidence_reaches_the_rules(tesseract_run: TesseractRun, cleaner: Cleaner) -> None:
    result = clean_file(tesseract_run.alto, cleaner)
    known = [c for c in result.assembly.confidence if c is not None]
    assert known and all(0 <= c <= 1 for c in known)
    edited = [(e.start, e.end) for e in result.result.edits if e.applied]
    low = {(p.start, p.end) for p, (_, _, w) in zip(result.assembly.places, result.document.words(), strict=True)
           if w.conf is not None and w.conf < 0.15 and any("\u4e00" <= ch <= "\u9fff" for ch in w.text)
           and not any(s < p.end and p.start < e for s, e in edited)}  # (a removed footer is not flagged)
    flagged = {(s.start, s.end) for s in result.result.suspects if s.rule == "SU20"}
    assert low and all(any(s <= a and b <= e for s, e in flagged) for a, b in low)


# -- The Tesseract runs of the evaluation data ---------------------------------------------------


def _fold(text: str) -> str:
    """Whitespace removed and non-Han characters width-folded (NFKC), as the evaluation measures."""
    return "".join(ch if "\u4e00" <= ch <= "\u9fff" else unicodedata.normalize("NFKC", ch) for ch in without_whitespace(text))


@pytest.mark.parametrize("year", ["2016", "2018", "2019"])
def test_eval_hocr_and_alto_clean_like_the_plain_text(year: str, cleaner: Cleaner) -> None:
    base = f"gov_work_report_{year}"
    plain_path = eval_path("tesseract", f"{base}.ocr.txt")
    plain = plain_path.read_text(encoding="utf-8")
    plain_clean = _fold(cleaner.clean(plain).text)
    gold = _fold(eval_path("tesseract", f"{base}.gold.txt").read_text(encoding="utf-8"))
    for path in (eval_path("tesseract", f"{base}.hocr"), eval_path("tesseract", f"{base}.alto.xml")):
        result = clean_file(path, cleaner)
        assert result.assembly.text.replace(" ", "") == plain.replace(" ", ""), path.name
        assert_round_trip(result)
        if path.suffix == ".xml":
            assert_alto_structure(read_ocr(result.render(), path.name, "alto").tree)
        # The same text cleans the same, up to whitespace and the width of punctuation, but for a
        # place or two: where Tesseract's text has a blank that hOCR and ALTO do not record (开 “ at
        # a line end), a rule that looks at blanks may remove the mark from one and keep it in the other.
        same_text = _fold(cleaner.clean(result.assembly.text).text)
        places = [op for op in difflib.SequenceMatcher(None, plain_clean, same_text, autojunk=False).get_opcodes()
                  if op[0] != "equal"]
        assert len(places) <= 2, (path.name, [(plain_clean[a - 5 : b + 5], same_text[c - 5 : d + 5]) for _, a, b, c, d in places])
        # The words' confidences are evidence on top: with them the text only comes closer to the gold.
        ours = _fold(result.result.text)
        assert Levenshtein.distance(ours, gold) <= Levenshtein.distance(same_text, gold), path.name


def test_eval_alto_keeps_its_version(cleaner: Cleaner) -> None:
    path = eval_path("tesseract", "gov_work_report_2019.alto.xml")
    result = clean_file(path, cleaner)
    root = read_ocr(result.render(), path.name, "alto").tree.getroot()
    assert local(root) == "alto" and root.tag == result.document.tree.getroot().tag
