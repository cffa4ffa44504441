"""The review page in a real headless Chromium (Debian's, driven by Playwright).

The whole round trip: open the sample's page, see every applied edit highlighted, reject an
edit and accept an unsafe suggestion with the keyboard, export decisions.json, run
`cleaner apply`, and find the final text differing from the clean text at exactly those places.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers.packs import pack
from helpers.paths import SAMPLE
from playwright.sync_api import Browser, Page

from cleaner.cli import main
from cleaner.edits import Edit, apply_edits
from cleaner.pipeline import Cleaner
from cleaner.report.html import render_html
from cleaner.report.json_report import build_report

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
UNSAFE_PACK = pack("review_unsafe")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not errors, errors


def open_page(page: Page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")


def current(page: Page) -> dict[str, Any]:
    it: dict[str, Any] = page.evaluate("(() => { const it = cleanerReview.current(); return it && {id: it.id, i: it.i}; })()")
    return it


def go_to(page: Page, edit_id: str) -> None:
    """Walk to an item with the n/p keys, as a reviewer would."""
    order = page.evaluate("cleanerReview.order().map(it => it.id)")
    target = order.index(edit_id)
    for _ in range(len(order) + 1):
        here = current(page)
        at = order.index(here["id"]) if here else -1
        if at == target:
            break
        page.keyboard.press("n" if at < target else "p")
    assert current(page)["id"] == edit_id


def test_review_round_trip(page: Page, runner: CliRunner, tmp_path: Path) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    args = ["--rules", str(UNSAFE_PACK)]
    result = runner.invoke(main, ["clean", str(SAMPLE), *args, "-o", str(tmp_path / "clean.txt"),
                                  "--report", str(tmp_path / "report.json"), "--html", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    edits = {e["id"]: e for e in report["edits"]}
    applied = [e for e in report["edits"] if e["applied"]]
    suggestions = [e for e in report["edits"] if not e["applied"]]
    assert applied and suggestions and report["suspects"]
    open_page(page, tmp_path / "page.html")
    page.check("#f-sep")  # line-break-only edits are hidden until asked for

    # Walk through every change with "n": each applied edit is marked, with its text and colour.
    seen = {}
    for _ in range(len(report["edits"]) + len(report["suspects"])):
        page.keyboard.press("n")
        seen[current(page)["id"]] = page.evaluate("""(() => {
            const el = document.activeElement;
            const text = (node) => {  // the characters, without the marks that show whitespace
                const copy = node.cloneNode(true);
                copy.querySelectorAll('i.ws').forEach((mark) => mark.remove());
                return copy.textContent;
            };
            return {cls: el.className, del: text(el.querySelector('del')),
                    ins: el.querySelector('ins') ? text(el.querySelector('ins')) : null,
                    bg: getComputedStyle(el).backgroundColor,
                    insStyle: el.querySelector('ins') ? getComputedStyle(el.querySelector('ins')).fontStyle : null,
                    tip: document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent};
        })()""")
    assert {e["id"] for e in report["edits"]} <= set(seen)
    for edit in applied:
        mark = seen[edit["id"]]
        assert "applied" in mark["cls"].split() and f"st-{edit['stage'].split('+')[0]}" in mark["cls"]
        assert mark["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"{edit['id']} is not highlighted"
        assert (mark["del"], mark["ins"]) == (edit["before"], edit["after"])
        for code in edit["rule"].split("+"):  # rule code and description on focus
            assert code in mark["tip"] and report["rules"][code]["description"][:30] in mark["tip"]
    for edit in suggestions:  # shown differently: no fill, the proposal in italics
        mark = seen[edit["id"]]
        assert "sug" in mark["cls"].split() and mark["bg"] == "rgba(0, 0, 0, 0)" and mark["insStyle"] == "italic"
    suspects = [v for k, v in seen.items() if k.startswith("S")]
    assert len(suspects) == len(report["suspects"]) and all("sus" in v["cls"].split() for v in suspects)

    # Reject an applied lexical edit and accept an unsafe suggestion, with the keyboard.
    rejected = next(e for e in applied if e["stage"] == "lexical")
    accepted = suggestions[len(suggestions) // 2]
    go_to(page, rejected["id"])
    page.keyboard.press("r")
    go_to(page, accepted["id"])
    page.keyboard.press("a")
    assert "dec-reject" in (page.get_attribute(f"[data-id={rejected['id']}]", "class") or "")
    assert "dec-accept" in (page.get_attribute(f"[data-id={accepted['id']}]", "class") or "")
    with page.expect_download() as download:
        page.keyboard.press("e")
    assert download.value.suggested_filename == "decisions.json"
    decisions_path = tmp_path / "decisions.json"
    download.value.save_as(decisions_path)
    decisions = json.loads(decisions_path.read_text(encoding="utf-8"))
    assert [(d["id"], d["decision"]) for d in decisions["decisions"]] == sorted(
        [(rejected["id"], "reject"), (accepted["id"], "accept")], key=lambda d: edits[d[0]]["start"])

    # Apply the decisions: the final text departs from the clean text at exactly those two places.
    result = runner.invoke(main, ["apply", str(SAMPLE), "--decisions", str(decisions_path), *args,
                                  "-o", str(tmp_path / "final.txt")])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr
    clean = (tmp_path / "clean.txt").read_text(encoding="utf-8")
    final = (tmp_path / "final.txt").read_text(encoding="utf-8")
    changed = [op for op in difflib.SequenceMatcher(None, clean, final, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert len(changed) == 2
    expected = [Edit(**{**e, "applied": True}) for e in applied if e is not rejected] + [Edit(**{**accepted, "applied": True})]
    assert final == apply_edits(source, expected)


def test_filters_and_views(page: Page, tmp_path: Path) -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    cleaner = Cleaner()
    result = cleaner.clean(source)
    report = build_report(result, path="s.txt", rules=cleaner.all_rules)
    (tmp_path / "page.html").write_text(render_html(report, source), encoding="utf-8")
    open_page(page, tmp_path / "page.html")
    total = page.evaluate("cleanerReview.order().length")
    page.click("#summary tr[data-rule=LX04] input")
    lx04 = result.stats.per_rule["LX04"]
    assert page.evaluate("cleanerReview.order().length") == total - lx04
    assert all("LX04" not in i for i in page.evaluate("cleanerReview.order().map(it => it.rule)"))
    lx05 = next(e for e in result.edits if e.rule == "LX05")
    page.hover(f"[data-id={lx05.id}]")  # hover shows the rule and its description
    assert page.is_visible("#tip") and "LX05" in page.inner_text("#tip")
    assert cleaner.rule("LX05").description.split()[0] in page.inner_text("#tip")
    page.click(f"[data-id={lx05.id}]")  # a click makes it the current change
    assert current(page)["id"] == lx05.id
    page.click("#f-stage input[value=layout]")
    assert all(s != "layout" for s in page.evaluate("cleanerReview.order().map(it => it.stage)"))
    # The final-text view shows exactly the clean text.
    page.keyboard.press("v")
    page.evaluate("cleanerReview.renderAll()")
    page.add_style_tag(content=".chunk { content-visibility: visible !important; }")  # innerText skips hidden chunks
    assert page.inner_text("#doc").replace("\n", "") == result.text.replace("\n", "")


def test_a_large_document_renders_lazily(page: Page, tmp_path: Path) -> None:
    source = SAMPLE.read_text(encoding="utf-8") * 35  # about 1 MB of UTF-8
    cleaner = Cleaner()
    result = cleaner.clean(source)
    (tmp_path / "big.html").write_text(render_html(build_report(result, rules=cleaner.all_rules), source), encoding="utf-8")
    open_page(page, tmp_path / "big.html")
    chunks = page.evaluate("cleanerReview.chunks.length")
    rendered = page.evaluate("cleanerReview.chunks.filter(c => c.done).length")
    assert chunks > 50 and rendered < chunks / 10
    page.keyboard.press("p")  # from nowhere, "previous" goes to the last change, at the end of the text
    assert current(page)["i"] == len(result.edits) + len(result.suspects) - 1
    assert page.evaluate("cleanerReview.chunks[cleanerReview.chunks.length - 1].done")
    assert page.evaluate("document.activeElement.dataset.i") == str(current(page)["i"])
    assert page.evaluate("cleanerReview.chunks.filter(c => c.done).length") < chunks / 5


def test_a_document_without_changes_and_decisions_kept_across_reloads(page: Page, tmp_path: Path) -> None:
    cleaner = Cleaner()
    for name, text in (("none", "干净的文本。\n"), ("one", "对类烦农村改厕。\n")):
        result = cleaner.clean(text)
        (tmp_path / f"{name}.html").write_text(render_html(build_report(result, rules=cleaner.all_rules), text), encoding="utf-8")
    open_page(page, tmp_path / "none.html")
    page.keyboard.press("n")
    page.keyboard.press("r")
    assert current(page) is None and "干净的文本。" in page.inner_text("#doc")
    open_page(page, tmp_path / "one.html")
    page.keyboard.press("n")
    page.keyboard.press("r")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert "dec-reject" in (page.get_attribute("[data-id=E0001]", "class") or "")
    assert "rejected 1" in page.inner_text("#counts")
