"""The Starlette application behind `doclint serve`.

Pages: ``/`` (upload a draft or a zipped package), ``/r/{id}`` (the annotated report with a
decision per finding: 采纳 / 不采纳 with a reason / 修改 the wording), downloads of the opinion
(.docx / .md, built from the kept points) and of the report (HTML / JSON / SARIF), ``/ledger``
when a ledger is given.  JSON API: ``POST /api/check`` and ``POST /api/review``.

Safety: every upload is read with a size limit (413) and a type limit (415) into a private
per-request folder that is deleted once the response is built; zipped packages are checked
member by member (doclint.server.uploads).  State-changing page requests carry a per-session
CSRF token (cookie-bound, in a hidden field or the ``X-CSRF-Token`` header); the JSON API
requires an ``X-Doclint`` header, which a cross-site form cannot send.  Only Host headers of
the address served are accepted (no DNS rebinding).  Pages carry a Content-Security-Policy that
allows only their own inline style and script, by hash.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hmac
import json
import os
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartParser
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from doclint.errors import DoclintError
from doclint.server import pages
from doclint.server.uploads import DOCUMENT_TYPES, UploadArea, UploadError, extract_package, safe_name, \
    save_draft_as_package, suffix_of

MAX_UPLOAD = 20 * 1024 * 1024   # bytes of one request body
MAX_REVIEWS = 100               # reviews kept in memory (oldest dropped)
SESSION_COOKIE = "doclint_session"
# the linter keeps per-process caches; one check at a time keeps them consistent (the GIL
# would serialise the pure-Python work anyway)
_LINT_LOCK = threading.Lock()


@dataclass
class Decision:
    action: str | None          # "accept", "reject", "edit"; None: open (only a remark)
    reason: str | None = None   # reject: why (required)
    text: str | None = None     # edit: the new wording of the point
    remark: str | None = None   # a free remark, whatever the action (not in the opinion)

    def ledger_values(self) -> dict:
        """The findings row's columns for this decision (decision True accepted or edited,
        False rejected, None open)."""
        return {"decision": {"accept": True, "edit": True, "reject": False}.get(self.action),
                "reason": self.reason if self.action == "reject" else None,
                "edited": self.text if self.action == "edit" else None, "remark": self.remark or None}

    @classmethod
    def from_ledger(cls, row: dict) -> "Decision | None":
        verdict, remark = row.get("decision"), row.get("remark") or None
        if verdict is None:
            return cls(None, remark=remark) if remark else None
        if not verdict:
            return cls("reject", reason=row.get("reason") or "（未写明理由）", remark=remark)
        if row.get("edited"):
            return cls("edit", text=row["edited"], remark=remark)
        return cls("accept", remark=remark)


@dataclass
class Entry:
    """One review worked on in the page: the Review, its owner session and the decisions."""

    review: object
    name: str
    session: str
    created: float
    decisions: dict[str, Decision] = field(default_factory=dict)
    ledger_id: int | None = None
    ledger_ids: dict[str, int] = field(default_factory=dict)   # page key -> ledger finding id
    reviewer: str = "网页审核"
    lock: threading.Lock = field(default_factory=threading.Lock)


class Config:
    def __init__(self, db: str | None = None, upload_root: str | None = None, max_upload: int = MAX_UPLOAD,
                 allowed_hosts: list[str] | None = None, today: _dt.date | None = None):
        self.db = db
        self.area = UploadArea(upload_root)
        self.max_upload = max_upload
        self.allowed_hosts = allowed_hosts or ["127.0.0.1", "localhost", "[::1]", "::1"]
        self.today = today


# --- errors ------------------------------------------------------------------------------

def _error(status: int, message: str, api: bool) -> Response:
    if api:
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return HTMLResponse(pages.error_page(status, message), status_code=status, headers=pages.headers())


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing (413) as soon as it is longer than `limit`."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                raise UploadError(413, f"上传的文件过大（超过 {limit // (1024 * 1024)} MB 上限）")
        except ValueError:
            raise UploadError(400, "请求的 Content-Length 无效") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise UploadError(413, f"上传的文件过大（超过 {limit // (1024 * 1024)} MB 上限）")
        chunks.append(chunk)
    return b"".join(chunks)


async def _form(request: Request, limit: int):
    ctype = request.headers.get("content-type", "")
    if not ctype.startswith("multipart/form-data"):
        raise UploadError(415, "请以 multipart/form-data 上传，文件放在 file 字段中")
    body = await _read_body(request, limit)
    request._body = body  # Request.form() parses the cached body  # noqa: SLF001
    try:
        return await request.form(max_files=1, max_fields=40, max_part_size=limit)
    except Exception as exc:  # python-multipart / starlette parse errors
        raise UploadError(400, f"无法解析上传的表单（{exc.__class__.__name__}）") from None


async def _upload(form) -> tuple[str, bytes]:
    item = form.get("file")
    if item is None or isinstance(item, str):
        raise UploadError(400, "没有收到文件：请把文件放在 file 字段中")
    data = await item.read()
    await item.close()
    name = item.filename or "上传文件"
    if not data:
        raise UploadError(400, f"{safe_name(name)}: 文件是空的")
    return name, data


def _check_type(name: str, data: bytes, allowed: tuple[str, ...]) -> str:
    ext = suffix_of(name)
    shown = safe_name(name)
    if ext not in allowed:
        kinds = "、".join(allowed)
        raise UploadError(415, f"{shown}: 不支持的文件类型（{ext or '无扩展名'}），请上传 {kinds} 文件")
    zipped = data[:4] == b"PK\x03\x04"
    if ext in (".docx", ".zip") and not zipped:
        raise UploadError(415, f"{shown}: 文件内容不是 {ext} 格式")
    if ext == ".pdf" and not data.startswith(b"%PDF"):
        raise UploadError(415, f"{shown}: 文件内容不是 PDF 格式")
    if ext in (".txt", ".md") and (b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))):
        raise UploadError(415, f"{shown}: 文件内容不是文本")
    return ext


# --- the work -------------------------------------------------------------------------------

def _check(cfg: Config, name: str, data: bytes) -> dict:
    from doclint.linter import Options
    from doclint.runner import Request as LintRequest, run

    shown = safe_name(name)
    with cfg.area.folder() as folder:
        path = folder / shown
        path.write_bytes(data)
        req = LintRequest(paths=[str(path)], isolated=True, keep_source="none",
                          options=Options(max_bytes=cfg.max_upload, ledger=cfg.db),
                          today=cfg.today or _dt.date.today())
        with _LINT_LOCK:
            outcome = run(req)
        for fr in outcome.report.files:
            fr.path = shown
            if fr.error:
                fr.error = fr.error.replace(str(path), shown)
        return outcome.report.to_dict()


def _review_settings(cfg: Config, today: _dt.date | None = None):
    from doclint.linter import Options
    from doclint.review import Settings

    fixed = today or cfg.today
    return Settings(today=fixed or _dt.date.today(), opinion_date=fixed, options=Options(ledger=cfg.db))


def manifest_json(manifest: dict | None) -> dict:
    """The form's package.yaml values as JSON (dates as YYYY-MM-DD), and back (manifest_dates)."""
    def plain(v):
        if isinstance(v, _dt.date):
            return v.isoformat()
        if isinstance(v, list):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v
    return plain(manifest or {})


