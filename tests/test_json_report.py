"""The JSON report renderer writes exactly what ``json.dumps(report, ensure_ascii=False, indent=1)`` writes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cleaner import clean_text
from cleaner.report.json_report import build_report, dumps

strings = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\x00\x01\u2028'),
                  max_size=6)
edits = st.fixed_dictionaries({
    "id": strings, "rule": strings, "stage": strings, "start": st.integers(0, 10**9), "end": st.integers(0, 10**9),
    "before": strings, "after": strings, "safety": strings, "applied": st.booleans(),
})


def as_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1) + "\n"


@given(st.lists(edits, max_size=8))
def test_edits_render_as_json_does(items: list[dict[str, Any]]) -> None:
    report = {"report_version": 1, "edits": items, "suspects": [], "stats": {}}
    assert dumps(report) == as_json(report)


@given(st.lists(edits, min_size=1, max_size=4), st.sampled_from(["extra", "start", "applied"]))
def test_edits_of_another_shape_render_as_json_does(items: list[dict[str, Any]], key: str) -> None:
    items[-1][key] = [1, "x"] if key == "extra" else (1.5 if key == "start" else 1)
    report = {"edits": items, "suspects": []}
    assert dumps(report) == as_json(report)


def test_a_real_report_renders_as_json_does(sample_text: str) -> None:
    report = build_report(clean_text(sample_text), path="sample.txt")
    assert report["edits"] and report["suspects"]
    assert dumps(report) == as_json(report)
