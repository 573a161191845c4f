"""The HTML report in a real headless browser (Debian's chromium + chromedriver, driven by selenium).

Checks what a reviewer sees: the page loads with no console errors; for every finding on the
samples the highlighted text is exactly the finding's excerpt (its offsets), on its line and
column, and the badges run in document order; no element id repeats; the category, severity and
rule filters hide what they exclude and every count on the page follows them, printing
included (A4, only what is shown); j/k step through the findings and the summary links jump to
them; blank lines are short rows; at 1400 px and at 375 px the page has no horizontal overflow.
A draft line ``<script>alert(1)</script>`` shows as text and runs nothing.  Screenshots are
saved under $DOCLINT_TEST_ARTIFACTS (default /tmp/doclint-test-artifacts).

Skipped, with the reason, only where no browser can be had (no chromium/chromedriver on PATH,
or selenium not installed); .ci/run installs chromium first.  No network is used: the page is
a local file, and the browser runs with background networking off.
"""

from __future__ import annotations

import base64
import json
import os
import re
from pathlib import Path

import pytest

from browser import SKIPS, By, chromium
from conftest import ROOT, run_cli
from test_formats import DRAFT, sample_report

from doclint.formatters import render
from doclint.readers import read_path

ARTIFACTS = Path(os.environ.get("DOCLINT_TEST_ARTIFACTS") or "/tmp/doclint-test-artifacts")
EPOCH = {"SOURCE_DATE_EPOCH": "1741140000"}  # 2025-03-05 10:00 Beijing time: the header is reproducible

pytestmark = SKIPS

# Counts every alert/confirm/prompt the page tries; installed before any page script runs.
ALERT_TRAP = """
window.__dialogs = [];
['alert', 'confirm', 'prompt'].forEach(function (k) {
  window[k] = function (m) { window.__dialogs.push(k + ':' + m); };
});
"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_TRAP})
        yield driver


def open_page(driver, path: Path) -> None:
    driver.get_log("browser")  # drop anything left from an earlier page
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def console_problems(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


# A draft of our own with coercive measures (查封/扣押): the highlight must start at the measure,
# not at a pattern's leading gap before it.
COERCION_DRAFT = """某某县农贸市场管理办法（征求意见稿）

第一条 为了规范农贸市场秩序，制定本办法。


第二条 对无证经营的摊点，由县市场监管局予以查封，扣押其经营工具。
第三条 对违反本办法的，由县市场监管局依法查封其经营场所、扣押相关物品。



第四条 本办法自2025年5月1日起施行。
"""


def page_order(findings: list[dict]) -> list[dict]:
    """The order the page numbers findings in: document order, the enclosing span first."""
    return [f for _i, f in sorted(enumerate(findings), key=lambda t: (t[1]["offset"], -t[1]["end_offset"], t[0]))]


MARKS_JS = """
const sec = document.getElementById(arguments[0]);
const out = {};
sec.querySelectorAll('mark[data-n]').forEach(m => {
  const n = m.getAttribute('data-n');
  const row = m.closest('.row');
  const e = out[n] || (out[n] = {fragments: []});
  e.fragments.push({line: parseInt(row.getAttribute('data-lines'), 10), text: m.textContent, id: m.id});
  if (m.classList.contains('first')) {
    const r = document.createRange();
    r.setStart(m.closest('.tx'), 0);
    r.setEndBefore(m);
    e.row = row.id; e.before = r.toString(); e.bg = getComputedStyle(m).backgroundColor;
    e.visible = m.getClientRects().length > 0;
  }
});
return out;
"""


def highlighted(fragments: list[dict]) -> str:
    """The fragments' text as one string, a line break for every line between them."""
    out, line = "", None
    for fr in fragments:
        if line is not None and fr["line"] > line:
            out += "\n" * (fr["line"] - line)
        out += fr["text"]
        line = fr["line"]
    return out


