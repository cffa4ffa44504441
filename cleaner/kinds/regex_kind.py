"""The ``regex`` kind: a pattern and a replacement template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import regex

from cleaner.charclass import compile_pattern
from cleaner.kinds.base import Finding
from cleaner.kinds.firstchar import first_char_finder, first_chars, one_char
from cleaner.kinds.settings import read_settings
from cleaner.pattern_bounds import pattern_problem, template_problem
from cleaner.rule import Rule, rules_dir
from cleaner.stage_scan import SCAN, SHORT, SPARSE

FLAGS = {"multiline": re.M, "ignorecase": re.I, "dotall": re.S}
# A user's pattern runs under this time limit (seconds, per document), so that one
# that backtracks catastrophically is stopped and skipped instead of hanging the run.
# The built-in patterns are linted by the test suite and run on the faster ``re``.
USER_PATTERN_TIMEOUT = 5.0


def is_builtin(rule: Rule) -> bool:
    return rule.path is not None and rules_dir().resolve() in rule.path.resolve().parents


@dataclass(frozen=True)
class RegexSettings:
    pattern: str
    replace: str | None = None  # a \1-style template; only a flag rule may leave it out
    flags: tuple[str, ...] = ()  # names of FLAGS
    timeout: float = USER_PATTERN_TIMEOUT  # seconds per document, for a pattern not built in
    requires: tuple[str, ...] = ()
    line_requires: str | None = None
    after_line: str | None = None
    reason: str | None = None  # a flag's reason; the rule's description when not given


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

    Settings = RegexSettings

    def __init__(self, rule: Rule) -> None:
        settings = read_settings(rule, RegexSettings)
        pattern = settings.pattern
        if not pattern:
            raise rule.field_error("pattern", "is missing")
        flags = 0
        for name in settings.flags:
            if name not in FLAGS:
                raise rule.field_error("flags", f"has unknown flag '{name}' ({', '.join(FLAGS)})")
            flags |= FLAGS[name]
        self.timeout = None if is_builtin(rule) else settings.timeout
        try:
            if self.timeout is None:
                self.regex = compile_pattern(pattern, flags)
            else:
                self.regex = regex.compile(pattern, flags | regex.V0)
        except Exception as exc:  # re.error or regex.error
            raise rule.field_error("pattern", f"does not compile: {exc}") from None
        self.replace = settings.replace
        if rule.safety != "flag" and not isinstance(self.replace, str):
            raise rule.field_error("replace", "is missing (only flag rules may omit it)")
        if isinstance(self.replace, str) and (why := template_problem(self.regex, self.replace)):
            raise rule.field_error("replace", why)
        self.requires = settings.requires
        # Their first characters, found by the stage's one scan (cleaner.stage_scan): a text with
        # none of them holds none of the literals, without a search through it for each literal.
        firsts = sorted({lit[0] for lit in self.requires}) if all(self.requires) else []
        self.requires_bit = SCAN.register(re.compile(f"[{''.join(map(re.escape, firsts))}]")) if firsts else None
        self.line_requires = _line_pattern(rule, "line_requires", settings.line_requires)
        self.after_line = _line_pattern(rule, "after_line", settings.after_line)
        # A line holds a match only where one can start: when that is a character (never a line
        # break) and line_requires one too, the lines are visited from the first (_find_by_starts).
        starts = first_chars(self.regex) if self.timeout is None and self.line_requires is not None else None
        by_starts = starts is not None and not starts[1] and not starts[0].match("\n") and one_char(self.line_requires)
        self.line_starts = starts[0] if by_starts and starts is not None else None
        self.reason = rule.description if settings.reason is None else settings.reason
        self.flag = rule.safety == "flag"
        # Most replacements are plain text: no need for Match.expand (it re-parses the template every time).
        self.literal = self.replace if isinstance(self.replace, str) and "\\" not in self.replace else None
        if self.timeout is None:
            self.finditer = first_char_finder(self.regex) or self.regex.finditer
        else:
            compiled, limit = self.regex, self.timeout
            self.finditer = lambda text: compiled.finditer(text, timeout=limit)

    def find(self, text: str) -> list[Finding]:
        if self.requires and not self.holds_required(text):
            return []
        if self.line_requires is None:
            return self._find(text, text, 0)
        if self.line_starts is not None:
            return self._find_by_starts(text, self.line_starts)
        found: list[Finding] = []
        pos = 0
        while (hit := self.line_requires.search(text, pos)) is not None:
            start = text.rfind("\n", pos, hit.start()) + 1 or pos
            end = text.find("\n", hit.end())
            end = len(text) if end < 0 else end
            found.extend(self._find(text[start:end], text, start))
            pos = end + 1
        return found

    def _find_by_starts(self, text: str, starts: re.Pattern[str]) -> list[Finding]:
        """The same lines as the ``line_requires`` loop, visited from where a match can start:
        a line without such a character holds no match (SU01: a space in a line with a mark)."""
        found: list[Finding] = []
        pos = 0
        while (hit := starts.search(text, pos)) is not None:
            start = text.rfind("\n", pos, hit.start()) + 1 or pos
            end = text.find("\n", hit.end())
            end = len(text) if end < 0 else end
            if self.line_requires.search(text, start, end):
                found.extend(self._find(text[start:end], text, start))
            pos = end + 1
        return found

    def holds_required(self, text: str) -> bool:
        """``any(lit in text for lit in self.requires)``, tried only where the scan found a first
        character (when they are few)."""
        if self.requires_bit is not None and len(text) >= SHORT:
            starts = SCAN.positions(text, self.requires_bit)
            if len(starts) * SPARSE <= len(text):
                return any(text.startswith(lit, at) for at in starts for lit in self.requires)
        return any(lit in text for lit in self.requires)

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


def _line_pattern(rule: Rule, field: str, pattern: str | None) -> Any:
    """The compiled pattern of a line-level setting, or None."""
    if pattern is None:
        return None
    if why := pattern_problem(pattern):
        raise rule.field_error(field, why)
    try:
        return compile_pattern(pattern)
    except Exception as exc:  # re.error or regex.error
        raise rule.field_error(field, f"does not compile: {exc}") from None
