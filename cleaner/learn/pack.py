"""Learned pairs as a TOML rule pack: one rule per type of defect, with codes that are free."""

from __future__ import annotations

import json
from pathlib import Path

from cleaner.learn.sites import LearnReport
from cleaner.rules import CODE_PREFIX, Rule, load_pack

TYPES = {
    # type: (stage, rule name, what is wrong)
    "confusion": ("lexical", "lexical.learned_confusion",
                  "Characters or words that OCR misread as others, learned from corrected text"),
    "duplicate": ("lexical", "lexical.learned_duplicated_text",
                  "Text printed twice, learned from corrected text"),
    "dropped": ("lexical", "lexical.learned_dropped_text",
                "Characters that OCR dropped, learned from corrected text"),
    "debris": ("layout", "layout.learned_debris",
               "Recurring non-Chinese debris (marks, numbers, stray symbols) that is not text, learned from corrected text"),
    "debris_pattern": ("layout", "layout.learned_numbered_debris",
                       "Recurring debris whose numbers vary (page numbers, running markers), learned from corrected text"),
}


def _toml(value: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def render_pack(report: LearnReport, codes: dict[str, str], *, safety: str, origin: str) -> str:
    """The learned pairs as a TOML rule pack, one ``table`` rule per type of defect."""
    lines = [
        f"# Rules learned by `cleaner learn` from {origin}.",
        f"# {report.sites} error sites; {sum(x.support for x in report.learned)} covered by "
        f"{len(report.learned)} pairs or patterns, ranked by support (the count after each pair).",
        "# No pair's literal and no pattern occurs in the gold text; review before sharing.",
    ]
    for type_, (stage, name, what) in TYPES.items():
        items = [x for x in report.learned if x.type == type_]
        if not items:
            continue
        passes = list(dict.fromkeys(p for x in items for p in x.passes))
        lines += ["", "[[rule]]", f"code = {_toml(codes[type_])}", f"name = {_toml(name)}"]
        if type_ == "debris_pattern":
            lines += [
                "description = " + _toml(what + ": each alternative is a shape seen at several places (support: "
                                         + ", ".join(str(x.support) for x in items) + "); none matches the gold."),
                f"stage = {_toml(stage)}",
                'kind = "regex"',
                f"safety = {_toml(safety)}",
                f"pattern = {_toml('|'.join(f'(?:{x.before})' for x in items))}",
                'replace = ""',
            ]
        else:
            lines += [
                "description = " + _toml(what + ": each pair gives the wrong text with the context that makes it safe; "
                                         "none occurs in the gold, which is where its pass examples come from."),
                f"stage = {_toml(stage)}",
                'kind = "table"',
                f"safety = {_toml(safety)}",
                "pairs = [",
                *(f"    [{_toml(x.before)}, {_toml(x.after)}],  # {x.support}" for x in items),
                "]",
            ]
        lines += [
            "fail = [",
            *(f"    {{ text = {_toml(x.fail[0])}, fix = {_toml(x.fail[1])} }}," for x in items),
            "]",
            "pass = [",
            *(f"    {_toml(p)}," for p in passes),
            "]",
        ]
    return "\n".join(lines) + "\n"


def assign_codes(taken: set[str], start: int = 90) -> dict[str, str]:
    """A free code per type, from ``start`` upwards in each stage's prefix, avoiding ``taken``."""
    codes: dict[str, str] = {}
    used = set(taken)
    for type_, (stage, _, _) in TYPES.items():
        number = start
        while f"{CODE_PREFIX[stage]}{number:02d}" in used:
            number += 1
        if number > 99:
            raise ValueError(f"no free {CODE_PREFIX[stage]} code from {start} to 99")
        code = f"{CODE_PREFIX[stage]}{number:02d}"
        used.add(code)
        codes[type_] = code
    return codes


def write_pack(report: LearnReport, path: Path, *, taken: set[str], start: int = 90, safety: str = "safe",
               origin: str = "corrected text") -> list[Rule]:
    """Write the pack; drop pairs whose examples fail in isolation until all pass; return its rules."""
    from cleaner.ruletest import check_rule

    codes = assign_codes(taken, start)
    while True:
        if not report.learned:
            return []  # nothing to write: a pack needs at least one rule
        path.write_text(render_pack(report, codes, safety=safety, origin=origin), encoding="utf-8")
        rules = load_pack(path)
        bad_texts = {f.text for rule in rules for f in check_rule(rule)}
        if not bad_texts:
            return rules
        keep = [x for x in report.learned if x.fail[0] not in bad_texts and not bad_texts & set(x.passes)]
        if len(keep) == len(report.learned):  # a shared pass example failed: drop the pairs that change it
            keep = [x for x in keep if not any(x.before in t for t in bad_texts)]
        report.dropped_by_examples += len(report.learned) - len(keep)
        report.learned = keep