def check_highlights(driver, fid: str, text: str, findings: list[dict]) -> None:
    """Every finding's highlight is exactly its span (= its excerpt), starting at its line and column."""
    lines = text.split("\n")
    marks = driver.execute_script(MARKS_JS, fid)
    assert sorted(marks, key=int) == [str(n) for n in range(1, len(findings) + 1)]
    for n, f in enumerate(page_order(findings), 1):
        g = marks[str(n)]
        where = f"{fid} #{n} {f['rule']} {f['excerpt'][:20]!r}"
        shown = highlighted(g["fragments"])
        assert shown == text[f["offset"] : f["end_offset"]], where
        if f["excerpt"].endswith("…") and len(shown) > 200:  # the contract cuts long excerpts
            assert shown.startswith(f["excerpt"][:-1]), where
        else:
            assert shown == f["excerpt"], where
        assert shown == shown.strip(), where  # no leading or trailing gap swallowed into the span
        assert g["row"] == f"{fid}-L{f['line']}", where
        assert g["before"] == lines[f["line"] - 1][: f["column"] - 1], where
        assert g["visible"], where
        assert g["bg"] != "rgba(0, 0, 0, 0)", where
        ids = [x["id"] for x in g["fragments"]]
        assert ids[0] == f"{fid}-m{n}" and ids[1:] == [f"{fid}-m{n}-{c}" for c in "abcdefghijklmnopqrstuvwxyz"[: len(ids) - 1]]


def duplicate_ids(driver) -> list[str]:
    return driver.execute_script(
        "const seen = {}, dup = [];"
        "document.querySelectorAll('[id]').forEach(e => { if (seen[e.id]) dup.push(e.id); seen[e.id] = 1; });"
        "return dup;"
    )


def sample_paths(tmp_path) -> list[str]:
    coercion = tmp_path / "农贸市场管理办法.txt"
    coercion.write_text(COERCION_DRAFT, encoding="utf-8")
    package = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "samples/package-gov").iterdir()
                     if p.suffix in (".txt", ".md", ".docx", ".pdf"))
    return ["samples/parking-draft.docx", "samples/parking-draft.txt", "samples/clean-notice.txt", *package, str(coercion)]


def test_every_highlight_is_its_excerpt_with_unique_ids_and_badges_in_order(browser, tmp_path):
    files = sample_paths(tmp_path)
    out = tmp_path / "report.html"
    run_cli("check", "--format", "html", "--output", out, *files, env=EPOCH)
    data = json.loads(run_cli("check", "--format", "json", *files).stdout)
    open_page(browser, out)
    assert console_problems(browser) == []
    assert browser.title.startswith("doclint 审核报告")
    head = browser.find_element(By.CSS_SELECTOR, "header.top .gen").text
    assert f"doclint {data['tool']['version']}" in head and "生成时间 2025-03-05 10:00（北京时间）" in head
    sections = browser.find_elements(By.CSS_SELECTOR, "section.file")
    assert [s.get_attribute("data-path") for s in sections] == files
    assert duplicate_ids(browser) == []
    total = 0
    for i, fd in enumerate(data["files"], 1):
        assert fd["error"] is None, fd["path"]
        total += len(fd["findings"])
        text = read_path(str(ROOT / fd["path"])).text
        check_highlights(browser, f"f{i}", text, fd["findings"])
        # badges and notes both run 1, 2, 3 … down the page
        order = browser.execute_script(
            "return [Array.from(document.querySelectorAll('#f' + arguments[0] + ' mark.first')).map(m => +m.dataset.n),"
            " Array.from(document.querySelectorAll('#f' + arguments[0] + ' .note')).map(m => +m.dataset.n)]", i)
        assert order == [list(range(1, len(fd["findings"]) + 1))] * 2, fd["path"]
        notes = browser.find_elements(By.CSS_SELECTOR, f"#f{i} .note")
        for note, f in zip(notes, page_order(fd["findings"])):
            assert note.is_displayed()
            assert f["message"][:20] in note.text and f["rule"] in note.text
        # the page shows the extracted text line by line; a run of blank lines is one short row
        rows = browser.execute_script(
            "return Array.from(document.querySelectorAll('#f' + arguments[0] + ' .row')).map(r => "
            "[r.getAttribute('data-lines'), r.classList.contains('blank'), r.querySelector('.tx').textContent, "
            "r.getBoundingClientRect().height])", i)
        lines = text.split("\n")
        covered = []
        for span, blank, shown, height in rows:
            a, b = map(int, span.split("-"))
            covered.extend(range(a, b + 1))
            if blank:
                assert all(not lines[k - 1].strip() for k in range(a, b + 1)) and height <= 8, (fd["path"], span)
            else:
                assert a == b and shown == lines[a - 1], (fd["path"], span)
        assert covered == list(range(1, len(lines) + 1))
        assert not any(x[1] and y[1] for x, y in zip(rows, rows[1:])), fd["path"]  # one row per run
    assert browser.execute_script("return window.__dialogs") == []
    # the summary and the findings list name every finding
    assert browser.execute_script("return document.querySelectorAll('details.toc li').length") == total
    assert int(browser.find_element(By.CSS_SELECTOR, ".totals [data-count]:not([data-c-sev])").text) == total


