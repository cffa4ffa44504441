"""Size and time to open of the HTML review page, for the sample and for a ~1 MB document.

Time to open is load to interactive: from navigation until the page has parsed its data,
laid out its placeholders and marked itself ready (``body[data-ready]``), after which keys
work. Baseline, in the same browser: the same text as a plain ``<pre>`` page, which is what a
browser does with the text file itself. Scrolling: the whole document is scrolled a screen at
a time and the browser's long tasks (>50 ms, PerformanceObserver) are counted.

    .venv/bin/python benchmarks/review_page.py [--copies 35] [--runs 3] [--screenshot docs/review-page.png]
"""

from __future__ import annotations

import argparse
import html
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from cleaner.pipeline import Cleaner
from cleaner.report.html import render_html

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "seeds" / "taiyuan-party-congress-report-2021.txt"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}


def write_pages(text: str, name: str, directory: Path, source_name: str) -> tuple[Path, Path]:
    cleaner = Cleaner()
    result = cleaner.clean(text)
    report = cleaner.report(result, path=source_name)
    page = directory / f"{name}.html"
    page.write_text(render_html(report, text), encoding="utf-8")
    plain = directory / f"{name}.plain.html"
    plain.write_text(f"<!DOCTYPE html><meta charset=utf-8><pre>{html.escape(text)}</pre>"
                     "<script>requestAnimationFrame(()=>{document.body.dataset.ready='1'})</script>", encoding="utf-8")
    return page, plain


def open_time(browser: Browser, path: Path) -> tuple[float, float]:
    """Wall-clock seconds from goto to ready, and the page's own performance.now() at ready (ms)."""
    page = browser.new_page(viewport=VIEWPORT)
    start = time.perf_counter()
    page.goto(path.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    wall = time.perf_counter() - start
    ready = page.evaluate("window.cleanerReadyAt || performance.now()")
    page.close()
    return wall, ready


def scroll_long_tasks(browser: Browser, path: Path) -> tuple[int, float, int, float]:
    """Scroll the whole page a screen at a time: (screens, total s, long tasks, longest ms)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    page.evaluate("""window.__long = [];
                     new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); })
                     .observe({type: 'longtask'});""")
    screens = 0
    start = time.perf_counter()
    while page.evaluate("scrollY + innerHeight < document.documentElement.scrollHeight - 2") and screens < 5000:
        page.mouse.wheel(0, 850)
        page.evaluate("new Promise(requestAnimationFrame)")
        screens += 1
    total = time.perf_counter() - start
    long = page.evaluate("window.__long")
    page.close()
    return screens, total, len(long), max(long, default=0.0)


def screenshot(browser: Browser, path: Path, out: Path) -> None:
    """The sample's page at a paragraph with several edits, one of them focused (tooltip shown)."""
    page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']")
    for _ in range(6):
        page.keyboard.press("n")
    page.wait_for_timeout(300)
    page.screenshot(path=str(out))
    page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=35, help="copies of the sample in the large document")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="also save a screenshot of the sample's page here")
    args = parser.parse_args()
    sample = SAMPLE.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, text in (("sample", sample), ("large", sample * args.copies)):
            page, plain = write_pages(text, name, Path(tmp), f"seeds/{SAMPLE.name}" if name == "sample" else f"{name}.txt")
            walls, readies, base_walls = [], [], []
            for _ in range(args.runs):
                wall, ready = open_time(browser, page)
                walls.append(wall)
                readies.append(ready)
                base_walls.append(open_time(browser, plain)[0])
            wall, ready, base = statistics.median(walls), statistics.median(readies), statistics.median(base_walls)
            print(f"{name}: text {len(text.encode('utf-8')) / 1e6:.2f} MB ({len(text)} chars); "
                  f"page {page.stat().st_size / 1e6:.2f} MB; "
                  f"open {wall * 1000:.0f} ms wall, ready at {ready:.0f} ms after navigation start; "
                  f"plain <pre> page {base * 1000:.0f} ms (ratio {wall / base:.2f})")
            screens, total, n_long, longest = scroll_long_tasks(browser, page)
            print(f"{name}: scrolled {screens} screens in {total:.1f} s; long tasks >50 ms: {n_long}, longest {longest:.0f} ms")
            if name == "sample" and args.screenshot:
                screenshot(browser, page, args.screenshot)
                print(f"wrote {args.screenshot}")
        browser.close()


if __name__ == "__main__":
    main()
