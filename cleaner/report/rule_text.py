"""What ``cleaner rules`` prints: a line per rule, one rule in full, and the tally of a test run."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.rules import Rule


def rule_line(rule: Rule, disabled: bool = False) -> str:
    """``cleaner rules list``: code, stage, safety, name (and whether the options turn it off)."""
    off = "  (disabled)" if disabled else ""
    return f"{rule.code}  {rule.stage:<10}  {rule.safety:<6}  {rule.name}{off}"


def rule_text(rule: Rule) -> str:
    """``cleaner rules show``: the rule with its description and its fail and pass examples."""
    lines = [
        f"{rule.code}  {rule.name}",
        f"stage: {rule.stage}   kind: {rule.kind}   safety: {rule.safety}   defined at: {rule.where}",
        "",
        rule.description,
        "",
        "Fails on (text -> fix):",
    ]
    for example in rule.fail:
        conf = f"  (OCR confidence {example.confidence})" if example.confidence else ""
        lines.append(f"  {example.text!r}{conf}\n    -> {example.fix!r}")
    lines.append("Passes (stays unchanged):")
    for text in rule.passes:
        conf = f"  (OCR confidence {rule.pass_confidence[text]})" if rule.pass_confidence.get(text) else ""
        lines.append(f"  {text!r}{conf}")
    return "\n".join(lines)


def examples_tally(rules: Sequence[Rule], failed: int) -> str:
    """The last line of ``cleaner rules test``.

    >>> examples_tally([], 0)
    '0 rules, 0 examples: 0 passed, 0 failed'
    """
    examples = sum(len(r.fail) + len(r.passes) for r in rules)
    return f"{len(rules)} rules, {examples} examples: {examples - failed} passed, {failed} failed"
