"""The pages of `doclint serve`, as strings: no template engine, no build step, nothing loaded
from outside.  Every piece of document text goes through html.escape; the only script is
static/serve.js (plus the HTML report's own), allowed by hash in the Content-Security-Policy.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from importlib import resources

from doclint.formatters import html as report_html
from doclint.formatters.html import e

SERVE_CSS = resources.files("doclint.server").joinpath("static/serve.css").read_text(encoding="utf-8")
SERVE_JS = resources.files("doclint.server").joinpath("static/serve.js").read_text(encoding="utf-8")
_h = report_html._hash  # noqa: SLF001

CSP = (
    "default-src 'none'; "
    f"style-src {_h(report_html.CSS)} {_h(SERVE_CSS)}; "
    f"script-src {_h(report_html.JS)} {_h(SERVE_JS)}; "
    "connect-src 'self'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def headers() -> dict[str, str]:
    return {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY", "Cache-Control": "no-store"}


def _shell(title: str, body: str, head: str = "") -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(title)}</title><style>{report_html.CSS}</style><style>{SERVE_CSS}</style>{head}</head>"
            f"<body>{body}</body></html>\n")


def error_page(status: int, message: str) -> str:
    return _shell("doclint：出错了", f'<div class="upload"><h1>出错了（{status}）</h1><p class="err">{e(message)}</p>'
                  '<p><a href="/">返回上传页</a></p></div>')


def home_page(token: str, mine: list, has_ledger: bool) -> str:
    recent = "".join(f'<li><a href="/r/{e(rid)}">{e(entry.name)}</a>（{e(entry.review.conclusion)}）</li>'
                     for rid, entry in mine[:10])
    ledger = ('<fieldset><legend>台账</legend><label><input type="checkbox" name="ledger" value="1"> 存入台账</label>'
              '<label for="reviewer">审核人</label><input type="text" id="reviewer" name="reviewer" maxlength="40">'
              '</fieldset><p><a href="/ledger">查看台账</a> · <a href="/ledger/expiring">有效期将届满的现行文件</a></p>') if has_ledger else ""
    body = (
        '<div class="upload"><h1>doclint 合法性审核</h1>'
        '<p class="muted">上传草案（.docx、.txt、.md、.pdf）或打包的送审材料（.zip），逐条处理发现的问题后生成审核意见。'
        '文件只在本机处理，处理完即删除。</p>'
        '<form method="post" action="/upload" enctype="multipart/form-data">'
        f'<input type="hidden" name="csrf" value="{e(token)}">'
        '<label for="file">草案或送审材料</label>'
        '<input type="file" id="file" name="file" required accept=".docx,.txt,.md,.pdf,.zip">'
        '<fieldset><legend>审核期限（送审材料中没有 package.yaml 时使用）</legend>'
        '<label for="received">收到全部材料之日</label><input type="date" id="received" name="received">'
        '<label for="emergency">紧急情况（缩短期限的理由，可不填）</label>'
        '<input type="text" id="emergency" name="emergency" maxlength="200">'
        '<p class="muted">不计入审核期限的期间（补正材料、征求意见、座谈会、论证会、实地调查、返回起草部门修改补充等；'
        '含首尾两日，须在收到全部材料之日之后）：</p>'
        + "".join(
            f'<div class="pause"><span class="pause-n">{i}</span>'
            f'<label>自 <input type="date" id="pause_start_{i}" name="pause_start_{i}" aria-label="第{i}项暂停开始日期"></label>'
            f'<label>至 <input type="date" id="pause_end_{i}" name="pause_end_{i}" aria-label="第{i}项暂停结束日期"></label>'
            f'<label>事由 <input type="text" id="pause_reason_{i}" name="pause_reason_{i}" maxlength="100" '
            f'aria-label="第{i}项暂停事由" placeholder="如 补正材料"></label></div>'
            for i in range(1, PAUSE_ROWS + 1))
        + '</fieldset>'
        f"{ledger}"
        '<p><button type="submit" id="submit">上传并审核</button></p></form>'
        + (f"<h2>本次会话的审核</h2><ul>{recent}</ul>" if recent else "")
        + "</div>"
    )
    return _shell("doclint 合法性审核", body)


PAUSE_ROWS = 3


def _form_date(form, name: str, label: str):
    from doclint.server.uploads import UploadError

    value = form.get(name)
    value = value.strip() if isinstance(value, str) else ""
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise UploadError(400, f"{label}应为 YYYY-MM-DD 格式：{value[:40]}") from None


def manifest_from_form(form) -> dict | None:
    """The package.yaml values the upload form gives (received, pauses, emergency), checked
    as package.yaml's are; UploadError(400) with a one-line Chinese message otherwise."""
    from doclint.server.uploads import UploadError

    out = {}
    received = _form_date(form, "received", "收到日期")
    if received:
        out["received"] = received
    pauses = []
    for i in range(1, PAUSE_ROWS + 1):
        start = _form_date(form, f"pause_start_{i}", f"第{i}项暂停的开始日期")
        end = _form_date(form, f"pause_end_{i}", f"第{i}项暂停的结束日期")
        reason = form.get(f"pause_reason_{i}")
        reason = reason.strip() if isinstance(reason, str) else ""
        if not (start or end or reason):
            continue
        if not (start and end):
            raise UploadError(400, f"第{i}项暂停：请同时填写开始日期和结束日期（含首尾两日）")
        if not reason:
            raise UploadError(400, f"第{i}项暂停：请写明事由（如 补正材料、征求意见、座谈会）")
        if end < start:
            raise UploadError(400, f"第{i}项暂停的结束日期 {end} 早于开始日期 {start}")
        if received is None:
            raise UploadError(400, "填写不计入审核期限的期间时，请同时填写收到全部材料之日")
        if start <= received:
            raise UploadError(400, f"第{i}项暂停（{start} 起）应在收到全部材料之日（{received}）之后开始")
        pauses.append({"start": start, "end": end, "reason": reason[:100]})
    if pauses:
        out["pauses"] = pauses
    emergency = form.get("emergency")
    emergency = emergency.strip() if isinstance(emergency, str) else ""
    if emergency:
        out["emergency"] = emergency[:200]
    return out or None


