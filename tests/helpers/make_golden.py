"""Rewrite the golden files of the sample document. Run after a deliberate change, then review the diff."""

from __future__ import annotations

from pathlib import Path

from cleaner.api import clean_text, get_cleaner
from cleaner.report.json_report import build_report, dumps

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
GOLDEN = ROOT / "tests" / "golden"


def golden_report() -> tuple[str, str]:
    source = SAMPLE.read_text(encoding="utf-8")
    result = clean_text(source)
    cleaner = get_cleaner()
    report = build_report(result, path=SAMPLE.name, profile=cleaner.profile, rules_hash="", rules=cleaner.all_rules)
    return result.text, dumps(report)


if __name__ == "__main__":
    text, report = golden_report()
    (GOLDEN / "taiyuan.clean.txt").write_text(text, encoding="utf-8")
    (GOLDEN / "taiyuan.report.json").write_text(report, encoding="utf-8")
    print(f"wrote {GOLDEN}/taiyuan.clean.txt and taiyuan.report.json")
