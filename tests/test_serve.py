"""`doclint serve` against the real server: the CLI starts uvicorn on a free 127.0.0.1 port in
a subprocess, the tests talk HTTP to it (httpx) and drive the page in headless Chromium.

API: /api/check returns the report contract; oversized (413), non-document (415), traversal
names and zip bombs (400) are refused with a Chinese message and nothing is written outside the
upload area (which is empty again after every response); CSRF and the X-Doclint header guard the
state-changing requests; a draft with ``<script>`` shows as text; 50 concurrent checks of a
10,000-character draft all succeed.  Browser: upload a .docx, see the highlights, reject one
finding with a reason, keep the others, download the opinion and find the rejected point absent
and the kept ones present; screenshots at 1400 px and 375 px with no horizontal overflow.
"""

from __future__ import annotations

import concurrent.futures
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn", reason="uvicorn is not installed (pip install -e .)")

from browser import By, WebDriverWait, chromium  # noqa: E402
from conftest import ROOT, SAMPLES  # noqa: E402

ARTIFACTS = Path(os.environ.get("DOCLINT_TEST_ARTIFACTS") or "/tmp/doclint-test-artifacts")
DOCX = SAMPLES / "parking-draft.docx"
MAX_MB = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base: Path, *extra: str):
        self.up = base / "a" / "b" / "uploads"
        self.tmp = base / "tmpdir"          # the server's TMPDIR: must stay empty too
        self.tmp.mkdir(parents=True)
        self.base = base
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "TMPDIR": str(self.tmp), "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "doclint", "serve", "--port", str(self.port), "--upload-dir", str(self.up),
             "--max-size", str(MAX_MB), "--today", "2025-03-10", *extra],
            cwd=base, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"doclint serve exited: {self.proc.stderr.read()}")
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("doclint serve did not start")

    def files_outside(self) -> list[str]:
        """Everything the server left under its base folder, other than the upload root itself."""
        return sorted(str(p.relative_to(self.base)) for p in self.base.rglob("*")
                      if p.is_file() or (p.is_dir() and p.parent == self.up))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def server():
    base = Path(tempfile.mkdtemp(prefix="doclint-serve-test-"))
    srv = Server(base)
    yield srv
    srv.stop()
    shutil.rmtree(base, ignore_errors=True)


API = {"X-Doclint": "1"}


def check(server, name, data, headers=API):
    return httpx.post(server.url + "/api/check", files={"file": (name, data)}, headers=headers, timeout=60)