def decision_counts(entry) -> dict:
    from doclint.server.app import finding_index

    keys = finding_index(entry.review)
    c = {"accept": 0, "reject": 0, "edit": 0}
    for k, d in entry.decisions.items():
        if k in keys and d.action in c:
            c[d.action] += 1
    c["open"] = len(keys) - sum(c.values())
    c["remarks"] = sum(1 for k, d in entry.decisions.items() if k in keys and d.remark)
    return c


def _period_panel(review) -> str:
    from doclint.review import review_dict

    d = review_dict(review)
    p, m = d["period"], d["materials"]
    rows = [("审核结论", review.conclusion), ("判定", review.reason), ("审核机构", review.reviewing_body or "未确定")]
    if p.get("latest"):
        rows += [("收到材料", p["received"]), ("最迟办结", p["latest"]),
                 ("已用工作日", p.get("working_days_used")), ("状态", p.get("status_label") or p.get("status"))]
    for q in p.get("pauses") or []:
        rows.append(("不计入期限", f"{q['start']} 至 {q['end']}（{q['reason']}）"))
    if p.get("paused_workdays"):
        rows.append(("扣除工作日", p["paused_workdays"]))
    if p.get("emergency"):
        rows.append(("紧急情况", p["emergency"]))
    if p.get("explanation"):
        rows.append(("期限说明", p["explanation"]))
    rows.append(("已收材料", "、".join(x["name"] for x in m["found"]) or "无"))
    if m["missing"]:
        rows.append(("缺少材料", "、".join(x["name"] for x in m["missing"])))
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows if v not in (None, ""))
    return f'<section class="panel" id="period"><h2>审核期限、送审材料和结论</h2><dl>{dl}</dl></section>'


