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
              '</fieldset><p><a href="/ledger">查看台账</a></p>') if has_ledger else ""
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
        '</fieldset>'
        f"{ledger}"
        '<p><button type="submit" id="submit">上传并审核</button></p></form>'
        + (f"<h2>本次会话的审核</h2><ul>{recent}</ul>" if recent else "")
        + "</div>"
    )
    return _shell("doclint 合法性审核", body)


def manifest_from_form(form) -> dict | None:
    out = {}
    received = (form.get("received") or "").strip()
    if received:
        try:
            out["received"] = _dt.date.fromisoformat(received)
        except ValueError:
            from doclint.server.uploads import UploadError

            raise UploadError(400, f"收到日期应为 YYYY-MM-DD 格式：{received}") from None
    emergency = (form.get("emergency") or "").strip()
    if emergency:
        out["emergency"] = emergency[:200]
    return out or None


def decision_counts(entry) -> dict:
    from doclint.server.app import finding_index

    keys = finding_index(entry.review)
    c = {"accept": 0, "reject": 0, "edit": 0}
    for k, d in entry.decisions.items():
        if k in keys:
            c[d.action] += 1
    c["open"] = len(keys) - sum(c.values())
    return c


def _period_panel(review) -> str:
    from doclint.review import review_dict

    d = review_dict(review)
    p, m = d["period"], d["materials"]
    rows = [("审核结论", review.conclusion), ("判定", review.reason), ("审核机构", review.reviewing_body or "未确定")]
    if p.get("latest"):
        rows += [("收到材料", p["received"]), ("最迟办结", p["latest"]),
                 ("已用工作日", p.get("working_days_used")), ("状态", p.get("status_label") or p.get("status"))]
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
    bar = (f'<div class="bar"><h1>{e(entry.name)}</h1>'
           f'<span class="counts" id="dec-counts">采纳 {c["accept"]} · 不采纳 {c["reject"]} · 修改 {c["edit"]} · 未处理 {c["open"]}</span>'
           f'<nav class="downloads" aria-label="下载">{downloads}</nav><a class="btn" href="/">上传新文件</a></div>'
           f"{panel}")
    state = {"rid": rid, "decisions": {k: vars(d) for k, d in entry.decisions.items()}}
    data = json.dumps(state, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page, count=1)
    page = page.replace("</head>", f'<meta name="csrf-token" content="{e(token)}"><style>{SERVE_CSS}</style></head>', 1)
    page = page.replace("<body>", f"<body>{bar}", 1)
    tail = f'<script type="application/json" id="doclint-state">{data}</script><script>{SERVE_JS}</script></body>'
    head, sep, _rest = page.rpartition("</body>")
    return head + tail + "</html>\n" if sep else page


def ledger_list(rows: list[dict], query) -> str:
    cols = (("id", "编号"), ("title", "文件"), ("drafting_unit", "起草单位"), ("round", "轮次"), ("status", "状态"),
            ("conclusion", "结论"), ("received", "收到"), ("findings", "问题数"))
    head = "".join(f"<th>{e(label)}</th>" for _k, label in cols)
    body = "".join("<tr>" + "".join(
        f'<td><a href="/ledger?id={e(r["id"])}">{e(r.get(k))}</a></td>' if k == "id" else f"<td>{e(r.get(k))}</td>"
        for k, _l in cols) + "</tr>" for r in rows)
    form = ('<form method="get" action="/ledger"><label>结论 <select name="conclusion"><option value="">全部</option>'
            + "".join(f'<option{" selected" if query.get("conclusion") == c else ""}>{c}</option>'
                      for c in ("合法", "应当予以修改", "不合法"))
            + '</select></label> <button type="submit">筛选</button></form>')
    return _shell("doclint 台账", f'<div class="bar"><h1>审核台账（{len(rows)} 件）</h1><a class="btn" href="/">上传</a></div>'
                  f'<div class="wrap">{form}<table class="ledger"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>')


def ledger_review(r: dict) -> str:
    keep = ("title", "drafting_unit", "round", "status", "conclusion", "received", "reviewer", "created_at")
    dl = "".join(f"<dt>{e(k)}</dt><dd>{e(r.get(k))}</dd>" for k in keep if k in r)
    rounds = "".join(f'<li><a href="/ledger?id={e(x["id"])}">第 {e(x["round"])} 轮</a> {e(x["status"])} {e(x["conclusion"])}</li>'
                     for x in r.get("rounds", []))
    hist = "".join(f"<li>{e(h.get('at') or h.get('created_at'))} {e(h.get('status'))} {e(h.get('note'))}</li>"
                   for h in r.get("history", []))
    finds = "".join(f"<tr><td>{e(f.get('id'))}</td><td>{e(f.get('rule'))}</td><td>{e(f.get('message'))}</td>"
                    f"<td>{e(f.get('decision'))}</td></tr>" for f in r.get("findings", []))
    body = (f'<div class="bar"><h1>{e(r.get("title"))}</h1><a class="btn" href="/ledger">返回台账</a></div>'
            f'<section class="panel"><dl>{dl}</dl></section>'
            f'<div class="wrap"><h2>轮次</h2><ul>{rounds}</ul><h2>经过</h2><ul>{hist}</ul>'
            f'<h2>问题</h2><table class="ledger"><thead><tr><th>编号</th><th>规则</th><th>问题</th><th>处理</th></tr></thead>'
            f"<tbody>{finds}</tbody></table></div>")
    return _shell("doclint 台账", body)
