"""A second pass only where the first changed something.

The engine repeats its passes until no rule changes the text. After the first
pass, a rule needs to look again only where the text changed since it last ran
(its own edits included: a rule need not be idempotent), plus the context its
findings depend on. A rule states that context as its *reach*:

- ``line``: a finding depends only on the characters of its line (its matches,
  look-arounds and word look-ups never cross a line break; the start or end of
  the text reads like one) and never covers a line break;
- ``paragraph``: the same for a paragraph (lines between blank lines);
- ``document`` (the default): on anything; the rule runs over the whole text, unless
  nothing changed since it last ran.

A kind declares it as a class attribute ``reach``; a rule may set ``reach`` in its
pack (for a ``regex`` rule, only its author knows). The :class:`ChangeTracker`
keeps the spans changed so far, in the coordinates of the current text, each with
the time of its last change, and gives a rule the windows (whole lines or
paragraphs) around the spans changed since it last ran. Outside them, a line- or
paragraph-local rule would find what it found before, which was either applied
(so the span changed) or kept as a suggestion or suspect (recorded already, at
the same source span), so skipping it changes nothing: ``tests/test_incremental.py``
checks output and report against whole passes (``Config.whole_passes``).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any

from cleaner.edits import Change
from cleaner.kinds import Finding

REACHES = ("line", "paragraph", "document")
# Spans closer than this are kept as one (fewer spans to map; the windows are whole lines anyway).
COALESCE = 64
# Windows closer than this become one window (fewer calls into a rule, each with its own set-up).
JOIN = 256
# Windows covering more of the text than this: one run over the whole text is cheaper.
WHOLE_SHARE = 0.6
# A whitespace-only line up to this long (with its break) is one a rule may be asked about once
# (``ChangeTracker.windows``' ``quiet``); more distinct ones than MAX_BLANKS: no shortcut.
BLANK_LINE = 8
MAX_BLANKS = 4


def reach_of(rule: Any, matcher: Any) -> str:
    """The rule's declared reach, else its kind's, else ``document`` (always for a kind that
    reads the OCR confidence: it is given the whole text's)."""
    if getattr(matcher, "wants_confidence", False):
        return "document"
    reach = rule.params.get("reach") or getattr(matcher, "reach", "document")
    if reach not in REACHES:
        raise rule.field_error("reach", f"must be one of {', '.join(REACHES)}")
    return str(reach)


class ChangeTracker:
    """Spans of the current text changed so far, and when, for windowed passes."""

    def __init__(self) -> None:
        self.clock = 0
        self.spans: list[tuple[int, int, int]] = []  # (start, end, time): sorted, disjoint
        self.last_run: dict[str, int] = {}
        # Windows already worked out at this clock, by (the rule's last run, reach): the rules
        # that ran without a change since share them (a rule each would read every span again).
        self._windows: dict[tuple[int, str], tuple[str, list[tuple[int, int]] | None, frozenset[str]]] = {}

    def windows(self, code: str, reach: str, text: str,
                quiet: Callable[[str], bool] | None = None) -> list[tuple[int, int]] | None:
        """Where rule ``code`` must look now; None for the whole text. Marks the rule as run.

        ``quiet(line)``: True when the rule finds nothing in that whitespace-only line; a changed
        line of that kind (the blank line a paragraph break gains) is then left out for a rule
        of ``line`` reach, whose findings on a line depend on nothing else."""
        last = self.last_run.get(code)
        self.last_run[code] = self.clock
        if last is None:
            return None
        if last == self.clock:
            return []  # no change at all since it last ran (without reading the spans: thousands on a long text)
        if reach == "line" and quiet is not None:
            windows, blanks = self._cached(last, "line-quiet", text)
            if len(blanks) <= MAX_BLANKS and all(quiet(line) for line in blanks):
                return windows
        return self._cached(last, reach, text)[0]

    def _cached(self, last: int, reach: str, text: str) -> tuple[list[tuple[int, int]] | None, frozenset[str]]:
        """The windows (a copy) and the blank lines among them, worked out once per clock for
        the rules that last ran at ``last``."""
        key = (last, reach)
        cached = self._windows.get(key)
        if cached is None or cached[0] is not text:
            cached = (text, *self._changed_windows(last, reach, text))
            self._windows[key] = cached
        windows = cached[1]
        return (None if windows is None else list(windows)), cached[2]

    def _changed_windows(self, last: int, reach: str, text: str) -> tuple[list[tuple[int, int]] | None, frozenset[str]]:
        """The windows and, for ``reach`` ``line-quiet`` (line windows less the whitespace-only
        lines among them), the distinct whitespace-only lines left out."""
        if reach == "document":
            return None, frozenset()  # last < clock: a change since, and every change leaves a span
        changed = [(s, e) for s, e, t in self.spans if t > last]
        if not changed:
            return [], frozenset()  # the text it last saw, unchanged: it would find what it found then
        snap = _paragraph_window if reach == "paragraph" else _line_window
        apart = reach == "line-quiet"
        blanks: set[str] = set()
        windows: list[tuple[int, int]] = []
        for start, end in changed:
            if windows and start < windows[-1][1] and end <= windows[-1][1]:
                continue  # inside the whole lines (paragraphs) of the last window: snapping again on
                # one long line would scan it once per change, quadratic in its length
            lo, hi = snap(text, start, end)
            if apart and hi - lo <= BLANK_LINE and not text[lo:hi].strip():
                blanks.add(text[lo:hi])
                continue
            if windows and lo <= windows[-1][1] + JOIN:
                if hi > windows[-1][1]:
                    windows[-1] = (windows[-1][0], hi)
            else:
                windows.append((lo, hi))
        if sum(hi - lo for lo, hi in windows) > WHOLE_SHARE * len(text):
            return None, frozenset(blanks)
        return windows, frozenset(blanks)

    def changed(self, changes: Sequence[Change], before: str) -> None:
        """Record ``changes`` (sorted, non-overlapping, in the coordinates of ``before``, the
        text they changed): move the earlier spans to the new text, add what the changes
        wrote, less what they kept as it was (a paragraph break that gains a blank line
        changes neither paragraph)."""
        if not changes:
            return
        self.clock += 1
        self._windows.clear()
        starts = [c.start for c in changes]
        ends = [c.end for c in changes]
        shift = [0]  # shift[i]: size change of the changes before change i
        for c in changes:
            shift.append(shift[-1] + len(c.after) - (c.end - c.start))
        moved = []
        for lo, hi, t in self.spans:
            i = bisect.bisect_right(ends, lo)  # changes ending at or before lo move it
            lo = starts[i] + shift[i] if i < len(starts) and starts[i] < lo else lo + shift[i]
            j = bisect.bisect_left(starts, hi)  # changes starting before hi
            hi = ends[j - 1] + shift[j] if j and ends[j - 1] > hi else hi + shift[j]
            moved.append((lo, hi, t))
        now = self.clock
        added = []
        for i, c in enumerate(changes):
            lo, hi = _trimmed(before, c)
            added.append((lo + shift[i], hi + shift[i] + len(c.after) - (c.end - c.start), now))
        self.spans = _coalesce(sorted(moved + added))


def _trimmed(before: str, change: Change) -> tuple[int, int]:
    """The span of ``before`` that ``change`` really alters: its text less the start and
    end it writes back unchanged."""
    old, new = before[change.start : change.end], change.after
    if new.startswith(old) or old.startswith(new):  # an insertion or a deletion at the end (\n -> \n\n)
        return change.start + min(len(old), len(new)), change.end
    head = _common_length(old, new, 1)
    tail = _common_length(old[head:], new[head:], -1)
    return change.start + head, change.end - tail


def _common_length(a: str, b: str, direction: int) -> int:
    """How many characters ``a`` and ``b`` share at the start (1) or the end (-1), compared a
    block at a time (a rule may rewrite a whole long text and keep most of it)."""
    n = min(len(a), len(b))
    if direction < 0:
        a, b = a[len(a) - n :][::-1], b[len(b) - n :][::-1]
    same, block = 0, 256
    while same + block <= n and a[same : same + block] == b[same : same + block]:
        same += block
    while same < n and a[same] == b[same]:
        same += 1
    return same


def _coalesce(spans: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Merge spans that overlap or nearly touch; a merged span takes the latest time."""
    out: list[tuple[int, int, int]] = []
    for lo, hi, t in spans:
        if out and lo <= out[-1][1] + COALESCE:
            plo, phi, pt = out[-1]
            out[-1] = (plo, max(phi, hi), max(pt, t))
        else:
            out.append((lo, hi, t))
    return out


def _line_window(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines (each with its line break) that hold [start, end), or the point start."""
    lo = text.rfind("\n", 0, start) + 1
    nl = text.find("\n", max(start, end - 1))
    return lo, (nl + 1 if nl != -1 else len(text))


def _paragraph_window(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole paragraphs (lines between blank lines, each line with its break) around
    [start, end), and the ones touching it; the blank lines around them are left out."""
    lo, hi = _line_window(text, start, end)
    while lo > 0:  # back to the line after a blank line
        prev = text.rfind("\n", 0, lo - 1) + 1
        if not text[prev : lo - 1].strip():
            break
        lo = prev
    while hi < len(text):  # on to the line before a blank line
        nl = text.find("\n", hi)
        line_end = nl + 1 if nl != -1 else len(text)
        if not text[hi:line_end].strip():
            break
        hi = line_end
    return lo, hi


def find_in_windows(find: Any, text: str, windows: list[tuple[int, int]]) -> list[Finding]:
    """A rule's findings in each window, in the coordinates of ``text``."""
    found: list[Finding] = []
    for lo, hi in windows:
        for f in find(text[lo:hi]):
            found.append(f if lo == 0 else Finding(f.start + lo, f.end + lo, f.after, f.safety, f.reason, f.candidates))
    return found