def review_page(rid: str, entry, token: str) -> str:
    from doclint.server.app import applied

    review = entry.review
    page = report_html.render(review.report)
    with applied(entry) as decided:  # the panel shows the conclusion after the decisions
        panel = _period_panel(decided)
    c = decision_counts(entry)
    downloads = "".join(
        f'<a class="btn{" primary" if i == 0 else ""}" id="dl-{fmt.replace(".", "-")}" href="/r/{e(rid)}/{fmt}" download>{label}</a>'
        for i, (fmt, label) in enumerate((("opinion.docx", "生成审核意见（Word）"), ("opinion.md", "审核意见（Markdown）"),
                                          ("report.html", "报告 HTML"), ("report.json", "报告 JSON"),
                                          ("report.sarif", "报告 SARIF"))))
    kept = ""
    if entry.ledger_id is not None:
        kept = (f'<a class="btn" id="in-ledger" href="/ledger?id={e(entry.ledger_id)}">台账第 {e(entry.ledger_id)} 号</a>'
                '<span class="muted" id="ledger-note">处理结果随时写入台账</span>')
    bar = (f'<div class="bar"><h1>{e(entry.name)}</h1>'
           f'<span class="counts" id="dec-counts">采纳 {c["accept"]} · 不采纳 {c["reject"]} · 修改 {c["edit"]} · 未处理 {c["open"]}</span>'
           f'<nav class="downloads" aria-label="下载">{downloads}</nav>{kept}<a class="btn" href="/">上传新文件</a></div>'
           f"{panel}")
    state = {"rid": rid, "decisions": {k: vars(d) for k, d in entry.decisions.items()}}
    data = json.dumps(state, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1)
    page = page.replace("</head>", f'<meta name="csrf-token" content="{e(token)}"><style>{SERVE_CSS}</style></head>', 1)
    page = page.replace("<body>", f"<body>{bar}", 1)
    tail = f'<script type="application/json" id="doclint-state">{data}</script><script>{SERVE_JS}</script></body>'
    head, sep, _rest = page.rpartition("</body>")
    return head + tail + "</html>\n" if sep else page


def _view_link(r: dict) -> str:
    if not r.get("stored"):
        return '<span class="muted">未保存文稿</span>'
    return f'<a href="/ledger/{e(r["id"])}/view">批注视图</a>'


