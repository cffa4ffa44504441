"""hOCR, ALTO, PAGE XML and PaddleOCR JSON: read, assembled as Tesseract's text, cleaned, written back.

The PAGE XML and PaddleOCR fixtures (tests/fixtures/ocr/) are our own small pages; the
tests with real Tesseract output are in test_tesseract_formats.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import packs
from helpers.ocr_checks import assert_round_trip, clean_file, page_schema

from cleaner.cli import main
from cleaner.confidence import Confidence, carry
from cleaner.edits import Edit
from cleaner.formats import detect_format, read_ocr
from cleaner.formats.assembly import Line, OcrDocument, Page, Word, assemble, new_word_texts
from cleaner.io import InputError
from cleaner.pipeline import Cleaner

FIXTURES = Path(__file__).parent / "fixtures" / "ocr"


@pytest.mark.parametrize("name", ["page-2019.xml", "page-2013.xml"])
def test_page_xml_round_trip(name: str) -> None:
    result = clean_file(FIXTURES / name)
    text = result.result.text
    assert "（下转第4版）" not in text and "价值观深入" in text and "各位同事：" in text
    again = assert_round_trip(result)
    ids = {w.id for _, _, w in again.words()}
    assert "r3_l1" not in ids  # the removed continuation marker's line is dropped
    assert "r2_l3_w8" not in ids  # the doubled 观 was a word of its own: dropped
    assert "r1_l1" in ids and "r2_l1_w3" in ids
    lines = {line.id: line for page in again.pages for line in page.lines}
    assert lines["r2_l1"].node.xpath("string(*[local-name()='TextEquiv']/*[local-name()='Unicode'])") == "各位同事："
    regions = again.tree.getroot().xpath("//*[local-name()='TextRegion']")
    assert [r.get("id") for r in regions] == ["r1", "r2", "r3"]  # regions stay: the reading order names them


def test_page_xml_output_validates_against_the_published_schema() -> None:
    schema = page_schema()
    source = read_ocr((FIXTURES / "page-2019.xml").read_bytes(), "page-2019.xml", "page")
    assert schema.validate(source.tree), schema.error_log
    again = assert_round_trip(clean_file(FIXTURES / "page-2019.xml"))
    assert schema.validate(again.tree), schema.error_log


@pytest.mark.parametrize("name", ["paddle-v2.json", "paddle-v3.json"])
def test_paddle_json_round_trip(name: str) -> None:
    source = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    result = clean_file(FIXTURES / name)
    out = json.loads(assert_round_trip(result) and result.render())
    if name == "paddle-v3.json":
        page1 = out[0]
        assert len(page1["rec_texts"]) == len(page1["rec_scores"]) == len(page1["rec_polys"]) == 5
        assert page1["rec_texts"][1] == "各位同事："
        assert page1["rec_polys"] == source[0]["rec_polys"][:5]  # the dropped line was the last
        assert page1["rec_scores"] == source[0]["rec_scores"][:5]
    else:
        assert [line[1][0] for line in out[0]][1] == "各位同事："
        assert [line[0] for line in out[0]] == [line[0] for line in source[0]][:5]
    suspects = [s for s in result.result.suspects if s.rule == "SU20"]
    assert [s.text for s in suspects] == ["组织志愿者参与日常养护"]  # the line scored 0.12


def test_report_names_page_line_and_word_of_each_edit(tmp_path: Path, runner: CliRunner) -> None:
    report = tmp_path / "r.json"
    out = tmp_path / "clean.xml"
    assert runner.invoke(main, ["clean", str(FIXTURES / "page-2019.xml"), "-o", str(out), "--report", str(report)]).exit_code == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["source"]["format"] == "page"
    doubled = next(e for e in data["edits"] if e["before"] == "观" and e["after"] == "")
    assert doubled["elements"] == [{"page": "page-001.png", "line": "r2_l3", "word": "r2_l3_w8"}]
    low = next(s for s in data["suspects"] if s["rule"] == "SU20")
    assert low["text"] == "公园" and low["elements"][0]["word"] == "r2_l4_w5"


def test_format_detection() -> None:
    alto = b'<?xml version="1.0"?><alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Layout/></alto>'
    assert detect_format("a.xml", alto) == "alto"
    assert detect_format("a.xml", (FIXTURES / "page-2013.xml").read_bytes()) == "page"
    assert detect_format("a.xml", b"<tei><text/></tei>") is None  # other XML is plain text as before
    assert detect_format("a.html", b"<html><body><p>text</p></body></html>") is None
    assert detect_format("a.html", b"<div class='ocr_page' title='bbox 0 0 9 9'></div>") == "hocr"
    assert detect_format("a.json", b'{"text": "x"}') is None
    assert detect_format("a.json", (FIXTURES / "paddle-v2.json").read_bytes()) == "paddle"
    assert detect_format("-", (FIXTURES / "paddle-v3.json").read_bytes()) == "paddle"
    assert detect_format("a.txt", b"<alto/>") is None


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bad.xml", b'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout>', "bad.xml:1: not well-formed XML"),
    ("bad.json", b"[[[[0, 0]], [1, 2]]]", "bad.json: JSON that is not a PaddleOCR result"),
    ("bad.hocr", b"<html><body>plain</body></html>", "bad.hocr: no ocr_page element"),
])
def test_bad_ocr_files_fail_with_one_line_naming_the_file(tmp_path: Path, runner: CliRunner, name: str, data: bytes,
                                                          message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    fmt = {"bad.xml": "alto", "bad.json": "paddle", "bad.hocr": "hocr"}[name]
    result = runner.invoke(main, ["clean", str(path), "--format", fmt, "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_cli_writes_the_same_format_or_the_text(tmp_path: Path, runner: CliRunner) -> None:
    source = FIXTURES / "paddle-v2.json"
    same, text = tmp_path / "clean.json", tmp_path / "clean.txt"
    assert runner.invoke(main, ["clean", str(source), "-o", str(same)]).exit_code == 0
    assert runner.invoke(main, ["clean", str(source), "-o", str(text)]).exit_code == 0
    assert json.loads(same.read_text(encoding="utf-8"))[0][1][1][0] == "各位同事："
    assert text.read_text(encoding="utf-8").startswith("城市绿地建设情况\n\n各位同事：\n")
    forced = runner.invoke(main, ["clean", str(source), "--format", "text"])
    assert forced.exit_code == 0 and forced.output.startswith("[[[[")  # read as plain text, as asked


def test_batch_cleans_ocr_files_into_their_own_formats(tmp_path: Path, runner: CliRunner) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("page-2019.xml", "paddle-v3.json"):
        (inputs / name).write_bytes((FIXTURES / name).read_bytes())
    (inputs / "notes.txt").write_text("社会主义核心价值观观深入人心。\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", str(inputs), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert read_ocr((out / "page-2019.xml").read_bytes(), "x", "page").pages[0].lines
    assert json.loads((out / "paddle-v3.json").read_text(encoding="utf-8"))[0]["rec_texts"][1] == "各位同事："
    assert (out / "notes.txt").read_text(encoding="utf-8") == "社会主义核心价值观深入人心。\n"
    report = json.loads((out / "page-2019.xml.report.json").read_text(encoding="utf-8"))
    assert report["source"]["format"] == "page" and all("elements" in e for e in report["edits"])
    summary = json.loads((out / "batch-summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 3


def test_review_of_a_saved_report_reads_the_ocr_source(tmp_path: Path, runner: CliRunner) -> None:
    report = tmp_path / "r.json"
    source = FIXTURES / "paddle-v3.json"
    assert runner.invoke(main, ["clean", str(source), "-o", str(tmp_path / "c.json"), "--report", str(report)]).exit_code == 0
    page = tmp_path / "review.html"
    result = runner.invoke(main, ["report", str(report), "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "城市绿地建设情况" in page.read_text(encoding="utf-8")


# -- The assembly and the map back to words ----------------------------------------------------


def _doc() -> OcrDocument:
    return OcrDocument("test", [
        Page([Line([Word("2016年", "w1", 0.9), Word("报告", "w2", 0.9)], "l1", paragraph_end=True),
              Line([Word("增长", "w3", 0.9), Word("96", "w4", 0.3)], "l2")], "p1"),
        Page([Line([Word("，", "w5", 0.9), Word("进展", "w6", 0.05)], "l3")], "p2"),
    ])


def test_assembly_has_tesseract_shape_and_confidence() -> None:
    asm = assemble(_doc())
    assert asm.text == "2016年报告\n\n增长96\n\f，进展\n"
    assert asm.confidence[asm.text.index("96")] == 0.3 and asm.confidence[asm.text.index("\f")] is None
    assert asm.elements(0, 2) == [{"page": "p1", "line": "l1", "word": "w1"}]
    between = asm.elements(asm.text.index("\n"), asm.text.index("增"))
    assert [e["word"] for e in between] == ["w2", "w3"]


def test_edits_map_back_to_words() -> None:
    asm = assemble(_doc())
    t = asm.text
    cross = t.index("96")
    edits = [
        Edit("A", "layout", 0, t.index("增"), t[: t.index("增")], ""),  # a header line and its blank line
        Edit("B", "characters", cross, cross + 2, "96", "%"),
        Edit("C", "layout", t.index("\f") - 1, t.index("\f") + 1, "\n\f", "，"),  # written in the blanks
    ]
    assert new_word_texts(asm, edits) == ["", "", "增长", "%，", "，", "进展"]


def test_confidence_is_carried_through_edits_and_checked() -> None:
    assert carry([0.1, 0.9, 0.9], [Edit("X", "lexical", 0, 2, "未来", "末")], 2) == [0.1, 0.9]
    assert Confidence([None, 0.4]).lowest(0, 2) == 0.4
    with pytest.raises(ValueError, match="confidence has 2 values"):
        Cleaner().clean("三个字", confidence=[0.5, 0.5])


def test_low_confidence_is_evidence_only_where_given() -> None:
    cleaner = Cleaner()
    text = "组织志愿者参与日常养护。\n"
    values = [0.9] * len(text)
    values[5:7] = [0.05, 0.05]
    flagged = [s for s in cleaner.clean(text, confidence=values).suspects if s.rule == "SU20"]
    assert [(s.start, s.end, s.text) for s in flagged] == [(5, 7, "参与")]
    assert not [s for s in cleaner.clean(text).suspects if s.rule == "SU20"]


def test_reading_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    from cleaner.formats import read_document

    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "missing.hocr")


def test_an_ocr_named_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    """OCR files are read by the same function as text files, with the same checks."""
    import os

    from cleaner.formats import read_document

    fifo = tmp_path / "scan.hocr"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_document(fifo)


def test_high_confidence_makes_a_guess_less_likely() -> None:
    """A rule's trust_above: no suspect or unsafe edit where the OCR was at least that sure."""
    from cleaner.model import default_model

    cleaner = Cleaner()
    rule = "LX13" if default_model() is not None else "LX06"  # the look-alike rule in force
    # 莱 for 荣 (similarity 0.75): a guess; 茉 for 荣 (0.95 by the thin-stroke measure) is near-certain
    # evidence, which a confident reading does not hold back (lexical.toml: high_confidence_shift)
    text = "这是一项光莱的任务。\n"
    guessed = cleaner.clean(text)
    assert any(rule in e.rule for e in guessed.edits) or any(s.rule == rule for s in guessed.suspects)
    sure = cleaner.clean(text, confidence=[0.97] * len(text))
    assert not any(rule in e.rule for e in sure.edits) and not any(s.rule == rule for s in sure.suspects)
    unsure = cleaner.clean(text, confidence=[0.97] * 5 + [0.4] + [0.97] * (len(text) - 6))
    assert any(rule in e.rule for e in unsure.edits) or any(s.rule == rule for s in unsure.suspects)