def make_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def make_docx(paragraphs: list[str]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DRAFT_LINES = [
    "某某县城区临时摊点管理办法（征求意见稿）",
    "第一条 为了规范城区临时摊点，制定本办法。",
    "第二条 在城区设置临时摊点的，应当向县城市管理局申请办理临时摊点许可证。",
    "第三条 违反本办法的，由县城市管理局处以五千元罚款，并可以扣押其经营工具。",
    "第四条 本办法自印发之日起施行。",
]


def test_api_check_returns_the_report_contract(server):
    r = check(server, "摊点管理办法.docx", make_docx(DRAFT_LINES))
    assert r.status_code == 200, r.text
    data = r.json()
    assert set(data) >= {"version", "tool", "files", "summary"}
    fr = data["files"][0]
    assert fr["path"] == "摊点管理办法.docx"
    rules = {f["rule"] for f in fr["findings"]}
    assert fr["findings"] and all({"rule", "severity", "message", "offset", "end_offset"} <= set(f) for f in fr["findings"])
    # the same contract as the command line gives for that file
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "摊点管理办法.docx"
        p.write_bytes(make_docx(DRAFT_LINES))
        cli = subprocess.run([sys.executable, "-m", "doclint", "check", "--format", "json", "--no-config",
                              "--today", "2025-03-10", str(p)], capture_output=True, text=True, cwd=ROOT)
        want = json.loads(cli.stdout)["files"][0]
    assert rules == {f["rule"] for f in want["findings"]}
    assert server.files_outside() == []


def test_oversized_upload_is_413_in_chinese(server):
    r = check(server, "大文件.txt", "第一条 内容。\n".encode() * (MAX_MB * 1024 * 1024 // 10))
    assert r.status_code == 413
    assert "过大" in r.json()["error"]
    assert server.files_outside() == []


@pytest.mark.parametrize("name,data", [("程序.exe", b"MZ\x90\x00binary"), ("伪装.docx", b"not a zip at all"),
                                       ("图片.pdf", b"\x89PNG\r\n")])
def test_non_document_is_415(server, name, data):
    r = check(server, name, data)
    assert r.status_code == 415
    assert name in r.json()["error"] and "不" in r.json()["error"]


def test_api_needs_the_doclint_header(server):
    r = check(server, "a.txt", "第一条 内容。".encode(), headers={})
    assert r.status_code == 403 and "X-Doclint" in r.json()["error"]


def test_foreign_host_header_is_refused(server):
    r = httpx.get(server.url + "/", headers={"Host": "evil.example"})
    assert r.status_code == 400


def test_traversal_name_of_a_single_file_stays_inside(server):
    r = check(server, "../../x.docx", make_docx(DRAFT_LINES))
    assert r.status_code == 200
    assert r.json()["files"][0]["path"] == "x.docx"
    assert server.files_outside() == []
    assert not list(server.base.rglob("x.docx"))


def test_traversal_member_in_a_package_is_refused(server):
    data = make_zip({"草案（送审稿）.txt": "第一条 内容。".encode(), "../../x.docx": make_docx(DRAFT_LINES)})
    r = httpx.post(server.url + "/api/review", files={"file": ("材料.zip", data)}, headers=API, timeout=60)
    assert r.status_code == 400
    assert "../../x.docx" in r.json()["error"] and "包外" in r.json()["error"]
    assert not list(server.base.rglob("x.docx"))
    assert server.files_outside() == []


def test_zip_bomb_is_refused(server):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("草案（送审稿）.txt", "w", force_zip64=True) as out:
            block = b"0" * (1 << 20)
            for _ in range(200):   # 200 MB of zeros in ~200 KB
                out.write(block)
    assert len(buf.getvalue()) < MAX_MB * 1024 * 1024
    r = httpx.post(server.url + "/api/review", files={"file": ("炸弹.zip", buf.getvalue())}, headers=API, timeout=60)
    assert r.status_code == 400 and "压缩炸弹" in r.json()["error"]
    assert server.files_outside() == []


def test_api_review_of_a_package(server):
    members = {f"package-gov/{p.name}": p.read_bytes() for p in (SAMPLES / "package-gov").iterdir() if p.is_file()}
    r = httpx.post(server.url + "/api/review", files={"file": ("package-gov.zip", make_zip(members))},
                   headers=API, timeout=60)
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["review"]["conclusion"] in ("合法", "应当予以修改", "不合法")
    assert data["review"]["period"]["received"] == "2025-09-26"
    assert str(server.up) not in json.dumps(data, ensure_ascii=False)  # paths are relative to the package
    assert server.files_outside() == []


def page_session(server):
    c = httpx.Client(base_url=server.url, timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', c.get("/").text).group(1)
    return c, token


def test_upload_without_csrf_token_is_refused(server):
    c, _token = page_session(server)
    r = c.post("/upload", data={"csrf": "wrong"}, files={"file": ("a.txt", "第一条 内容。".encode())})
    assert r.status_code == 403 and "CSRF" in r.text


def test_script_in_a_draft_renders_as_text(server):
    c, token = page_session(server)
    text = "某某县测试办法（征求意见稿）\n第一条 <script>alert(1)</script> 应当办理许可证。\n"
    r = c.post("/upload", data={"csrf": token}, files={"file": ("测试.txt", text.encode())})
    assert r.status_code == 303
    page = c.get(r.headers["location"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp
    assert server.files_outside() == []


def test_decisions_shape_the_opinion(server):
    c, token = page_session(server)
    r = c.post("/upload", data={"csrf": token}, files={"file": ("摊点.docx", make_docx(DRAFT_LINES))})
    rid = r.headers["location"].rsplit("/", 1)[1]
    page = c.get(f"/r/{rid}").text
    token2 = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    before = c.get(f"/r/{rid}/opinion.md").text
    report = c.get(f"/r/{rid}/report.json").json()
    from doclint.formatters.html import numbered

    findings = numbered(report["files"][0]["findings"])
    n, target = next((n, f) for n, f in enumerate(findings, 1)
                     if f["severity"] != "info" and f["category"] not in ("scope", "deadline"))
    # refused without the token, and a rejection needs a reason
    assert c.post(f"/r/{rid}/decide", json={"key": f"f1-{n}", "action": "accept"}).status_code == 403
    hdr = {"X-CSRF-Token": token2}
    assert c.post(f"/r/{rid}/decide", json={"key": f"f1-{n}", "action": "reject"}, headers=hdr).status_code == 400
    ok = c.post(f"/r/{rid}/decide", json={"key": f"f1-{n}", "action": "reject", "reason": "本地另有规定"}, headers=hdr)
    assert ok.status_code == 200 and ok.json()["counts"]["reject"] == 1
    after = c.get(f"/r/{rid}/report.json").json()
    sup = after["files"][0]["suppressed"]
    assert [s["rule"] for s in sup] == [target["rule"]] and sup[0]["suppressed"] == "不采纳：本地另有规定"
    assert len(after["files"][0]["findings"]) == len(findings) - 1
    # an edited point speaks with the new wording
    m, other = next((m, f) for m, f in enumerate(findings, 1)
                    if m != n and f["severity"] != "info" and f["category"] not in ("scope", "deadline"))
    assert c.post(f"/r/{rid}/decide", json={"key": f"f1-{m}", "action": "edit", "text": "请改为由县人民政府依法决定。"},
                  headers=hdr).status_code == 200
    opinion = c.get(f"/r/{rid}/opinion.md").text
    assert "请改为由县人民政府依法决定。" in opinion and "请改为由县人民政府依法决定。" not in before
    docx_bytes = c.get(f"/r/{rid}/opinion.docx").content
    import docx

    words = "\n".join(p.text for p in docx.Document(io.BytesIO(docx_bytes)).paragraphs)
    assert "请改为由县人民政府依法决定。" in words
    # another session cannot see it
    other_client, _ = page_session(server)
    assert other_client.get(f"/r/{rid}").status_code == 404


def ten_thousand_chars() -> str:
    lines = ["某某县城区市容环境管理办法（征求意见稿）"]
    n = 1
    while sum(map(len, lines)) < 10_000:
        lines.append(f"第{n}条 在城区主要街道两侧设置户外广告的，应当向县城市管理部门申请办理设置许可，"
                     f"违反规定的，由县城市管理部门责令限期改正，处以{n * 100}元罚款。")
        n += 1
    return "\n".join(lines)[:10_000]


def test_fifty_concurrent_checks(server):
    text = ten_thousand_chars().encode("utf-8")
    assert len(text.decode("utf-8")) == 10_000

    def one(i):
        r = httpx.post(server.url + "/api/check", files={"file": (f"稿{i}.txt", text)}, headers=API, timeout=300)
        return r.status_code, len(r.json()["files"][0]["findings"])

    with concurrent.futures.ThreadPoolExecutor(50) as pool:
        results = list(pool.map(one, range(50)))
    assert {code for code, _n in results} == {200}
    assert len({n for _c, n in results}) == 1 and results[0][1] > 0
    assert server.files_outside() == []


def test_ledger_keeps_a_review_and_opens_it(tmp_path):
    srv = Server(tmp_path / "srv", "--db", str(tmp_path / "ledger.db"))
    try:
        c, token = page_session(srv)
        r = c.post("/upload", data={"csrf": token, "ledger": "1", "reviewer": "审核人甲"},
                   files={"file": ("摊点.docx", make_docx(DRAFT_LINES))})
        assert r.status_code == 303
        listed = c.get("/ledger")
        assert listed.status_code == 200 and "某某县城区临时摊点管理办法" in listed.text and "/ledger?id=1" in listed.text
        opened = c.get("/ledger?id=1")
        assert opened.status_code == 200 and "第 1 轮" in opened.text
        assert srv.files_outside() == []  # the ledger keeps digests and results; the upload is gone
    finally:
        srv.stop()


def test_serve_help_and_bad_port():
    r = subprocess.run([sys.executable, "-m", "doclint", "serve", "--port", "70000"], capture_output=True, text=True,
                       cwd=ROOT)
    assert r.returncode == 2 and "Traceback" not in r.stderr


# --- the page in a real browser -------------------------------------------------------------



@pytest.fixture(scope="module")
def browser():
    downloads = Path(tempfile.mkdtemp(prefix="doclint-downloads-"))
    with chromium() as driver:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        driver.downloads = downloads
        yield driver
    shutil.rmtree(downloads, ignore_errors=True)


def wait_download(folder: Path, suffix: str, timeout: float = 20) -> Path:
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} downloaded: {list(folder.iterdir())}")


def overflow(driver) -> dict:
    return driver.execute_script(
        "const d = document.scrollingElement;"
        "const wide = Array.from(document.querySelectorAll('body *')).filter(e => {"
        "  const r = e.getBoundingClientRect(); return r.width && r.right > innerWidth + 0.5 && !e.closest('.scroll'); })"
        "  .slice(0, 5).map(e => e.tagName + '.' + e.className);"
        "return {scroll: d.scrollWidth, inner: innerWidth, height: d.scrollHeight, wide: wide};")


def upload_sample(browser, server) -> None:
    browser.get(server.url + "/")
    browser.find_element(By.ID, "file").send_keys(str(DOCX))
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".note .dec"))


def opinion_text(browser) -> str:
    for p in browser.downloads.iterdir():
        p.unlink()
    browser.find_element(By.ID, "dl-opinion-md").click()
    return wait_download(browser.downloads, ".md").read_text(encoding="utf-8")


def test_browser_reject_one_keep_the_others(browser, server):
    upload_sample(browser, server)
    marks = browser.find_elements(By.CSS_SELECTOR, "mark[data-n]")
    assert marks, "no highlighted findings"
    notes = browser.find_elements(By.CSS_SELECTOR, ".note[data-key]")
    msgs = {n.get_attribute("data-key"): n.find_element(By.CSS_SELECTOR, ".msg").text for n in notes}
    before = opinion_text(browser)
    # findings whose words reach the opinion, and one of them said by no other finding
    head = {k: m[:14] for k, m in msgs.items()}
    shown = [k for k in msgs if head[k] in before]
    unique = [k for k in shown if list(head.values()).count(head[k]) == 1]
    assert unique and len(shown) >= 2
    rejected, kept = unique[0], [k for k in shown if k != unique[0] and head[k] != head[unique[0]]]
    note = browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{rejected}"]')
    note.find_element(By.CSS_SELECTOR, "button.reject").click()
    note.find_element(By.CSS_SELECTOR, "textarea").send_keys("本地另有规定，不予采纳")
    note.find_element(By.CSS_SELECTOR, "button.confirm").click()
    WebDriverWait(browser, 10).until(lambda d: "dec-reject" in note.get_attribute("class"))
    assert "本地另有规定" in note.find_element(By.CSS_SELECTOR, ".state").text
    for k in kept:
        n = browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{k}"]')
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", n)
        n.find_element(By.CSS_SELECTOR, "button.accept").click()
        WebDriverWait(browser, 10).until(lambda d, n=n: "dec-accept" in n.get_attribute("class"))
    counts = browser.find_element(By.ID, "dec-counts").text
    assert f"采纳 {len(kept)}" in counts and "不采纳 1" in counts
    after = opinion_text(browser)
    assert head[rejected] not in after
    assert all(head[k] in after for k in kept)
    # the decisions survive a reload
    browser.refresh()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".note .dec"))
    assert "dec-reject" in browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{rejected}"]').get_attribute("class")
    problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert problems == []


@pytest.mark.parametrize("width", [1400, 375])
def test_browser_screenshots_without_overflow(browser, server, width):
    upload_sample(browser, server)
    try:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
        browser.refresh()
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".note .dec"))
        o = overflow(browser)
        assert o["inner"] == width
        assert o["scroll"] <= o["inner"], o
        assert o["wide"] == [], o
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ARTIFACTS / f"serve-{width}.png"
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 10_000
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