def ledger_list(rows: list[dict], query) -> str:
    cols = (("id", "编号"), ("title", "文件"), ("drafting_unit", "起草单位"), ("round", "轮次"), ("status", "状态"),
            ("conclusion", "结论"), ("received", "收到"), ("findings", "问题数"), ("view", "打开"))

    def cell(r, k):
        if k == "id":
            return f'<td><a href="/ledger?id={e(r["id"])}">{e(r.get(k))}</a></td>'
        if k == "view":
            return f"<td>{_view_link(r)}</td>"
        return f"<td>{e(r.get(k))}</td>"
    head = "".join(f"<th>{e(label)}</th>" for _k, label in cols)
    body = "".join("<tr>" + "".join(cell(r, k) for k, _l in cols) + "</tr>" for r in rows)
    form = ('<form method="get" action="/ledger"><label>结论 <select name="conclusion"><option value="">全部</option>'
            + "".join(f'<option{" selected" if query.get("conclusion") == c else ""}>{c}</option>'
                      for c in ("合法", "应当予以修改", "不合法"))
            + '</select></label> <button type="submit">筛选</button></form>')
    return _shell("doclint 台账", f'<div class="bar"><h1>审核台账（{len(rows)} 件）</h1>'
                  '<a class="btn" href="/ledger/expiring">有效期将届满的现行文件</a><a class="btn" href="/">上传</a></div>'
                  f'<div class="wrap">{form}<table class="ledger"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def ledger_review(r: dict) -> str:
    keep = (("title", "标题"), ("drafting_unit", "起草单位"), ("round", "轮次"), ("status", "状态"),
            ("conclusion", "结论"), ("received", "收到材料"), ("due", "审核期限"), ("reviewer", "审核人"),
            ("created_at", "登记时间"))
    rows = [(label, r.get(k)) for k, label in keep if r.get(k) not in (None, "")]
    try:
        rows += [("不计入期限", f"{p['start']} 至 {p['end']}（{p['reason']}）") for p in json.loads(r.get("pauses") or "[]")]
    except (ValueError, KeyError, TypeError):
        pass
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in rows)
    rounds = "".join(f'<li><a href="/ledger?id={e(x["id"])}">第 {e(x["round"])} 轮</a> {e(x["status"])} {e(x["conclusion"])}</li>'
                     for x in r.get("rounds", []))
    def hist_line(h: dict) -> str:
        change = (f"{h['status_from']} → {h['status_to']}" if h.get("status_from") and h["status_from"] != h["status_to"]
                  else h.get("status_to") or "")
        return f"<li>{e(h.get('at'))} {e(h.get('who'))} {e(change)} {e(h.get('note') or '')}</li>"
    hist = "".join(hist_line(h) for h in r.get("history", []))
    def finding_row(f: dict) -> str:
        data = json.loads(f["data"]) if f.get("data") else {}
        verdict = {True: "采纳", False: "不采纳", None: "未处理"}[f.get("decision")]
        if f.get("decision") and f.get("edited"):
            verdict = "修改"
        said = [f'<span class="verdict">{e(verdict)}</span>']
        if f.get("decision") is False and f.get("reason"):
            said.append(f'<div class="reason">理由：{e(f["reason"])}</div>')
        if f.get("decision") and f.get("edited"):
            said.append(f'<div class="edited">修改为：{e(f["edited"])}</div>')
        if f.get("remark"):
            said.append(f'<div class="remark">备注：{e(f["remark"])}</div>')
        return (f'<tr data-finding="{e(f.get("id"))}"><td>{e(f.get("id"))}</td><td>{e(data.get("rule") or f.get("rule"))}</td>'
                f'<td>{e(data.get("message"))}</td><td>{"".join(said)}</td></tr>')
    finds = "".join(finding_row(f) for f in r.get("findings", []))
    if r.get("stored"):
        view = (f'<a class="btn primary" id="open-view" href="/ledger/{e(r["id"])}/view">在批注视图中打开</a>')
    else:
        view = '<span class="muted" id="no-view">登记时没有保存文稿，不能在批注视图中打开</span>'
    body = (f'<div class="bar"><h1>{e(r.get("title"))}</h1>{view}<a class="btn" href="/ledger">返回台账</a></div>'
            f'<section class="panel"><dl>{dl}</dl></section>'
            f'<div class="wrap"><h2>轮次</h2><ul>{rounds}</ul><h2>经过</h2><ul>{hist}</ul>'
            f'<h2>问题</h2><table class="ledger"><thead><tr><th>编号</th><th>规则</th><th>问题</th><th>处理</th></tr></thead>'
            f"<tbody>{finds}</tbody></table></div>")
    return _shell("doclint 台账", body)


def ledger_expiring(rows: list[dict], days: int, today: _dt.date) -> str:
    """Documents in force whose validity ends within `days` days of `today`, or has ended."""
    items = []
    for r in rows:
        left = (r["expires"] - today).days
        state = f"已于 {r['expires']} 届满，应予清理" if left < 0 else ("今日届满" if left == 0 else f"{left} 天后届满")
        items.append(f'<tr class="{"expired" if left < 0 else "soon"}"><td>{e(r["id"])}</td><td>{e(r.get("doc_number") or "—")}</td>'
                     f'<td>{e(r["title"])}</td><td>{e(r.get("issuer") or "—")}</td><td>{e(r["expires"])}</td><td>{e(state)}</td></tr>')
    form = ('<form method="get" action="/ledger/expiring"><label>届满期限 '
            f'<input type="number" name="days" min="0" max="36500" value="{e(days)}" aria-label="天数"> 天内</label> '
            '<button type="submit">查看</button></form>')
    table = (f'<table class="ledger"><thead><tr><th>编号</th><th>文号</th><th>标题</th><th>制定机关</th><th>有效期至</th>'
             f'<th>状况</th></tr></thead><tbody>{"".join(items)}</tbody></table>' if items
             else f'<p id="none">没有 {e(days)} 天内届满或已届满的现行文件。</p>')
    return _shell("doclint 台账：有效期将届满的现行文件",
                  f'<div class="bar"><h1>有效期将届满的现行文件（{len(items)} 件：{e(today)} 起 {e(days)} 天内届满或已届满）</h1>'
                  '<a class="btn" href="/ledger">返回台账</a></div>'
                  f'<div class="wrap">{form}{table}</div>')
