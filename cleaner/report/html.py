"""The HTML review page: one self-contained file (inline CSS and JavaScript, the data as JSON).

The page shows the source with every edit and suspect marked, coloured by stage and safety;
it renders lazily, a chunk of paragraphs at a time, so a large document opens at once. The
reviewer accepts or rejects edits and downloads ``decisions.json`` for ``cleaner apply``.
The page needs no network and no server: open it from disk.
"""

from __future__ import annotations

import html
import json
from importlib.resources import files
from typing import Any

from cleaner.version import __version__

# Fields of a report the page uses; the rest (hashes of the output, errors) it does not need.
_KEEP = ("report_version", "cleaner", "profile", "rules_hash", "source", "stats", "edits", "suspects", "rules")


def _asset(name: str) -> str:
    return files("cleaner.report").joinpath("assets", name).read_text(encoding="utf-8")


def page_data(report: dict[str, Any], source: str) -> dict[str, Any]:
    data = {key: report[key] for key in _KEEP if key in report}
    data.setdefault("rules", {})
    data["text"] = source
    return data


def embed_json(data: Any) -> str:
    """JSON that is safe inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</" would end the script element; "<!--" would start an HTML comment state.
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def render_html(report: dict[str, Any], source: str, *, title: str | None = None) -> str:
    """The review page for ``report`` (a JSON report) on ``source`` (its decoded source text)."""
    if len(source) != report["source"]["chars"]:
        raise ValueError("the source text is not the one the report was made on (its length differs)")
    name = report["source"].get("path") or "stdin"
    title = title or f"cleaner review: {name}"
    head, tail = _asset("review.html").split("__DATA__")
    fill = {"__CSS__": _asset("review.css"), "__JS__": _asset("review.js"), "__VERSION__": __version__}
    for key, value in fill.items():
        head, tail = head.replace(key, value), tail.replace(key, value)
    head = head.replace("__TITLE__", html.escape(title))
    return head + embed_json(page_data(report, source)) + tail
