"""The HTML report in a real headless browser (Debian's chromium + chromedriver, driven by selenium).

Checks what a reviewer sees: the page loads with no console errors, every numbered highlight
sits on the finding's line and column and wraps exactly its text, the category filter hides a
category, a draft line ``<script>alert(1)</script>`` shows as text and runs nothing.  A
screenshot is saved to test-artifacts/report.png.

Skipped, with the reason, only where no browser can be had (no chromium/chromedriver on PATH,
or selenium not installed); .ci/run installs chromium first.  No network is used: the page is
a local file, and the browser runs with background networking off.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_formats import DRAFT, sample_report

from doclint.formatters import render
from doclint.readers import read_path

ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
)

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    _NO_SELENIUM = None
except ImportError:  # pragma: no cover - depends on the machine
    _NO_SELENIUM = "selenium is not installed (pip install -e '.[dev]')"

pytestmark = [
    pytest.mark.skipif(_NO_SELENIUM is not None, reason=_NO_SELENIUM or ""),
    pytest.mark.skipif(
        CHROMIUM is None or CHROMEDRIVER is None,
        reason="no headless browser: chromium and chromedriver not found "
        "(Debian: apt-get install chromium chromium-driver)",
    ),
]

FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--window-size=1400,1000",
]

# Counts every alert/confirm/prompt the page tries; installed before any page script runs.
ALERT_TRAP = """
window.__dialogs = [];
['alert', 'confirm', 'prompt'].forEach(function (k) {
  window[k] = function (m) { window.__dialogs.push(k + ':' + m); };
});
"""


@pytest.fixture(scope="module")
def browser():
    profile = tempfile.mkdtemp(prefix="doclint-chromium-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={profile}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    except Exception as exc:  # pragma: no cover - depends on the machine
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"chromium could not be started headless: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": ALERT_TRAP})
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def open_page(driver, path: Path) -> None:
    driver.get_log("browser")  # drop anything left from an earlier page
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def console_problems(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def mark_geometry(driver, fid: str, n: int) -> dict:
    """Text of all fragments of highlight n, and the first fragment's row and column."""
    return driver.execute_script(
        """
        const sec = document.getElementById(arguments[0]);
        const marks = Array.from(sec.querySelectorAll('mark[data-n="' + arguments[1] + '"]'));
        const first = marks.find(m => m.classList.contains('first'));
        const tx = first.closest('.tx');
        const r = document.createRange();
        r.setStart(tx, 0);
        r.setEndBefore(first);
        const bg = getComputedStyle(first).backgroundColor;
        return {text: marks.map(m => m.textContent).join(''), fragments: marks.length,
                row: first.closest('.row').id, before: r.toString(), bg: bg,
                visible: first.getClientRects().length > 0};
        """,
        fid, str(n),
    )


def check_highlights(driver, fid: str, text: str, findings: list[dict]) -> None:
    lines = text.split("\n")
    for n, f in enumerate(findings, 1):
        g = mark_geometry(driver, fid, n)
        where = f"{fid} #{n} {f['rule']}"
        assert g["text"] == text[f["offset"] : f["end_offset"]].replace("\n", ""), where
        assert g["text"].startswith(f["excerpt"].rstrip("…").replace("\n", "")), where
        assert g["row"] == f"{fid}-L{f['line']}", where
        assert g["before"] == lines[f["line"] - 1][: f["column"] - 1], where
        assert g["visible"], where
        assert g["bg"] != "rgba(0, 0, 0, 0)", where


def test_sample_reports_load_cleanly_with_highlights_in_place(browser, tmp_path):
    files = ["samples/parking-draft.docx", "samples/parking-draft.txt"]
    out = tmp_path / "report.html"
    res = run_cli("check", "--format", "html", "--output", out, *files)
    assert res.returncode == 1, res.stderr
    data = json.loads(run_cli("check", "--format", "json", *files).stdout)
    open_page(browser, out)
    assert console_problems(browser) == []
    assert browser.title.startswith("doclint 审核报告")
    sections = browser.find_elements(By.CSS_SELECTOR, "section.file")
    assert [s.get_attribute("data-path") for s in sections] == files
    for i, fd in enumerate(data["files"], 1):
        assert fd["findings"], fd["path"]
        notes = browser.find_elements(By.CSS_SELECTOR, f"#f{i} .note")
        assert len(notes) == len(fd["findings"])
        # the page shows the extracted text (what the JSON offsets count), line by line
        text = read_path(str(ROOT / fd["path"])).text
        rows = browser.execute_script(
            "return Array.from(document.querySelectorAll('#f' + arguments[0] + ' .row .tx')).map(e => e.textContent)", i
        )
        assert rows == text.split("\n")
        check_highlights(browser, f"f{i}", text, fd["findings"])
        for note, f in zip(notes, fd["findings"]):
            assert note.is_displayed()
            assert f["message"][:20] in note.text and f["basis"][0] in note.text
    assert browser.execute_script("return window.__dialogs") == []

    # full-page screenshot for a person to look at
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1400, min(max(height, 1000), 8000))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    browser.set_window_size(1400, 1000)


def test_overlaps_line_ends_filter_and_script_text(browser, tmp_path):
    report = sample_report()
    out = tmp_path / "draft.html"
    out.write_text(render("html", report), encoding="utf-8")
    open_page(browser, out)
    assert console_problems(browser) == []
    findings = [f.to_dict() for f in report.files[0].findings]
    check_highlights(browser, "f1", DRAFT, findings)

    # the <script> line of the draft is text on the page, and nothing ran
    row5 = browser.find_element(By.ID, "f1-L5")
    assert "<script>alert(1)</script>" in row5.find_element(By.CSS_SELECTOR, ".tx").text
    assert browser.execute_script("return document.scripts.length") == 1
    assert browser.execute_script("return document.querySelectorAll('#f1 script, #f1 img').length") == 0
    assert browser.execute_script("return window.__dialogs") == []

    # the unreadable file shows its error
    err = browser.find_element(By.CSS_SELECTOR, "#f2 .error-box")
    assert "不是有效的 .docx 文件" in err.text

    # filtering: unticking 行政征收/收费 hides its notes and highlights, and only those
    fee_box = browser.find_element(By.CSS_SELECTOR, 'input[data-filter="fee"]')
    fee_notes = browser.find_elements(By.CSS_SELECTOR, '#f1 .note[data-category="fee"]')
    other_notes = browser.find_elements(By.CSS_SELECTOR, '#f1 .note:not([data-category="fee"])')
    assert fee_notes and other_notes
    assert all(n.is_displayed() for n in fee_notes + other_notes)
    fee_box.click()
    assert not fee_box.is_selected()
    assert not any(n.is_displayed() for n in fee_notes)
    assert all(n.is_displayed() for n in other_notes)
    bgs = browser.execute_script(
        "return Array.from(document.querySelectorAll('#f1 mark[data-category=\"fee\"]'))"
        ".map(m => getComputedStyle(m).backgroundColor)"
    )
    assert bgs and set(bgs) == {"rgba(0, 0, 0, 0)"}
    # the text itself stays readable
    row3 = browser.find_element(By.ID, "f1-L3").find_element(By.CSS_SELECTOR, ".tx").text
    assert "缴纳管理费，每年500元" in row3
    fee_box.click()
    assert all(n.is_displayed() for n in fee_notes)

    # clicking a highlight points at its note
    browser.find_element(By.ID, "f1-m5").click()
    assert "focus" in browser.find_element(By.ID, "f1-n5").get_attribute("class").split()
    assert console_problems(browser) == []
