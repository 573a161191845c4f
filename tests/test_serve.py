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


def page_token(c, path) -> tuple[str, str]:
    page = c.get(path)
    assert page.status_code == 200, page.text
    return page.text, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def page_state(html: str) -> dict:
    return json.loads(re.search(r'id="doclint-state">(.*?)</script>', html).group(1))


def ledger_show(db: str, rid: int = 1) -> dict:
    r = subprocess.run([sys.executable, "-m", "doclint", "ledger", "--db", db, "show", str(rid), "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_ledger_keeps_a_review_its_decisions_and_opens_it_after_a_restart(tmp_path):
    db = str(tmp_path / "ledger.db")
    srv = Server(tmp_path / "srv", "--db", db)
    try:
        c, token = page_session(srv)
        r = c.post("/upload", data={"csrf": token, "ledger": "1", "reviewer": "审核人甲"},
                   files={"file": ("摊点.docx", make_docx(DRAFT_LINES))})
        assert r.status_code == 303
        rid = r.headers["location"].rsplit("/", 1)[1]
        html, tok = page_token(c, f"/r/{rid}")
        assert 'href="/ledger?id=1"' in html and "处理结果随时写入台账" in html
        listed = c.get("/ledger")
        assert listed.status_code == 200 and "某某县城区临时摊点管理办法" in listed.text and "/ledger?id=1" in listed.text
        assert 'href="/ledger/1/view"' in listed.text
        opened = c.get("/ledger?id=1")
        assert opened.status_code == 200 and "第 1 轮" in opened.text and 'id="open-view"' in opened.text
        assert srv.files_outside() == []  # the ledger keeps the upload and results; the upload area is empty
        hdr = {"X-CSRF-Token": tok}
        from doclint.formatters.html import numbered

        findings = numbered(c.get(f"/r/{rid}/report.json").json()["files"][0]["findings"])
        keys = [f"f1-{n}" for n, f in enumerate(findings, 1)
                if f["severity"] != "info" and f["category"] not in ("scope", "deadline")]
        assert len(keys) >= 3
        k_rej, k_edit, k_rem = keys[:3]
        for body in ({"key": k_rej, "action": "reject", "reason": "本地另有规定"},
                     {"key": k_rej, "action": "remark", "remark": "已与起草单位电话核实"},
                     {"key": k_edit, "action": "edit", "text": "请改为由县人民政府依法决定。"},
                     {"key": k_rem, "action": "remark", "remark": "待科务会讨论"}):
            res = c.post(f"/r/{rid}/decide", json=body, headers=hdr)
            assert res.status_code == 200 and res.json()["ledger"] == 1, res.text
        assert res.json()["decision"] == {"action": None, "reason": None, "text": None, "remark": "待科务会讨论"}
        # written to the ledger at once, each with a history row
        shown = ledger_show(db)
        decided = {(f["decision"], f.get("reason"), f.get("edited"), f.get("remark")) for f in shown["findings"]}
        assert {(False, "本地另有规定", None, "已与起草单位电话核实"), (True, None, "请改为由县人民政府依法决定。", None),
                (None, None, None, "待科务会讨论")} <= decided
        notes = [h["note"] for h in shown["history"]]
        assert len(notes) == 5 and any("不采纳（理由：本地另有规定）" in n for n in notes)
        assert all(h["who"] == "审核人甲" for h in shown["history"])
        # remarks stay out of the opinion, and come with the JSON report
        opinion = c.get(f"/r/{rid}/opinion.md").text
        assert "已与起草单位电话核实" not in opinion and "待科务会讨论" not in opinion
        assert "请改为由县人民政府依法决定。" in opinion
        report = c.get(f"/r/{rid}/report.json").json()
        remarks = [f.get("remark") for fr in report["files"] for part in ("findings", "suppressed")
                   for f in fr.get(part, []) if f.get("remark")]
        assert sorted(remarks) == ["已与起草单位电话核实", "待科务会讨论"]
        ledger_page = c.get("/ledger?id=1").text
        assert "理由：本地另有规定" in ledger_page and "备注：待科务会讨论" in ledger_page
        assert "修改为：请改为由县人民政府依法决定。" in ledger_page
    finally:
        srv.stop()
    # a new server on the same ledger: the review opens in the annotated view with its decisions
    srv = Server(tmp_path / "srv2", "--db", db)
    try:
        c, _token = page_session(srv)
        r = c.get("/ledger/1/view")
        assert r.status_code == 303
        html, tok = page_token(c, r.headers["location"])
        state = page_state(html)["decisions"]
        assert state[k_rej] == {"action": "reject", "reason": "本地另有规定", "text": None, "remark": "已与起草单位电话核实"}
        assert state[k_edit]["action"] == "edit" and state[k_rem]["remark"] == "待科务会讨论"
        assert "<mark" in html and "不采纳 1" in html and "修改 1" in html
        rid2 = r.headers["location"].rsplit("/", 1)[1]
        assert "请改为由县人民政府依法决定。" in c.get(f"/r/{rid2}/opinion.md").text
        # going on deciding writes through to the ledger
        assert c.post(f"/r/{rid2}/decide", json={"key": k_edit, "action": "accept"},
                      headers={"X-CSRF-Token": tok}).status_code == 200
        row = next(f for f in ledger_show(db)["findings"] if f.get("remark") is None and f["decision"] is True)
        assert "edited" not in row
        # opened again in the same session: the same page, not a second copy
        assert c.get("/ledger/1/view").headers["location"] == r.headers["location"]
        assert srv.files_outside() == []
        # bad ids: a clear message, no traceback
        assert c.get("/ledger/99/view").status_code == 404 and "没有编号为 99" in c.get("/ledger/99/view").text
        bad = c.get("/ledger/abc/view")
        assert bad.status_code == 400 and "正整数" in bad.text and "Traceback" not in bad.text
        assert c.get("/ledger?id=x").status_code == 400
    finally:
        srv.stop()


def test_ledger_row_without_a_stored_review_says_so(tmp_path):
    db = str(tmp_path / "ledger.db")
    add = subprocess.run([sys.executable, "-m", "doclint", "ledger", "--db", db, "add", str(SAMPLES / "package-gov"),
                          "--today", "2025-10-22"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert add.returncode == 0, add.stderr
    srv = Server(tmp_path / "srv", "--db", db)
    try:
        c, _ = page_session(srv)
        assert "未保存文稿" in c.get("/ledger").text
        assert 'id="no-view"' in c.get("/ledger?id=1").text
        r = c.get("/ledger/1/view")
        assert r.status_code == 404 and "没有保存文稿和报告" in r.text and "不能在批注视图中打开" in r.text
    finally:
        srv.stop()


IN_FORCE_DOC = """某某县人民政府办公室关于加强城区摊点管理的通知

某政办发〔2023〕9号

一、城区临时摊点应当按照划定的区域和时段经营。
二、本通知自2023年4月1日起施行，有效期两年。

某某县人民政府办公室
2023年3月20日
"""


def test_ledger_expiring_documents_in_force(tmp_path):
    db = str(tmp_path / "ledger.db")
    docs = tmp_path / "docs"
    docs.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    (docs / "摊点通知.txt").write_text(IN_FORCE_DOC, encoding="utf-8")   # 有效期至 2025-03-31
    (docs / "旧通知.txt").write_text(IN_FORCE_DOC.replace("9号", "3号").replace("摊点管理", "早市管理"), encoding="utf-8")
    (docs / "远期.txt").write_text(IN_FORCE_DOC.replace("9号", "5号").replace("摊点管理", "夜市管理"), encoding="utf-8")
    for name, expires in (("摊点通知.txt", None), ("旧通知.txt", "2025-01-31"), ("远期.txt", "2027-12-31")):
        extra = ["--expires", expires] if expires else []
        r = subprocess.run([sys.executable, "-m", "doclint", "ledger", "--db", db, "register", str(docs / name), *extra],
                           capture_output=True, text=True, cwd=ROOT, env=env)
        assert r.returncode == 0, r.stderr
    srv = Server(tmp_path / "srv", "--db", db)   # today is 2025-03-10
    try:
        c, _ = page_session(srv)
        assert 'href="/ledger/expiring"' in c.get("/ledger").text
        page = c.get("/ledger/expiring")
        assert page.status_code == 200
        assert "关于加强城区摊点管理的通知" in page.text and "21 天后届满" in page.text
        assert "已于 2025-01-31 届满，应予清理" in page.text
        assert "夜市管理" not in page.text and "（2 件" in page.text
        assert "夜市管理" in c.get("/ledger/expiring?days=1200").text
        few = c.get("/ledger/expiring?days=0").text
        assert "摊点管理" not in few and "早市管理" in few
        for bad in ("-3", "abc", "99999999"):
            r = c.get(f"/ledger/expiring?days={bad}")
            assert r.status_code == 400 and "天数应为" in r.text
    finally:
        srv.stop()


def test_pauses_from_the_upload_form_shape_the_period(server):
    c, token = page_session(server)
    form = {"csrf": token, "received": "2025-02-28",
            "pause_start_1": "2025-03-04", "pause_end_1": "2025-03-05", "pause_reason_1": "补正材料",
            "pause_start_2": "2025-03-07", "pause_end_2": "2025-03-07", "pause_reason_2": "征求意见"}
    r = c.post("/upload", data=form, files={"file": ("摊点.txt", "\n".join(DRAFT_LINES).encode())})
    assert r.status_code == 303, r.text
    html = c.get(r.headers["location"]).text
    panel = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", html.split('id="period"', 1)[1].split("</section>", 1)[0]))
    assert "2025-03-04 至 2025-03-05（补正材料）" in html and "2025-03-07 至 2025-03-07（征求意见）" in html
    # 2025-03-03 … 2025-03-10: 6 working days, 3 of them paused
    assert panel["已用工作日"] == "3" and panel["扣除工作日"] == "3"
    r = c.post("/upload", data={"csrf": token, "received": "2025-02-28"},
               files={"file": ("摊点.txt", "\n".join(DRAFT_LINES).encode())})
    html = c.get(r.headers["location"]).text
    assert re.search(r"<dt>已用工作日</dt><dd>6</dd>", html)
    assert server.files_outside() == []


@pytest.mark.parametrize("fields,message", [
    ({"pause_start_1": "2025-03-04", "pause_reason_1": "补正材料"}, "第1项暂停：请同时填写开始日期和结束日期"),
    ({"pause_start_2": "2025-03-04", "pause_end_2": "2025-03-05"}, "第2项暂停：请写明事由"),
    ({"pause_start_1": "2025-03-06", "pause_end_1": "2025-03-05", "pause_reason_1": "座谈会"}, "早于开始日期"),
    ({"pause_start_1": "2025-02-20", "pause_end_1": "2025-03-05", "pause_reason_1": "座谈会"}, "应在收到全部材料之日（2025-02-28）之后开始"),
    ({"pause_start_1": "2025-3-4", "pause_end_1": "2025-03-05", "pause_reason_1": "座谈会"}, "第1项暂停的开始日期应为 YYYY-MM-DD 格式"),
    ({"received": "", "pause_start_1": "2025-03-04", "pause_end_1": "2025-03-05", "pause_reason_1": "座谈会"}, "请同时填写收到全部材料之日"),
])
def test_bad_pauses_are_400_in_chinese(server, fields, message):
    c, token = page_session(server)
    r = c.post("/upload", data={"csrf": token, "received": "2025-02-28", **fields},
               files={"file": ("摊点.txt", "\n".join(DRAFT_LINES).encode())})
    assert r.status_code == 400 and message in r.text and "Traceback" not in r.text
    assert server.files_outside() == []


def test_remark_without_ledger_and_bad_decisions(server):
    c, token = page_session(server)
    r = c.post("/upload", data={"csrf": token}, files={"file": ("摊点.docx", make_docx(DRAFT_LINES))})
    rid = r.headers["location"].rsplit("/", 1)[1]
    _html, tok = page_token(c, f"/r/{rid}")
    hdr = {"X-CSRF-Token": tok}
    ok = c.post(f"/r/{rid}/decide", json={"key": "f1-1", "action": "remark", "remark": "先放一放"}, headers=hdr)
    assert ok.status_code == 200 and ok.json()["ledger"] is None and ok.json()["counts"]["open"] >= 1
    # a remark stays when the finding is then accepted, and goes when emptied
    ok = c.post(f"/r/{rid}/decide", json={"key": "f1-1", "action": "accept"}, headers=hdr)
    assert ok.json()["decision"] == {"action": "accept", "reason": None, "text": None, "remark": "先放一放"}
    assert "先放一放" in page_token(c, f"/r/{rid}")[0]
    ok = c.post(f"/r/{rid}/decide", json={"key": "f1-1", "action": "remark", "remark": ""}, headers=hdr)
    assert ok.json()["decision"]["remark"] is None
    ok = c.post(f"/r/{rid}/decide", json={"key": "f1-1", "action": "clear"}, headers=hdr)
    assert ok.json()["decision"] is None
    for body, status in (([1, 2], 400), ({"key": "f1-1", "action": "remark", "remark": 5}, 400),
                         ({"key": "f1-1", "action": "shout"}, 400), ({"key": "f9-9", "action": "accept"}, 400)):
        bad = c.post(f"/r/{rid}/decide", json=body, headers=hdr)
        assert bad.status_code == status and "error" in bad.json()
    # the ledger pages need a ledger
    assert c.get("/ledger/expiring").status_code == 404 and c.get("/ledger/1/view").status_code == 404


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


def check_widths(browser, name: str) -> None:
    """The current page at 1400 px and 375 px: no horizontal overflow; a screenshot of each."""
    try:
        for width in (1400, 375):
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600})
            time.sleep(0.3)
            o = overflow(browser)
            assert o["inner"] == width and o["scroll"] <= o["inner"] and o["wide"] == [], (name, o)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            shot = ARTIFACTS / f"serve-{name}-{width}.png"
            assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 5_000
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_browser_ledger_decide_remark_and_reopen(browser, tmp_path):
    db = str(tmp_path / "ledger.db")
    srv = Server(tmp_path / "srv", "--db", db)
    try:
        browser.get(srv.url + "/")
        check_widths(browser, "upload")
        browser.find_element(By.ID, "file").send_keys(str(DOCX))
        browser.find_element(By.NAME, "ledger").click()
        browser.find_element(By.ID, "reviewer").send_keys("审核人乙")
        browser.find_element(By.ID, "submit").click()
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".note .dec"))
        assert browser.find_elements(By.CSS_SELECTOR, "mark[data-n]"), "no highlighted findings"
        assert "台账第 1 号" in browser.find_element(By.ID, "in-ledger").text
        notes = browser.find_elements(By.CSS_SELECTOR, ".note[data-key]")
        msgs = {n.get_attribute("data-key"): n.find_element(By.CSS_SELECTOR, ".msg").text for n in notes}
        before = opinion_text(browser)
        head = {k: m[:14] for k, m in msgs.items()}
        shown = [k for k in msgs if head[k] in before]
        unique = [k for k in shown if list(head.values()).count(head[k]) == 1]
        assert unique and len(shown) >= 2
        rejected, kept = unique[0], [k for k in shown if k != unique[0] and head[k] != head[unique[0]]]
        note = browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{rejected}"]')
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", note)
        note.find_element(By.CSS_SELECTOR, "button.reject").click()
        note.find_element(By.CSS_SELECTOR, "textarea").send_keys("本地另有规定，不予采纳")
        note.find_element(By.CSS_SELECTOR, "button.confirm").click()
        WebDriverWait(browser, 10).until(lambda d: "dec-reject" in note.get_attribute("class"))
        note.find_element(By.CSS_SELECTOR, "button.remark").click()
        area = note.find_element(By.CSS_SELECTOR, "textarea")
        assert area.get_attribute("value") == ""
        area.send_keys("已电话告知起草单位")
        note.find_element(By.CSS_SELECTOR, "button.confirm").click()
        WebDriverWait(browser, 10).until(
            lambda d: "已电话告知起草单位" in note.find_element(By.CSS_SELECTOR, ".dec-remark").text)
        assert "本地另有规定" in note.find_element(By.CSS_SELECTOR, ".state").text  # the remark kept the rejection
        for k in kept:
            n = browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{k}"]')
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", n)
            n.find_element(By.CSS_SELECTOR, "button.accept").click()
            WebDriverWait(browser, 10).until(lambda d, n=n: "dec-accept" in n.get_attribute("class"))
        after = opinion_text(browser)
        assert head[rejected] not in after and all(head[k] in after for k in kept)
        assert "已电话告知起草单位" not in after
        # the ledger has every decision already
        rows = ledger_show(db)["findings"]
        assert sum(1 for f in rows if f["decision"] is False and f.get("reason") == "本地另有规定，不予采纳"
                   and f.get("remark") == "已电话告知起草单位") == 1
        assert sum(1 for f in rows if f["decision"] is True) == len(kept)
        # open the ledger, then the review again, from the list
        browser.get(srv.url + "/ledger")
        check_widths(browser, "ledger")
        browser.find_element(By.CSS_SELECTOR, 'a[href="/ledger?id=1"]').click()
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.ID, "open-view"))
        assert "备注：已电话告知起草单位" in browser.page_source
        check_widths(browser, "ledger-review")
        browser.find_element(By.ID, "open-view").click()
        WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".note .dec"))
        assert browser.find_elements(By.CSS_SELECTOR, "mark[data-n]")
        again = browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{rejected}"]')
        assert "dec-reject" in again.get_attribute("class")
        assert "本地另有规定，不予采纳" in again.find_element(By.CSS_SELECTOR, ".state").text
        assert again.find_element(By.CSS_SELECTOR, ".dec-remark").text == "备注：已电话告知起草单位"
        assert all("dec-accept" in browser.find_element(By.CSS_SELECTOR, f'.note[data-key="{k}"]').get_attribute("class")
                   for k in kept)
        counts = browser.find_element(By.ID, "dec-counts").text
        assert f"采纳 {len(kept)}" in counts and "不采纳 1" in counts
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", again)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(ARTIFACTS / "serve-reopened-note.png"))
        again_opinion = opinion_text(browser)
        assert head[rejected] not in again_opinion and all(head[k] in again_opinion for k in kept)
        check_widths(browser, "reopened")
        browser.get(srv.url + "/ledger/expiring")
        check_widths(browser, "expiring")
        problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert problems == []
    finally:
        srv.stop()
