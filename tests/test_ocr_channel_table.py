"""The OCR channel tables (rules/tables/ocr_confusions*.tsv) and the counting that makes them."""

from __future__ import annotations

import importlib.util
from collections import Counter
from typing import Any

import pytest
from helpers.paths import ROOT

from cleaner.charclass import is_han

TABLES = ROOT / "rules" / "tables"


def load_script(name: str = "build_ocr_channel") -> Any:
    """scripts/NAME.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_table(name: str) -> tuple[list[str], list[str], list[list[str]]]:
    """Comment lines, the header row and the rows of a table."""
    lines = (TABLES / name).read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    return comments, body[0].split("\t"), [line.split("\t") for line in body[1:]]


def test_confusion_table_has_its_provenance() -> None:
    comments, _, _ = read_table("ocr_confusions.tsv")
    header = "\n".join(comments)
    assert "scripts/build_ocr_channel.py" in comments[0]
    for needed in ("tesseract 5", "chi_sim", "sha256", "Noto Serif/Sans CJK SC", "shared/corpus/", "public domain", "pages"):
        assert needed in header, needed
    assert "shared/eval" not in header  # learned from the corpus only


def test_confusion_rows_are_han_pairs_with_probabilities() -> None:
    _, columns, rows = read_table("ocr_confusions.tsv")
    assert columns == ["intended", "read", "count", "probability"]
    assert len(rows) >= 5
    pairs = [(intended, read) for intended, read, _, _ in rows]
    assert pairs == sorted(set(pairs)), "rows are sorted and unique"
    for intended, read, count, probability in rows:
        assert intended != read, f"self-pair {intended}"
        assert len(intended) == len(read) == 1 and is_han(intended) and is_han(read), (intended, read)
        assert int(count) >= 2
        assert 0.0 < float(probability) <= 1.0, (intended, read, probability)


def test_other_confusions_table_parses() -> None:
    comments, columns, rows = read_table("ocr_confusions_other.tsv")
    assert "scripts/build_ocr_channel.py" in comments[0]
    assert columns == ["kind", "intended", "read", "count"]
    for kind, intended, read, count in rows:
        assert intended != read
        assert kind == load_script().confusion_kind(intended, read)
        assert int(count) >= 2


def test_counting_skips_header_footer_and_garbled_lines() -> None:
    script = load_script()
    record = {
        "doc": "gov_work_report_1985.txt",
        "page": 3,
        "lines": [
            {"kind": "body", "text": "　　我们继续坚持独立自主的外交政策，"},
            {"kind": "blank", "text": ""},
            {"kind": "heading", "text": "二、关于经济体制改革"},
            {"kind": "body", "text": "在和平共处五项原则的基础上进一步发展"},
        ],
        # header read with an error, body with one substitution, one inserted 和, the heading garbled
        "ocr": ("1985年政府工作报吉   第3页\n\n我们继续坚持独立自主的外交攻策，\n双。供角理种\n"
                "在和平共处五项原则的基础上和进一步发展\n— 3 —\n"),
    }
    subs: Counter[tuple[str, str]] = Counter()
    other: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    distance, chars, dropped = script.count_page(record, subs, other, totals)
    assert subs == Counter({("政", "攻"): 1})
    assert other == Counter({("", "和"): 1})
    assert dropped == 1 and distance == 2
    assert chars == len("我们继续坚持独立自主的外交政策，在和平共处五项原则的基础上进一步发展")
    assert "告" not in totals and "改" not in totals  # header and the dropped line are not counted


def test_probabilities_pull_rare_characters_to_the_global_rate() -> None:
    script = load_script()
    totals = Counter({"甲": 3, "乙": 10000})
    subs = Counter({("甲", "申"): 2, ("乙", "己"): 200})
    probs = script.probabilities(subs, totals, global_rate=0.01)
    assert probs["甲", "申"] < 0.2  # 2 of 3 is not a 67% rate
    assert probs["乙", "己"] == pytest.approx(0.02, rel=0.01)  # plenty of evidence: the observed rate


def test_line_breaking_keeps_punctuation_off_line_starts() -> None:
    script = load_script("ocr_channel_pages")
    lines = script.break_lines("甲乙丙丁，戊己", lambda ch: 1.0, width=4, indent=0)
    assert [line for line, _ in lines] == ["甲乙丙", "丁，戊己"]
    assert [last for _, last in lines] == [False, True]