def test_high_confidence_holds_back_a_suspect_of_a_safe_rule() -> None:
    """A suspect is a guess even when its rule's safety is "safe": trust_above holds it back too."""
    from cleaner.model import default_model

    if default_model() is None:
        pytest.skip("no language model installed: LX13 is not in force (make system-deps)")
    text = "要加强考孩。\n"  # too little context to repair: LX13 suggests, or flags where the OCR was sure
    cleaner = Cleaner()
    assert any(e.rule == "LX13" for e in cleaner.clean(text).edits)
    sure = cleaner.clean(text, confidence=[0.97] * len(text))
    assert not any(e.rule == "LX13" for e in sure.edits) and not any(s.rule == "LX13" for s in sure.suspects)


def test_trust_above_must_be_a_confidence(tmp_path: Path) -> None:
    from cleaner.rules import RuleError, load_pack

    pack = packs.pack("bad_trust_above")
    with pytest.raises(RuleError, match="trust_above"):
        Cleaner(rules=load_pack(pack))


def test_hocr_written_as_html_round_trips() -> None:
    """hOCR that is HTML rather than XHTML (unclosed <meta>, <br>) is read with the HTML parser and written as HTML."""
    result = clean_file(FIXTURES / "hocr-as-html.html")
    assert result.result.text == "各位代表：\n\n价值观\n"
    again = assert_round_trip(result)
    assert [w.text for _, _, w in again.words()] == ["各位", "代表", "：", "价值观"]
    assert result.render().startswith(b"<!DOCTYPE html>")