def test_coercive_measure_is_highlighted_from_its_first_character(browser, tmp_path):
    p = tmp_path / "农贸市场管理办法.txt"
    p.write_text(COERCION_DRAFT, encoding="utf-8")
    out = tmp_path / "coercion.html"
    run_cli("check", "--format", "html", "--output", out, p, env=EPOCH)
    open_page(browser, out)
    texts = browser.execute_script(
        "return Array.from(document.querySelectorAll('mark[data-category=\"coercion\"]')).map(m => m.textContent)")
    assert texts and all(t.startswith(("查封", "扣押")) for t in texts), texts


def test_overlaps_line_ends_and_script_text(browser, tmp_path):
    report = sample_report()
    out = tmp_path / "draft.html"
    out.write_text(render("html", report), encoding="utf-8")
    open_page(browser, out)
    assert console_problems(browser) == []
    findings = [f.to_dict() for f in report.files[0].findings]
    check_highlights(browser, "f1", DRAFT, findings)
    assert duplicate_ids(browser) == []
    # the crossing span (OBL005 over PEN001) and the two-line span (CIT001) are split, each
    # fragment with its own id
    assert browser.execute_script("return document.querySelectorAll('#f1-m4, #f1-m4-a, #f1-m5, #f1-m5-a').length") == 4

    # the <script> line of the draft is text on the page, and nothing ran
    row5 = browser.find_element(By.ID, "f1-L5")
    assert "<script>alert(1)</script>" in row5.find_element(By.CSS_SELECTOR, ".tx").text
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.querySelectorAll('#f1 script, #f1 img').length") == 0
    assert browser.execute_script("return window.__dialogs") == []

    # the unreadable file shows its error
    err = browser.find_element(By.CSS_SELECTOR, "#f2 .error-box")
    assert "不是有效的 .docx 文件" in err.text

    # clicking a highlight points at its note, clicking a note at its highlight
    browser.find_element(By.ID, "f1-m5").click()
    assert "focus" in browser.find_element(By.ID, "f1-n5").get_attribute("class").split()
    browser.find_element(By.CSS_SELECTOR, "#f1-n2 .msg").click()
    assert "focus" in browser.find_element(By.ID, "f1-m2").get_attribute("class").split()
    assert console_problems(browser) == []


# ---------------------------------------------------------------- filters, counts, print, keys

STATE_JS = """
const q = s => Array.from(document.querySelectorAll(s));
const num = el => parseInt(el.textContent, 10);
return {
  header: Object.fromEntries(q('.totals [data-count]').map(c => [c.getAttribute('data-c-sev') || 'all', num(c)])),
  cells: q('table.summary [data-count]').map(c => [c.getAttribute('data-c-cat'), c.getAttribute('data-c-sev'), num(c),
                                                  c.tagName === 'A' ? c.getAttribute('href') : null]),
  chips: Object.fromEntries(q('.chip [data-count]').map(c => [c.getAttribute('data-c-rule'), num(c)])),
  file: Object.fromEntries(q('#f1 dl.meta [data-count]').map(c => [c.getAttribute('data-c-sev'), num(c)])),
  shown: q('#f1 .note').filter(n => n.getClientRects().length > 0).map(n => +n.dataset.n),
  lit: q('#f1 mark.first').filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)' ||
                                      m.classList.contains('point') && !m.classList.contains('filtered')).map(m => +m.dataset.n),
  toc: q('details.toc li').filter(l => getComputedStyle(l).display !== 'none').length,
  state: (document.getElementById('filter-state').hidden ? '' : document.getElementById('filter-state').textContent),
};
"""


