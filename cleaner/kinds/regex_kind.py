"""The ``regex`` kind: a pattern and a replacement template."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import regex

from cleaner.charclass import compile_pattern
from cleaner.kinds import Finding, kind
from cleaner.kinds.firstchar import first_char_finder
from cleaner.pattern_bounds import pattern_problem, template_problem

if TYPE_CHECKING:
    from cleaner.rules import Rule

FLAGS = {"multiline": re.M, "ignorecase": re.I, "dotall": re.S}
# A user's pattern runs under this time limit (seconds, per document), so that one
# that backtracks catastrophically is stopped and skipped instead of hanging the run.
# The built-in patterns are linted by the test suite and run on the faster ``re``.
USER_PATTERN_TIMEOUT = 5.0


def is_builtin(rule: Rule) -> bool:
    from cleaner.rules import rules_dir

    return rule.path is not None and rules_dir().resolve() in rule.path.resolve().parents


def param_error(rule: Rule, field: str, why: str) -> Exception:
    from cleaner.rules import RuleError

    return RuleError(f"{rule.where}: rule {rule.code}: field '{field}' {why}")


@kind("regex")
class RegexKind:
    """Replace every match of ``pattern`` with ``replace`` (a ``\\1``-style template).

    ``requires`` (optional) lists literals of which one must occur in the text
    for the rule to run at all: a cheap pre-filter. ``line_requires`` (optional) is a
    pattern a line must contain for the rule to run on that line, each line on its own:
    the linear way to say "in a line that has X" (a lookaround scanning the line
    from every match is quadratic on one long line). ``after_line`` (optional) is a
    pattern that must match where the match's line ends (at its line feed): "in a line
    followed by Y", tested once per line. A ``flag`` rule reports each
    match as a suspect, with ``replace`` (if given) as its candidate.
    """

    def __init__(self, rule: Rule) -> None:
        params = rule.params
        pattern = params.get("pattern")
        if not isinstance(pattern, str) or not pattern:
            raise param_error(rule, "pattern", "is missing")
        flags = 0
        for name in params.get("flags", []):
            if name not in FLAGS:
                raise param_error(rule, "flags", f"has unknown flag '{name}' ({', '.join(FLAGS)})")
            flags |= FLAGS[name]
        self.timeout = None if is_builtin(rule) else float(params.get("timeout", USER_PATTERN_TIMEOUT))
        try:
            if self.timeout is None:
                self.regex = compile_pattern(pattern, flags)
            else:
                self.regex = regex.compile(pattern, flags | regex.V0)
        except Exception as exc:  # re.error or regex.error
            raise param_error(rule, "pattern", f"does not compile: {exc}") from None
        self.replace = params.get("replace")
        if rule.safety != "flag" and not isinstance(self.replace, str):
            raise param_error(rule, "replace", "is missing (only flag rules may omit it)")
        if isinstance(self.replace, str) and (why := template_problem(self.regex, self.replace)):
            raise param_error(rule, "replace", why)
        self.requires = tuple(params.get("requires", ()))
        self.line_requires = _line_pattern(rule, "line_requires")
        self.after_line = _line_pattern(rule, "after_line")
        self.reason = params.get("reason", rule.description)
        self.flag = rule.safety == "flag"
        # Most replacements are plain text: no need for Match.expand (it re-parses the template every time).
        self.literal = self.replace if isinstance(self.replace, str) and "\\" not in self.replace else None
        if self.timeout is None:
            self.finditer = first_char_finder(self.regex) or self.regex.finditer
        else:
            compiled, limit = self.regex, self.timeout
            self.finditer = lambda text: compiled.finditer(text, timeout=limit)

    def find(self, text: str) -> list[Finding]:
        if self.requires and not any(lit in text for lit in self.requires):
            return []
        if self.line_requires is None:
            return self._find(text, text, 0)
        found: list[Finding] = []
        pos = 0
        while (hit := self.line_requires.search(text, pos)) is not None:
            start = text.rfind("\n", pos, hit.start()) + 1 or pos
            end = text.find("\n", hit.end())
            end = len(text) if end < 0 else end
            found.extend(self._find(text[start:end], text, start))
            pos = end + 1
        return found

    def _find(self, text: str, whole: str, offset: int) -> list[Finding]:
        """Matches in ``text``, which starts at ``offset`` in ``whole``."""
        found = []
        literal = self.literal
        line_end, line_ok = -1, True
        for m in self.finditer(text):
            if self.after_line is not None:
                if offset + m.end() > line_end:  # a new line: test what follows it, once
                    line_end = whole.find("\n", offset + m.end())
                    line_end = len(whole) if line_end < 0 else line_end
                    line_ok = self.after_line.match(whole, line_end) is not None
                if not line_ok:
                    continue
            if literal is not None:
                after: str | None = literal
            else:
                after = m.expand(self.replace) if isinstance(self.replace, str) else None
            if self.flag:
                found.append(Finding(offset + m.start(), offset + m.end(), None, reason=self.reason,
                                     candidates=(after,) if after is not None else ()))
            elif after != m.group():
                found.append(Finding(offset + m.start(), offset + m.end(), after))
        return found


def _line_pattern(rule: Rule, field: str) -> Any:
    """The compiled pattern of a line-level parameter, or None."""
    pattern = rule.params.get(field)
    if not isinstance(pattern, str):
        return None
    if why := pattern_problem(pattern):
        raise param_error(rule, field, why)
    try:
        return compile_pattern(pattern)
    except Exception as exc:  # re.error or regex.error
        raise param_error(rule, field, f"does not compile: {exc}") from None