def manifest_dates(data: dict) -> dict | None:
    out = dict(data or {})
    if out.get("received"):
        out["received"] = _dt.date.fromisoformat(out["received"])
    if out.get("pauses"):
        out["pauses"] = [{**p, "start": _dt.date.fromisoformat(p["start"]), "end": _dt.date.fromisoformat(p["end"])}
                         for p in out["pauses"]]
    return out or None


def snapshot(review, name: str, zipped: bool, manifest: dict | None, today: _dt.date) -> dict:
    """What the ledger keeps to open the review again: the review JSON as the page downloads it,
    each file with its text, and what the upload form said (its name, the form's dates)."""
    report = review_json(review)
    for d, fr in zip(report["files"], review.report.files):
        d["text"] = fr.text
    return {"version": 1, "name": safe_name(name), "zipped": zipped, "today": today.isoformat(),
            "manifest": manifest_json(manifest), "report": report}


def _review(cfg: Config, name: str, data: bytes, zipped: bool, manifest: dict | None = None,
            keep_in_ledger: str | None = None, today: _dt.date | None = None):
    """(Review, ledger record or None) for an uploaded draft or package. The files are read
    (and, when asked, recorded in the ledger with the upload itself, so that the review can be
    opened again) inside the upload folder, which is then deleted; paths in the review are made
    relative to the package."""
    from doclint.engine import Engine
    from doclint.review import review_package

    with cfg.area.folder() as folder:
        root = extract_package(data, folder, safe_name(name)) if zipped else save_draft_as_package(data, folder, name)
        if manifest and not (root / "package.yaml").exists():
            import yaml

            (root / "package.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
        settings = _review_settings(cfg, today)
        with _LINT_LOCK:
            engine = Engine.load([])
            review = review_package(root, engine, settings)
        prefix = str(root)
        package_name = safe_name(name).rsplit(".", 1)[0] if zipped else "送审材料"
        review._root = prefix  # noqa: SLF001  (to strip from review_dict paths)
        review._package_name = package_name  # noqa: SLF001
        record = None
        if keep_in_ledger and cfg.db:
            from doclint.ledger import open_ledger

            ledger = open_ledger(cfg.db)
            try:
                record = ledger.add_review(review, keep_in_ledger, report=snapshot(review, name, zipped, manifest,
                                                                                    settings.today), upload=data)
            finally:
                ledger.close()
        for fr in review.report.files:
            if fr.path == prefix:
                fr.path = package_name
            elif fr.path.startswith(prefix + os.sep):
                fr.path = fr.path[len(prefix) + 1:]
            if fr.error:
                fr.error = fr.error.replace(prefix + os.sep, "").replace(prefix, package_name)
    return review, record


def ledger_keys(review, ids: list[int]) -> dict[str, int]:
    """Page key -> ledger finding id, from the ids in report order (Ledger.add_review)."""
    flat = [f for fr in review.report.files for f in fr.findings]
    if len(flat) != len(ids):
        return {}
    by_finding = {id(f): fid for f, fid in zip(flat, ids)}
    return {key: by_finding[id(f)] for key, (_fr, f) in finding_index(review).items()}


class NotStored(Exception):
    """A ledger review that cannot be opened in the annotated view: the Chinese reason."""


def reopen(cfg: Config, lid: int):
    """(Review, page key -> ledger finding id, decisions, reviewer, name) of a review kept in
    the ledger: the upload read again as on the day, with the texts and findings the ledger
    holds put in place (so a newer doclint shows what was decided on), and the decisions made
    so far.  Raises NotStored when the ledger has not kept what this needs."""
    from doclint.finding import Finding
    from doclint.ledger import open_ledger
    from doclint.review import DECIDING_RULE, conclude

    ledger = open_ledger(cfg.db)
    try:
        row = ledger.review(lid)
        stored = ledger.stored(lid)
    finally:
        ledger.close()
    if stored is None:
        raise NotStored(f"台账第 {lid} 号审核登记时没有保存文稿和报告（由旧版本或 doclint ledger add 登记），"
                        "不能在批注视图中打开；其问题和经过见台账页")
    snap, data = stored
    try:
        review, _ = _review(cfg, snap["name"], data, bool(snap.get("zipped")), manifest_dates(snap.get("manifest")),
                            today=_dt.date.fromisoformat(snap["today"]))
    except (UploadError, DoclintError, KeyError, ValueError) as exc:
        raise NotStored(f"台账第 {lid} 号审核保存的文稿无法重新读取（{getattr(exc, 'message', exc)}）") from None
    files = snap.get("report", {}).get("files", [])
    if len(files) == len(review.report.files):
        for d, fr in zip(files, review.report.files):
            if d.get("path") == fr.path and d.get("text") is not None:
                fr.text = d["text"]
    by_path: dict[str, list[dict]] = {}
    for f in row["findings"]:
        by_path.setdefault(f["path"], []).append(f)
    ids = []
    for fr in review.report.files:
        rows = by_path.pop("." if fr is review.folder_entry else fr.path, [])
        fr.findings = [Finding.from_dict(json.loads(f["data"])) for f in rows]
        fr.rendered = {}
        ids += [f["id"] for f in rows]
    conclusion, reason = conclude(review.drafts, review.report.files)
    review.conclusion, review.reason = conclusion, reason
    review.deciding_rule = f"{DECIDING_RULE}本件：{reason}"
    keys = ledger_keys(review, ids)
    by_id = {f["id"]: f for f in row["findings"]}
    decisions = {}
    for key, fid in keys.items():
        d = Decision.from_ledger(by_id[fid])
        if d is not None:
            decisions[key] = d
    return review, keys, decisions, row.get("reviewer") or "网页审核", snap["name"]


def review_json(review) -> dict:
    text = json.dumps(review.to_dict(), ensure_ascii=False)
    root = getattr(review, "_root", None)
    if root:
        text = text.replace(json.dumps(root + os.sep, ensure_ascii=False)[1:-1], "")
        text = text.replace(json.dumps(root, ensure_ascii=False)[1:-1], review._package_name)  # noqa: SLF001
    return json.loads(text)


def finding_index(review) -> dict[str, tuple[object, object]]:
    """key -> (FileResult, Finding) for every finding, keyed as the HTML report numbers them:
    ``f<file>-<n>`` (file from 1 in report order, n from 1 by start, the longer span first)."""
    out = {}
    for i, fr in enumerate(review.report.files, 1):
        order = sorted(range(len(fr.findings)),
                       key=lambda j: (fr.findings[j].offset, -fr.findings[j].end_offset, j))
        for n, j in enumerate(order, 1):
            out[f"f{i}-{n}"] = (fr, fr.findings[j])
    return out


class applied:
    """Context: the entry's decisions applied to its review (rejected findings moved to the
    suppressed list with their reason, edited wording in place, the conclusion recomputed);
    everything is put back on exit.  Hold entry.lock."""

    def __init__(self, entry: Entry):
        self.entry = entry
        self.undo = []

    def __enter__(self):
        from doclint.review import DECIDING_RULE, conclude

        review = self.entry.review
        index = finding_index(review)
        self.saved = (review.conclusion, review.reason, review.deciding_rule)
        for key, d in self.entry.decisions.items():
            if key not in index:
                continue
            fr, f = index[key]
            if d.action == "edit" and d.text:
                self.undo.append(("message", f, f.message))
                f.message = d.text
            elif d.action == "reject":
                self.undo.append(("reject", (fr, f, fr.findings.index(f)), f.suppressed))
                fr.findings.remove(f)
                f.suppressed = f"不采纳：{d.reason}"
                fr.suppressed.append(f)
        conclusion, reason = conclude(review.drafts, review.report.files)
        review.conclusion, review.reason = conclusion, reason
        review.deciding_rule = f"{DECIDING_RULE}本件：{reason}"
        return review

    def __exit__(self, *exc):
        review = self.entry.review
        for kind, target, old in reversed(self.undo):
            if kind == "message":
                target.message = old
            else:
                fr, f, pos = target
                fr.suppressed.remove(f)
                f.suppressed = old
                fr.findings.insert(pos, f)
        review.conclusion, review.reason, review.deciding_rule = self.saved
        return False


# --- the application ---------------------------------------------------------------------

def create_app(cfg: Config | None = None) -> Starlette:
    cfg = cfg or Config()
    reviews: OrderedDict[str, Entry] = OrderedDict()
    sessions: dict[str, str] = {}   # session id -> CSRF token
    state_lock = threading.Lock()
    MultiPartParser.spool_max_size = cfg.max_upload + 1  # uploads stay in memory, never in /tmp

    def session_of(request: Request) -> tuple[str, str, bool]:
        sid = request.cookies.get(SESSION_COOKIE, "")
        with state_lock:
            if sid in sessions:
                return sid, sessions[sid], False
            sid = secrets.token_urlsafe(24)
            sessions[sid] = secrets.token_urlsafe(24)
            return sid, sessions[sid], True

    def with_cookie(response: Response, sid: str, new: bool) -> Response:
        if new:
            response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict", path="/")
        return response

    def csrf_ok(request: Request, given: str | None) -> bool:
        sid = request.cookies.get(SESSION_COOKIE, "")
        token = sessions.get(sid)
        return bool(token and given and hmac.compare_digest(token, given))

    def entry_for(request: Request) -> Entry | None:
        rid = request.path_params["rid"]
        sid = request.cookies.get(SESSION_COOKIE, "")
        entry = reviews.get(rid)
        if entry is None or not hmac.compare_digest(entry.session, sid):
            return None
        return entry

    def api_guard(request: Request) -> Response | None:
        if request.headers.get("x-doclint") is None:
            return _error(403, "请求缺少 X-Doclint 头（防止跨站提交）", api=True)
        return None

    async def api_check(request: Request) -> Response:
        refused = api_guard(request)
        if refused:
            return refused
        try:
            form = await _form(request, cfg.max_upload)
            name, data = await _upload(form)
            _check_type(name, data, DOCUMENT_TYPES)
            result = await run_in_threadpool(_check, cfg, name, data)
        except UploadError as exc:
            return _error(exc.status, exc.message, api=True)
        except DoclintError as exc:
            return _error(422, str(exc), api=True)
        return JSONResponse(result)

    async def api_review(request: Request) -> Response:
        refused = api_guard(request)
        if refused:
            return refused
        try:
            form = await _form(request, cfg.max_upload)
            name, data = await _upload(form)
            _check_type(name, data, (".zip",))
            review, _ = await run_in_threadpool(_review, cfg, name, data, True)
        except UploadError as exc:
            return _error(exc.status, exc.message, api=True)
        except DoclintError as exc:
            return _error(422, str(exc), api=True)
        return JSONResponse(review_json(review))

    async def home(request: Request) -> Response:
        sid, token, new = session_of(request)
        mine = [(rid, e) for rid, e in reversed(reviews.items()) if e.session == sid]
        html = pages.home_page(token, mine, bool(cfg.db))
        return with_cookie(HTMLResponse(html, headers=pages.headers()), sid, new)

    async def upload(request: Request) -> Response:
        try:
            form = await _form(request, cfg.max_upload)
            if not csrf_ok(request, form.get("csrf")):
                return _error(403, "表单已失效（CSRF 校验未通过），请刷新页面后重新上传", api=False)
            name, data = await _upload(form)
            ext = _check_type(name, data, DOCUMENT_TYPES + (".zip",))
            manifest = pages.manifest_from_form(form)
            reviewer = (form.get("reviewer") or "").strip()[:40] or "网页审核"
            keep = reviewer if form.get("ledger") else None
            review, record = await run_in_threadpool(_review, cfg, name, data, ext == ".zip", manifest, keep)
        except UploadError as exc:
            return _error(exc.status, exc.message, api=False)
        except DoclintError as exc:
            return _error(422, str(exc), api=False)
        entry = Entry(review, safe_name(name), request.cookies.get(SESSION_COOKIE, ""), time.time(),
                      ledger_id=record["id"] if record else None,
                      ledger_ids=ledger_keys(review, record["finding_ids"]) if record else {}, reviewer=reviewer)
        return RedirectResponse(f"/r/{keep_entry(entry)}", status_code=303)

    def keep_entry(entry: Entry) -> str:
        rid = secrets.token_urlsafe(12)
        with state_lock:
            reviews[rid] = entry
            while len(reviews) > MAX_REVIEWS:
                reviews.popitem(last=False)
        return rid

    async def review_page(request: Request) -> Response:
        entry = entry_for(request)
        if entry is None:
            return _error(404, "没有这份审核（可能已过期或不属于本会话），请重新上传", api=False)
        sid, token, _new = session_of(request)

        def render():
            with entry.lock:
                return pages.review_page(request.path_params["rid"], entry, token)
        html = await run_in_threadpool(render)
        return HTMLResponse(html, headers=pages.headers())

    async def decide(request: Request) -> Response:
        entry = entry_for(request)
        if entry is None:
            return _error(404, "没有这份审核", api=True)
        if not csrf_ok(request, request.headers.get("x-csrf-token")):
            return _error(403, "CSRF 校验未通过，请刷新页面", api=True)
        try:
            body = json.loads(await _read_body(request, 64 * 1024) or b"{}")
        except (UploadError, ValueError):
            return _error(400, "请求内容不是有效的 JSON", api=True)
        if not isinstance(body, dict):
            return _error(400, "请求内容应为 JSON 对象", api=True)
        key, action = str(body.get("key", "")), body.get("action")
        if key not in finding_index(entry.review):
            return _error(400, f"没有编号为 {key} 的问题", api=True)
        fields = {}
        for name in ("reason", "text", "remark"):
            value = body.get(name)
            if value is not None and not isinstance(value, str):
                return _error(400, f"{name} 应为文字", api=True)
            fields[name] = (value or "").strip()
        return await run_in_threadpool(apply_decision, entry, key, action, fields)

    def apply_decision(entry: Entry, key: str, action, fields: dict) -> Response:
        """The decision on one finding, in memory and (when the review is kept there) in the
        ledger, the ledger first: a decision the ledger refused is not shown as made."""
        reason, text, remark = fields["reason"], fields["text"], fields["remark"]
        with entry.lock:
            old = entry.decisions.get(key)
            kept = old.remark if old else None
            if action == "accept":
                new = Decision("accept", remark=kept)
            elif action == "reject":
                if not reason:
                    return _error(400, "不采纳需要写明理由", api=True)
                new = Decision("reject", reason=reason[:500], remark=kept)
            elif action == "edit":
                if not text:
                    return _error(400, "修改后的表述不能为空", api=True)
                new = Decision("edit", text=text[:2000], remark=kept)
            elif action == "remark":
                new = Decision(old.action if old else None, old.reason if old else None, old.text if old else None,
                               remark[:1000] or None)
            elif action == "clear":
                new = Decision(None, remark=kept)
            else:
                return _error(400, "action 应为 accept、reject、edit、remark 或 clear", api=True)
            if new.action is None and not new.remark:
                new = None
            if entry.ledger_id is not None and key in entry.ledger_ids:
                try:
                    write_through(entry, key, new or Decision(None))
                except DoclintError as exc:
                    return _error(503, f"未能写入台账：{exc}", api=True)
            if new is None:
                entry.decisions.pop(key, None)
            else:
                entry.decisions[key] = new
            counts = pages.decision_counts(entry)
        return JSONResponse({"ok": True, "key": key, "counts": counts, "decision": vars(new) if new else None,
                             "ledger": entry.ledger_id})

    def write_through(entry: Entry, key: str, d: Decision) -> None:
        """The decision on `key` into the ledger's findings row, with a history row."""
        fid = entry.ledger_ids[key]
        said = {"accept": "采纳", "reject": f"不采纳（理由：{d.reason}）", "edit": f"修改为：{d.text}",
                None: "未处理"}[d.action]
        note = f"网页审核：问题 {fid} {said}" + (f"；备注：{d.remark}" if d.remark else "")
        if len(note) > 300:
            note = note[:299] + "…"
        ledger().decide(entry.ledger_id, fid, by=entry.reviewer, note=note, **d.ledger_values())

    def _download(entry: Entry, fmt: str) -> tuple[bytes, str, str]:
        base = os.path.splitext(entry.name)[0]
        index = finding_index(entry.review)   # the keys before the decisions move findings
        remarks = {id(index[k][1]): d.remark for k, d in entry.decisions.items() if d.remark and k in index}
        with entry.lock, applied(entry) as review:
            if fmt == "opinion.docx":
                from doclint.formatters import opinion_docx

                return (opinion_docx.render(review), f"{base}.审核意见.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            if fmt == "opinion.md":
                from doclint.formatters import opinion_md

                return opinion_md.render(review).encode("utf-8"), f"{base}.审核意见.md", "text/markdown; charset=utf-8"
            if fmt == "report.json":
                data = review_json(review)
                for d, fr in zip(data["files"], review.report.files):  # the reviewer's remarks, where given
                    for part in ("findings", "suppressed"):
                        for fd, f in zip(d.get(part, []), getattr(fr, part)):
                            if id(f) in remarks:
                                fd["remark"] = remarks[id(f)]
                return (json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"),
                        f"{base}.报告.json", "application/json")
            from doclint.formatters import render

            if fmt == "report.sarif":
                return render("sarif", review.report).encode("utf-8"), f"{base}.sarif", "application/sarif+json"
            return render("html", review.report).encode("utf-8"), f"{base}.报告.html", "text/html; charset=utf-8"

    async def download(request: Request) -> Response:
        entry = entry_for(request)
        if entry is None:
            return _error(404, "没有这份审核", api=False)
        fmt = request.path_params["fmt"]
        if fmt not in ("opinion.docx", "opinion.md", "report.html", "report.json", "report.sarif"):
            return _error(404, "没有这种下载格式", api=False)
        data, filename, ctype = await run_in_threadpool(_download, entry, fmt)
        headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
                   "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}
        return Response(data, media_type=ctype, headers=headers)

    opened_ledger = []
    ledger_lock = threading.Lock()

    def ledger():
        """The server's ledger, opened (and migrated) once."""
        with ledger_lock:
            if not opened_ledger:
                from doclint.ledger import open_ledger

                opened_ledger.append(open_ledger(cfg.db))
            return opened_ledger[0]

    def ledger_id_of(request: Request) -> int:
        raw = request.path_params.get("lid") if "lid" in request.path_params else request.query_params.get("id")
        try:
            value = int(raw)
        except (TypeError, ValueError):
            raise UploadError(400, f"台账编号应为正整数：{raw}") from None
        if not 0 < value < 2 ** 31:
            raise UploadError(400, f"台账编号应为正整数：{raw}")
        return value

    async def ledger_page(request: Request) -> Response:
        if not cfg.db:
            return _error(404, "未指定台账（用 doclint serve --db 指定）", api=False)
        try:
            rid = ledger_id_of(request) if request.query_params.get("id") is not None else None
        except UploadError as exc:
            return _error(exc.status, exc.message, api=False)

        def load():
            if rid:
                return "one", ledger().review(rid)
            status, conclusion = request.query_params.get("status"), request.query_params.get("conclusion")
            return "list", ledger().review_rows(status=[status] if status else None,
                                                conclusion=[conclusion] if conclusion else None)
        try:
            kind, data = await run_in_threadpool(load)
        except DoclintError as exc:
            return _error(404 if "没有编号为" in str(exc) else 400, f"台账：{exc}", api=False)
        html = pages.ledger_review(data) if kind == "one" else pages.ledger_list(data, request.query_params)
        return HTMLResponse(html, headers=pages.headers())

    async def ledger_view(request: Request) -> Response:
        """A review kept in the ledger, opened in the annotated view for this session (once per
        session and review: opening it again shows the same page, its decisions read anew)."""
        if not cfg.db:
            return _error(404, "未指定台账（用 doclint serve --db 指定）", api=False)
        try:
            lid = ledger_id_of(request)
        except UploadError as exc:
            return _error(exc.status, exc.message, api=False)
        sid, _token, new = session_of(request)
        with state_lock:
            mine = next((r for r, e in reviews.items() if e.session == sid and e.ledger_id == lid), None)

        def load():
            if mine is None:
                review, keys, decisions, reviewer, name = reopen(cfg, lid)
                return keep_entry(Entry(review, name, sid, time.time(), decisions=decisions, ledger_id=lid,
                                        ledger_ids=keys, reviewer=reviewer))
            entry = reviews[mine]   # already open: the decisions as the ledger has them now
            rows = {f["id"]: f for f in ledger().review(lid)["findings"]}
            with entry.lock:
                entry.decisions = {k: d for k, fid in entry.ledger_ids.items() if fid in rows
                                   for d in [Decision.from_ledger(rows[fid])] if d is not None}
            return mine
        try:
            rid = await run_in_threadpool(load)
        except (NotStored, KeyError) as exc:
            message = str(exc) if isinstance(exc, NotStored) else "这份审核已从本会话中移出，请重新打开"
            return with_cookie(_error(404, message, api=False), sid, new)
        except DoclintError as exc:
            return with_cookie(_error(404 if "没有编号为" in str(exc) else 400, f"台账：{exc}", api=False), sid, new)
        return with_cookie(RedirectResponse(f"/r/{rid}", status_code=303), sid, new)

    async def ledger_expiring(request: Request) -> Response:
        if not cfg.db:
            return _error(404, "未指定台账（用 doclint serve --db 指定）", api=False)
        raw = request.query_params.get("days", "90").strip() or "90"
        if not raw.isdigit() or int(raw) > 36500:
            return _error(400, f"天数应为 0 到 36500 之间的整数：{raw[:20]}", api=False)
        days, today = int(raw), cfg.today or _dt.date.today()
        try:
            rows = await run_in_threadpool(lambda: ledger().expiring(today, days))
        except DoclintError as exc:
            return _error(400, f"台账：{exc}", api=False)
        return HTMLResponse(pages.ledger_expiring(rows, days, today), headers=pages.headers())

    async def health(_request: Request) -> Response:
        return PlainTextResponse("ok")

    routes = [
        Route("/", home),
        Route("/upload", upload, methods=["POST"]),
        Route("/r/{rid}", review_page),
        Route("/r/{rid}/decide", decide, methods=["POST"]),
        Route("/r/{rid}/{fmt}", download),
        Route("/ledger", ledger_page),
        Route("/ledger/expiring", ledger_expiring),
        Route("/ledger/{lid}/view", ledger_view),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/review", api_review, methods=["POST"]),
        Route("/healthz", health),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        cfg.area.close()
        for led in opened_ledger:
            led.close()

    async def server_error(request: Request, exc: Exception) -> Response:
        api = request.url.path.startswith("/api/")
        return _error(500, f"处理请求时出错（{exc.__class__.__name__}），请把该文件报告给维护者", api=api)

    app = Starlette(routes=routes, exception_handlers={500: server_error}, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=cfg.allowed_hosts)],
                    lifespan=lifespan)
    app.state.config = cfg
    return app