def expected_state(findings: list[dict], off_cat=(), off_sev=(), off_rule=()) -> dict:
    shown = [(n, f) for n, f in enumerate(page_order(findings), 1)
             if f["category"] not in off_cat and f["severity"] not in off_sev and f["rule"] not in off_rule]
    sevs = ("error", "warning", "info")
    header = {s: sum(1 for _n, f in shown if f["severity"] == s) for s in sevs} | {"all": len(shown)}
    cells = []
    for cat in dict.fromkeys(f["category"] for f in sorted(findings, key=lambda f: f["category"])):
        for s in (*sevs, None):
            hit = [n for n, f in shown if f["category"] == cat and (s is None or f["severity"] == s)]
            cells.append((cat, s, len(hit), f"#f1-n{hit[0]}" if hit else None))
    return {
        "header": header,
        "cells": cells,
        "chips": {r: sum(1 for _n, f in shown if f["rule"] == r) for r in {f["rule"] for f in findings}},
        "file": {s: header[s] for s in sevs},
        "shown": [n for n, _f in shown],
    }


def check_state(driver, findings, **off) -> dict:
    got = driver.execute_script(STATE_JS)
    want = expected_state(findings, **off)
    assert got["header"] == want["header"]
    cells = {(c, s): (n, href) for c, s, n, href in got["cells"] if c is not None}
    assert {(c, s): v for (c, s), v in cells.items()} == {(c, s): (n, h if n else None) for c, s, n, h in want["cells"]
                                                          if (c, s) in cells}
    assert len(cells) == len(want["cells"])
    totals = {s: n for c, s, n, _h in got["cells"] if c is None}
    assert totals == {s: want["header"][s] for s in ("error", "warning", "info")} | {None: want["header"]["all"]}
    assert got["chips"] == want["chips"]
    assert got["file"] == want["file"]
    assert got["shown"] == want["shown"] and got["lit"] == want["shown"]
    assert got["toc"] == len(want["shown"])
    return got


def press(driver, key: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(key).perform()


def focused(driver) -> list[int]:
    return driver.execute_script("return Array.from(document.querySelectorAll('.note.focus')).map(n => +n.dataset.n)")


def test_filters_by_category_severity_and_rule_with_live_counts_print_and_keys(browser, tmp_path):
    out = tmp_path / "parking.html"
    run_cli("check", "--format", "html", "--output", out, "samples/parking-draft.docx", env=EPOCH)
    findings = json.loads(run_cli("check", "--format", "json", "samples/parking-draft.docx").stdout)["files"][0]["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning", "info"}
    open_page(browser, out)
    got = check_state(browser, findings)
    assert got["state"] == ""
    all_shown = len(got["shown"])

    # severity: untick 警告
    browser.find_element(By.CSS_SELECTOR, 'input[data-filter-severity="warning"]').click()
    got = check_state(browser, findings, off_sev={"warning"})
    assert len(got["shown"]) < all_shown and got["header"]["warning"] == 0
    assert "隐藏级别：警告" in got["state"]
    # category: untick 行政征收/收费 as well
    browser.find_element(By.CSS_SELECTOR, 'input[data-filter="fee"]').click()
    got = check_state(browser, findings, off_sev={"warning"}, off_cat={"fee"})
    assert "隐藏类别：行政征收/收费" in got["state"]
    # rule: untick LIC001 in the rule list
    browser.find_element(By.CSS_SELECTOR, "details.rules > summary").click()
    browser.find_element(By.CSS_SELECTOR, 'input[data-filter-rule="LIC001"]').click()
    check_state(browser, findings, off_sev={"warning"}, off_cat={"fee"}, off_rule={"LIC001"})

    # printing shows what the screen shows, on A4
    visible = browser.execute_script("return Array.from(document.querySelectorAll('.note')).filter(n => n.getClientRects().length).length")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = browser.execute_script(
            "return [Array.from(document.querySelectorAll('.note')).filter(n => n.getClientRects().length).length,"
            " getComputedStyle(document.getElementById('filter-state')).display,"
            " getComputedStyle(document.querySelector('nav.jump')).display]")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert printed == [visible, "block", "none"]
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
    boxes = {tuple(round(float(x)) for x in m) for m in re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)}
    assert boxes == {(595, 842)}  # A4 in points
    page_rules = browser.execute_script(
        "return Array.from(document.styleSheets[0].cssRules).filter(r => r instanceof CSSPageRule).map(r => r.style.size)")
    assert [r.lower() for r in page_rules] == ["a4"]

    # j / n and k / p step through the shown findings only
    shown = check_state(browser, findings, off_sev={"warning"}, off_cat={"fee"}, off_rule={"LIC001"})["shown"]
    browser.find_element(By.TAG_NAME, "h1").click()
    press(browser, "j")
    assert focused(browser) == [shown[0]]
    press(browser, "n")
    assert focused(browser) == [shown[1]]
    press(browser, "k")
    assert focused(browser) == [shown[0]]
    press(browser, "j")
    press(browser, "j")
    press(browser, "p")
    assert focused(browser) == [shown[1]]
    assert browser.find_element(By.ID, "jump-pos").text == f"2 / {len(shown)}"
    # the focused highlight is scrolled into view
    assert browser.execute_script(
        "const r = document.querySelector('mark.focus').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight")

    # 全部显示 brings everything back
    browser.find_element(By.CSS_SELECTOR, "button[data-reset]").click()
    check_state(browser, findings)

    # a summary cell links to the first finding it counts, and the jump focuses it
    link = browser.find_element(By.CSS_SELECTOR, 'table.summary a[data-c-cat="licensing"][data-c-sev="error"]')
    target = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    note = browser.find_element(By.ID, target)
    assert "focus" in note.get_attribute("class").split() and "LIC001" in note.text
    # the findings list links too
    browser.find_element(By.CSS_SELECTOR, "details.toc > summary").click()
    browser.find_element(By.CSS_SELECTOR, "details.toc li:last-child a").click()
    assert focused(browser) == [len(findings)]
    assert console_problems(browser) == []


