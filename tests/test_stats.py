"""Stats count what the edit log holds, add up across parts, and read back from a report unchanged."""

from __future__ import annotations

import json

from cleaner import clean_text
from cleaner.edits import Edit, Suspect
from cleaner.pipeline import Cleaner, Config
from cleaner.report.json_report import build_report, dumps
from cleaner.stats import Stats


def test_a_merged_edit_counts_once_in_total_and_once_for_each_of_its_rules() -> None:
    edits = [Edit("LY02+LX04", "layout+lexical", 0, 2, "ab", "c"), Edit("CH02", "characters", 3, 4, "d", "e"),
             Edit("LX10", "lexical", 5, 6, "f", "g", "unsafe", applied=False)]
    stats = Stats.of(6, 5, edits, [Suspect("SU01", 1, 2, "b", "odd")], passes=2)
    assert (stats.edits, stats.suggestions, stats.suspects, stats.passes) == (2, 1, 1, 2)
    assert stats.per_rule == {"CH02": 1, "LX04": 1, "LY02": 1}
    assert (stats.suggested_per_rule, stats.suspects_per_rule) == ({"LX10": 1}, {"SU01": 1})
    assert stats.rows()[-1] == ("total", 2, 1, 1)


def test_stats_of_parts_add_up_to_the_stats_of_their_edits(sample_text: str) -> None:
    paragraphs = [p + "\n" for p in sample_text.split("\n\n")]
    results = [clean_text(p) for p in paragraphs]
    total = sum((r.stats for r in results), Stats())
    assert total == Stats.of(sum(len(p) for p in paragraphs), sum(len(r.text) for r in results),
                             [e for r in results for e in r.edits], [s for r in results for s in r.suspects],
                             max(r.stats.passes for r in results))
    assert total.edits > 0 and total.suspects > 0
    assert sum(r.stats for r in results) == total  # sum() without a start value


def test_the_report_holds_the_stats_as_a_dict_that_reads_back(sample_text: str) -> None:
    result = clean_text(sample_text)
    report = json.loads(dumps(build_report(result)))
    assert list(report["stats"]) == ["chars_in", "chars_out", "edits", "suggestions", "suspects", "passes",
                                     "per_rule", "suggested_per_rule", "suspects_per_rule"]
    assert Stats.from_dict(report["stats"]) == result.stats
    assert report["stats"]["per_rule"] == result.stats.per_rule


def test_a_cleaner_reports_its_own_profile_rules_hash_and_rules(sample_text: str) -> None:
    cleaner = Cleaner(Config(paragraphs="line"))
    result = cleaner.clean(sample_text)
    expected = build_report(result, path="a.txt", profile=cleaner.profile, rules_hash=cleaner.rules_hash,
                            rules=cleaner.all_rules)
    assert cleaner.report(result, path="a.txt") == expected
    assert expected["rules_hash"] == cleaner.rules_hash != "" and expected["rules"]
    assert "rules" not in cleaner.report(result, path="a.txt", describe_rules=False)
