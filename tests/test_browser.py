"""The committed report in a real browser: Playwright driving Debian's chromium.

At a desktop (1280 px) and a phone (390 px) width: the page does not scroll sideways, every
image has loaded, the embedded Noto Sans Arabic web font is the one the browser uses for Arabic
text, and the findings section is there with every number equal to the value it cites in
``reports/tables/*.csv`` (read back here with pandas and aggregated independently of the code
that wrote the prose). Screenshots go to ``build/browser/`` for a person to look at.

Playwright's own browser download is not used: the test drives the system chromium
(``apt-get install chromium``) and skips, saying so, when there is none.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "report.html"
SHOTS = ROOT / "build" / "browser"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1280, 390)


def _chromium() -> str:
    found = [p for p in CHROMIUM if Path(p).is_file()] or [
        p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p
    ]
    if not found:
        pytest.skip("no chromium found (apt-get install chromium); the browser test needs one")
    return found[0]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not REPORT.is_file():
        pytest.skip(f"{REPORT} not built (nox -s report)")
    executable = _chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def page(request, browser):
    width = request.param
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(REPORT.as_uri(), wait_until="load")
    pg.evaluate("document.fonts.ready.then(() => true)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"report-{width}px-top.png"))
    pg.locator("[id='04_loanwords']").scroll_into_view_if_needed()
    pg.screenshot(path=str(SHOTS / f"report-{width}px-loanwords.png"))
    yield width, pg
    context.close()


def test_no_sideways_scrolling(page):
    width, pg = page
    scroll = pg.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll} px wide at a {width} px viewport"


def test_every_image_loaded(page):
    _, pg = page
    images = pg.evaluate(
        "Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt.slice(0, 40)])"
    )
    assert len(images) >= 10
    broken = [alt for done, w, alt in images if not (done and w > 0)]
    assert not broken, f"images not loaded: {broken}"


def test_arabic_web_font_is_used(page):
    _, pg = page
    faces = pg.evaluate(
        "Array.from(document.fonts).map(f => [f.family.replaceAll('\"', ''), f.status])"
    )
    assert ["Noto Sans Arabic", "loaded"] in faces, faces
    assert ["Noto Sans", "loaded"] in faces, faces
    # the browser can render Arabic with the embedded face (not a system fallback)
    assert pg.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'شركة')")


def _cited(table: pd.DataFrame, where: dict, column: str, agg: str):
    mask = pd.Series(True, index=table.index)
    for key, value in where.items():
        mask &= table[key].astype("str") == str(value)
    values = table.loc[mask, column]
    if agg == "count":
        return len(values)
    return values.iloc[0] if agg == "first" else getattr(values, agg)()


def test_findings_numbers_equal_the_tables(page):
    width, pg = page
    assert pg.locator("#findings").count() == 1
    assert pg.locator("#findings li").count() >= 4
    spans = pg.evaluate(
        """Array.from(document.querySelectorAll('#findings .num')).map(s => ({
            text: s.textContent, table: s.dataset.table, col: s.dataset.col,
            where: s.dataset.where, agg: s.dataset.agg, fmt: s.dataset.fmt}))"""
    )
    assert len(spans) >= 20, "the findings cite too few numbers"
    for span in spans:
        table = pd.read_csv(ROOT / "reports" / "tables" / f"{span['table']}.csv")
        value = _cited(table, json.loads(span["where"]), span["col"], span["agg"])
        if span["fmt"].endswith("d"):
            value = int(value)
        assert format(value, span["fmt"]) == span["text"], (width, span)
