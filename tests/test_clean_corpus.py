"""Clean text must come through with its content untouched: only layout may change.

Checked on the clean government reports in ../shared/eval/clean/ (one paragraph
per line): every edit must come from a canonical-layout rule, and the text with
all whitespace removed must be identical before and after.
"""

from __future__ import annotations

import re

import pytest
from helpers.paths import EVAL, eval_path

from cleaner import apply_edits, clean_text

CLEAN_FILES = sorted(p.name for p in (EVAL / "clean").glob("*.txt")) if (EVAL / "clean").exists() else ["absent"]
WHITESPACE = re.compile(r"\s+")


@pytest.mark.parametrize("name", CLEAN_FILES)
def test_clean_report_content_unchanged(name: str) -> None:
    source = eval_path("clean", name).read_text(encoding="utf-8")
    result = clean_text(source)
    content_edits = [e for e in result.edits if e.applied and e.stage != "layout"]
    assert content_edits == [], f"{len(content_edits)} content edits, first: {content_edits[:3]}"
    assert WHITESPACE.sub("", result.text) == WHITESPACE.sub("", source)
    assert apply_edits(source, result.edits) == result.text
    # One paragraph per line in, one paragraph per blank-line-separated block out, except
    # where a line stops mid-sentence (these files have a few lines broken inside a word,
    # 经|济金融): those are joined, and only those.
    joins = [e for e in result.edits if "\n" in e.before and "\n" not in e.after]
    for join in joins:
        assert source[join.start - 1] not in "。！？”：；", f"joined after a finished sentence at {join.start}"
    paragraphs = len(result.text.rstrip("\n").split("\n\n"))
    assert paragraphs == len([ln for ln in source.splitlines() if ln.strip()]) - len(joins)
