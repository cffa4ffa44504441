"""PaddleOCR's JSON: text lines with boxes and recognition scores. Read and write.

Three shapes are read:

- PaddleOCR 2.x ``ocr()`` results dumped as JSON: a list of pages, each a list of
  lines ``[box, [text, score]]`` (a box is four ``[x, y]`` points), or one page's list;
- PaddleOCR 3.x ``save_to_json()``: an object with ``rec_texts``, ``rec_scores`` and
  ``rec_polys`` / ``rec_boxes`` (optionally inside ``{"res": ...}``), or a list of them,
  one a page.

PaddleOCR knows lines, not words or paragraphs: each line is one word, named
``p<page>_l<index>`` (1-based, the input's order); there is no empty line between
paragraphs. The score is the line's confidence. Writing replaces each line's text and
keeps its box and score; a line whose text the cleaning removed is dropped (from every
``rec_*`` list of a 3.x result, which are parallel).
"""

from __future__ import annotations

import json
from typing import Any

from cleaner.formats.assembly import Line, OcrDocument, Page, Word
from cleaner.io import InputError

REC_LISTS = ("rec_texts", "rec_scores", "rec_polys", "rec_boxes", "textline_orientation_angles")


def _is_line(item: Any) -> bool:
    return (isinstance(item, list) and len(item) == 2 and isinstance(item[0], list)
            and isinstance(item[1], list) and len(item[1]) == 2 and isinstance(item[1][0], str))


def _result(item: Any) -> dict[str, Any] | None:
    if isinstance(item, dict) and isinstance(item.get("res"), dict):
        item = item["res"]
    if isinstance(item, dict) and isinstance(item.get("rec_texts"), list):
        return item
    return None


def shape(data: Any) -> str | None:
    """'v2-pages', 'v2-page', 'v3' or 'v3-pages' when ``data`` is a PaddleOCR result, else None."""
    if _result(data) is not None:
        return "v3"
    if isinstance(data, list) and data and all(_result(d) is not None for d in data):
        return "v3-pages"
    if isinstance(data, list) and data and all(_is_line(d) for d in data):
        return "v2-page"
    if isinstance(data, list) and data and all((isinstance(p, list) and all(_is_line(d) for d in p)) or p is None
                                                for p in data) and any(p for p in data):
        return "v2-pages"
    return None


def read(data: bytes, name: str) -> OcrDocument:
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    kind = shape(parsed)
    if kind is None:
        raise InputError(f"{name}: JSON that is not a PaddleOCR result (lines [box, [text, score]] or rec_texts)")
    pages = []
    for p, page in enumerate(_pages(parsed, kind)):
        if kind.startswith("v3"):
            res = _result(page)
            assert res is not None
            scores = res.get("rec_scores") or []
            items = [(t, scores[i] if i < len(scores) else None) for i, t in enumerate(res["rec_texts"])]
        else:
            items = [(line[1][0], line[1][1]) for line in page or []]
        lines = []
        for i, (text, score) in enumerate(items):
            conf = float(score) if isinstance(score, int | float) else None
            line_id = f"p{p + 1}_l{i + 1}"
            lines.append(Line([Word(str(text), None, conf, i)], line_id, i))
        pages.append(Page(lines, f"page_{p + 1}", p))
    return OcrDocument("paddle", pages, parsed, {"shape": kind, "indent": 2 if b"\n" in data.strip() else None})


def _pages(parsed: Any, kind: str) -> list[Any]:
    return [parsed] if kind in ("v3", "v2-page") else list(parsed)


def write(doc: OcrDocument, texts: list[str]) -> bytes:
    kind = doc.meta["shape"]
    pages = _pages(doc.tree, kind)
    n = 0
    for page, page_data in zip(doc.pages, pages, strict=True):
        new = texts[n : n + len(page.lines)]
        n += len(page.lines)
        keep = [i for i, text in enumerate(new) if text]
        if kind.startswith("v3"):
            res = _result(page_data)
            assert res is not None
            count = len(res["rec_texts"])
            res["rec_texts"] = new
            for key in REC_LISTS:
                if isinstance(res.get(key), list) and len(res[key]) == count:
                    res[key] = [res[key][i] for i in keep]
        elif page_data:
            for i, line in enumerate(page_data):
                line[1][0] = new[i]
            page_data[:] = [page_data[i] for i in keep]
    text = json.dumps(doc.tree, ensure_ascii=False, indent=doc.meta.get("indent"))
    return (text + "\n").encode("utf-8")