# ---------------------------------------------------------------- layout at 1400 px and 375 px


def set_viewport(driver, width: int, height: int, mobile: bool) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def overflow(driver) -> dict:
    return driver.execute_script(
        "const d = document.scrollingElement;"
        "const wide = Array.from(document.querySelectorAll('body *')).filter(e => {"
        "  const r = e.getBoundingClientRect(); return r.width && r.right > innerWidth + 0.5 && !e.closest('.scroll'); })"
        "  .slice(0, 5).map(e => e.tagName + '.' + e.className);"
        "return {scroll: d.scrollWidth, inner: innerWidth, height: d.scrollHeight, wide: wide};")


@pytest.mark.parametrize("width", [1400, 375])
def test_no_horizontal_overflow_and_screenshots(browser, tmp_path, width):
    out = tmp_path / "report.html"
    run_cli("check", "--format", "html", "--output", out, *sample_paths(tmp_path)[:3], env=EPOCH)
    try:
        set_viewport(browser, width, 900, width < 600)
        open_page(browser, out)
        o = overflow(browser)
        assert o["inner"] == width
        assert o["scroll"] <= o["inner"], o
        assert o["wide"] == [], o
        # the summary table stays usable: it fits, or scrolls inside its own box
        box = browser.execute_script(
            "const s = document.querySelector('.scroll'); return [s.scrollWidth, s.clientWidth, getComputedStyle(s).overflowX]")
        assert box[0] <= box[1] or box[2] == "auto"
        # a person looks at these
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        set_viewport(browser, width, min(o["height"], 6000), width < 600)
        shot = ARTIFACTS / f"html-report-{width}.png"
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
        # the hand-made draft too (long lines, crossing spans, an unreadable file)
        page = tmp_path / "draft.html"
        page.write_text(render("html", sample_report()), encoding="utf-8")
        set_viewport(browser, width, 900, width < 600)
        open_page(browser, page)
        o = overflow(browser)
        assert o["scroll"] <= o["inner"], o
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_blank_lines_do_not_make_the_page_tall(browser, tmp_path):
    body = "\n\n\n\n".join(f"第{n}条 本条为第{n}条的正文内容。" for n in range(1, 101))
    p = tmp_path / "长稿.txt"
    p.write_text("某某县测试办法（征求意见稿）\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "long.html"
    run_cli("check", "--format", "html", "--output", out, p, env=EPOCH)
    open_page(browser, out)
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#f1 .row')).map(r => [r.classList.contains('blank'), r.getBoundingClientRect().height])")
    text_rows = [h for blank, h in rows if not blank]
    blank_rows = [h for blank, h in rows if blank]
    assert len(rows) > 200 and len(blank_rows) >= 99  # 400 blank lines in about 100 runs
    assert max(blank_rows) <= 8
    # 400 blank lines take less than a quarter of what 400 text rows would
    assert sum(blank_rows) < 400 * min(text_rows) / 4
