"""Running every rule's own examples (LanguageTool-style): each example is a test.

A rule runs alone (with its unsafe findings applied) on each example:
- a ``fail`` example must become its ``fix``; for a ``flag`` rule, which
  changes nothing, it must stay unchanged and raise a suspect of the rule;
- a ``pass`` example must stay unchanged (and raise no suspect of a flag rule).

An example may give the OCR confidence of its text (``confidence = "9903"``: one digit
per character, ``d`` meaning ``d/10``), for kinds that weigh it.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.confidence import Confidence
from cleaner.edits import CleanResult
from cleaner.pipeline import Cleaner, Config
from cleaner.rules import Rule


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    kind: str  # "fail" or "pass"
    text: str
    expected: str
    got: str

    def __str__(self) -> str:
        return f"{self.rule} {self.kind} example {self.text!r}: expected {self.expected!r}, got {self.got!r}"


def check_rule(rule: Rule) -> list[ExampleFailure]:
    cleaner = Cleaner(Config(unsafe=True), rules=[rule])
    failures = []
    flag = rule.safety == "flag"
    def clean(text: str, digits: str) -> CleanResult:
        return cleaner.clean(text, confidence=Confidence.from_digits(digits).values if digits else None)

    for example in rule.fail:
        result = clean(example.text, example.confidence)
        if flag:
            raised = any(s.rule == rule.code for s in result.suspects)
            if result.text != example.text or not raised:
                failures.append(ExampleFailure(rule.code, "fail", example.text, "a suspect, no change",
                                               f"text {result.text!r}, suspects {len(result.suspects)}"))
        elif result.text != example.fix:
            failures.append(ExampleFailure(rule.code, "fail", example.text, example.fix, result.text))
    for text in rule.passes:
        result = clean(text, rule.pass_confidence.get(text, ""))
        if result.text != text:
            failures.append(ExampleFailure(rule.code, "pass", text, text, result.text))
        elif flag and any(s.rule == rule.code for s in result.suspects):
            failures.append(ExampleFailure(rule.code, "pass", text, "no suspect", "a suspect"))
    return failures
