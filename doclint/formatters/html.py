"""Annotated HTML for reviewers: one self-contained page, the document with its problems marked.

Each file is shown line by line (for .docx one line per paragraph); every finding's span is
wrapped in a numbered ``<mark>`` and its note (message, legal basis, suggestion, section and
line) stands beside the line where the span starts.  Overlapping spans nest; a span that
crosses another or a line end is split into fragments sharing one ``data-n``.  A summary by
category and severity heads the page, with checkboxes that hide a category.

Safety: every piece of document text and every finding field is passed through
``html.escape``; the page loads nothing from outside and its Content-Security-Policy allows
only the page's own inline style and script (by hash), so a draft that contains ``<script>``
shows it as text and runs nothing.

Built from Report.to_dict / Finding.to_dict plus the extracted text kept on FileResult.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from doclint.categories import CATEGORIES, SEVERITIES, SEVERITY_LABELS

CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--line:#e5e7eb;--muted:#6b7280}
*{box-sizing:border-box}
body{margin:0;font:15px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2937;background:#f6f7f9}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:16px 24px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 6px;word-break:break-all}
.muted{color:var(--muted)}
main{padding:16px 24px}
table.summary{border-collapse:collapse;margin-top:10px;background:#fff}
table.summary th,table.summary td{border:1px solid var(--line);padding:3px 10px;text-align:right}
table.summary th:first-child,table.summary td:first-child{text-align:left}
table.summary label{cursor:pointer;white-space:nowrap}
.filter-hint{font-size:13px;margin:6px 0 0}
section.file{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 20px;overflow:hidden}
section.file>header{padding:12px 16px;border-bottom:1px solid var(--line);background:#fbfbfc}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:0 12px;margin:6px 0 0;font-size:14px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.error-box{margin:12px 16px;padding:10px 12px;border-left:4px solid var(--err);background:#fdecea}
.notice{margin:6px 0 0;padding:6px 10px;border-left:4px solid #7c3aed;background:#f5f3ff;font-size:14px}
.doc{font-family:inherit}
.row{display:grid;grid-template-columns:3.2em minmax(0,1fr) minmax(18em,38%);border-bottom:1px solid #f1f2f4}
.ln{color:#9ca3af;text-align:right;padding:2px 8px 2px 0;font-size:12px;user-select:none;font-variant-numeric:tabular-nums}
.tx{padding:2px 12px 2px 4px;white-space:pre-wrap;word-break:break-word;min-height:1.7em}
.nt{padding:2px 10px;border-left:1px solid var(--line);background:#fcfcfd}
mark{background:none;color:inherit;padding:1px 0;border-radius:2px;cursor:pointer}
mark.sev-error{background:rgba(198,40,40,.16);box-shadow:inset 0 -2px 0 var(--err)}
mark.sev-warning{background:rgba(245,158,11,.22);box-shadow:inset 0 -2px 0 var(--warn)}
mark.sev-info{background:rgba(21,101,192,.13);box-shadow:inset 0 -2px 0 var(--info)}
mark.first::before{content:attr(data-n);display:inline-block;font-size:11px;line-height:15px;min-width:15px;text-align:center;color:#fff;border-radius:8px;padding:0 3px;margin-right:2px;vertical-align:2px;font-weight:600}
mark.sev-error.first::before{background:var(--err)}
mark.sev-warning.first::before{background:var(--warn)}
mark.sev-info.first::before{background:var(--info)}
mark.point{padding:0 2px 0 0;border-left:2px solid var(--muted)}
mark.point.sev-error{border-left-color:var(--err)}
mark.point.sev-warning{border-left-color:var(--warn)}
mark.point.sev-info{border-left-color:var(--info)}
mark.point.filtered{border-left-color:transparent}
mark.filtered{background:none!important;box-shadow:none!important}
mark.filtered::before{display:none}
mark.focus,.note.focus{outline:2px solid #111;outline-offset:1px}
.note{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:4px;background:#fff;padding:6px 8px;margin:4px 0;font-size:13px;line-height:1.6;cursor:pointer}
.note.sev-error{border-left-color:var(--err)}
.note.sev-warning{border-left-color:var(--warn)}
.note.sev-info{border-left-color:var(--info)}
.note.filtered{display:none}
.note p{margin:2px 0}
.nh{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}
.badge{display:inline-block;min-width:18px;text-align:center;color:#fff;border-radius:9px;padding:0 5px;font-weight:600;font-size:12px}
.sev-error .badge{background:var(--err)}
.sev-warning .badge{background:var(--warn)}
.sev-info .badge{background:var(--info)}
.rule{font-family:ui-monospace,Consolas,monospace;font-weight:600}
.tag{font-size:12px;border:1px solid var(--line);border-radius:3px;padding:0 4px;color:#374151}
.lbl{color:var(--muted)}
.loc{color:var(--muted);font-size:12px}
.suppressed{padding:8px 16px 12px;border-top:1px solid var(--line)}
.suppressed h3{font-size:15px;margin:4px 0}
.clean{padding:10px 16px;color:#166534}
@media (max-width:900px){.row{grid-template-columns:2.6em minmax(0,1fr)}.nt{grid-column:2;border-left:0}}
@media print{.filter-hint,table.summary input{display:none}.note.filtered{display:block}body{background:#fff}}
""".strip()

JS = """
(function(){
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter]'));
  function apply(){
    var off = {};
    boxes.forEach(function(b){ if(!b.checked){ off[b.getAttribute('data-filter')] = true; } });
    document.querySelectorAll('mark[data-category], .note[data-category]').forEach(function(el){
      el.classList.toggle('filtered', off[el.getAttribute('data-category')] === true);
    });
  }
  boxes.forEach(function(b){ b.addEventListener('change', apply); });
  function focus(el){
    document.querySelectorAll('.focus').forEach(function(x){ x.classList.remove('focus'); });
    if(!el){ return; }
    el.classList.add('focus');
    el.scrollIntoView({block:'nearest'});
  }
  document.addEventListener('click', function(e){
    var m = e.target.closest('mark[data-note]');
    if(m){ focus(document.getElementById(m.getAttribute('data-note'))); return; }
    var n = e.target.closest('.note[data-mark]');
    if(n){ focus(document.querySelector('mark[data-note="' + n.id + '"]')); }
  });
  apply();
})();
""".strip()


def _hash(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = (
    f"default-src 'none'; style-src {_hash(CSS)}; script-src {_hash(JS)}; "
    "img-src 'none'; base-uri 'none'; form-action 'none'"
)


def e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def _cat_label(cat: str) -> str:
    return CATEGORIES.get(cat, cat)


def _cat_order(cat: str) -> tuple:
    order = list(CATEGORIES)
    return (order.index(cat) if cat in order else len(order), cat)


# ---------------------------------------------------------------- highlighting


class _Span:
    __slots__ = ("n", "start", "end", "attrs", "first")

    def __init__(self, n, start, end, attrs, first):
        self.n, self.start, self.end, self.attrs, self.first = n, start, end, attrs, first

    def open_tag(self, first: bool) -> str:
        cls = self.attrs["class"] + (" first" if first else "") + (" point" if self.start == self.end else "")
        rest = "".join(f' {k}="{e(v)}"' for k, v in self.attrs.items() if k != "class")
        return f'<mark class="{cls}"{rest}>'


def _line_html(text: str, spans: list[_Span]) -> str:
    """One line of text with its (clipped, line-relative) spans as properly nested marks."""
    points = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starting: dict[int, list[_Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[_Span] = []
    for i, p in enumerate(points):
        # close every span ending here; spans above them are closed and reopened as fragments
        if any(s.end == p for s in stack):
            reopen = []
            while any(s.end == p for s in stack):
                s = stack.pop()
                out.append("</mark>")
                if s.end != p:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(s.open_tag(False))
                stack.append(s)
        here = sorted(starting.get(p, []), key=lambda s: (-(s.end - s.start), s.n))
        for s in here:
            if s.end == s.start:
                out.append(s.open_tag(s.first) + "</mark>")
        for s in here:
            if s.end > s.start:
                out.append(s.open_tag(s.first))
                stack.append(s)
        if i + 1 < len(points):
            out.append(e(text[p : points[i + 1]]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _note(fid: str, n: int, d: dict, origin: str | None) -> str:
    sev = d["severity"]
    parts = [
        f'<div class="note sev-{e(sev)}" id="{fid}-n{n}" data-mark="{fid}-m{n}" data-n="{n}" '
        f'data-rule="{e(d["rule"])}" data-category="{e(d["category"])}" data-severity="{e(sev)}">',
        '<div class="nh">'
        f'<span class="badge">{n}</span><span class="rule">{e(d["rule"])}</span>'
        f'<span class="tag">{e(SEVERITY_LABELS.get(sev, sev))}</span>'
        f'<span class="tag">{e(_cat_label(d["category"]))}</span></div>',
        f'<p class="msg">{e(d["message"])}</p>',
    ]
    if d["excerpt"]:
        parts.append(f'<p class="ex"><span class="lbl">原文：</span>「{e(d["excerpt"])}」</p>')
    if d.get("basis"):
        parts.append(f'<p class="basis"><span class="lbl">依据：</span>{e("；".join(d["basis"]))}</p>')
    if d.get("suggestion"):
        parts.append(f'<p class="sugg"><span class="lbl">建议：</span>{e(d["suggestion"])}</p>')
    if d.get("suppressed") is not None:
        parts.append(f'<p class="why"><span class="lbl">豁免理由：</span>{e(d["suppressed"])}</p>')
    loc = f"第 {d['line']} 行第 {d['column']} 列"
    if origin and origin != f"第{d['line']}行":
        loc += f"（{origin}）"
    if d["section"]:
        loc += f" · {d['section']}"
    parts.append(f'<p class="loc">{e(loc)}</p></div>')
    return "".join(parts)


def _document_rows(fid: str, text: str, findings: list[dict], origins: list[str] | None) -> str:
    lines = text.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    per_line_spans: list[list[_Span]] = [[] for _ in lines]
    per_line_notes: list[list[str]] = [[] for _ in lines]
    for n, d in enumerate(findings, 1):
        a = max(0, min(d["offset"], len(text)))
        b = max(a, min(d["end_offset"], len(text)))
        attrs = {
            "class": f"f sev-{d['severity']}",
            "id": f"{fid}-m{n}",
            "data-n": str(n),
            "data-note": f"{fid}-n{n}",
            "data-rule": d["rule"],
            "data-category": d["category"],
            "data-severity": d["severity"],
            "title": f"{n} · {d['rule']} · {d['message']}",
        }
        first_line = min(max(d["line"], 1), len(lines)) - 1
        origin = origins[first_line] if origins and first_line < len(origins) else None
        per_line_notes[first_line].append(_note(fid, n, d, origin))
        first = True
        for i in range(first_line, len(lines)):
            ls, le = starts[i], starts[i] + len(lines[i])
            if ls > b:
                break
            s, t = max(a, ls), min(b, le)
            if t < s or (t == s and a != b):  # nothing of a non-empty span on this line
                continue
            span_attrs = attrs if first else {k: v for k, v in attrs.items() if k != "id"}
            per_line_spans[i].append(_Span(n, s - ls, t - ls, span_attrs, first))
            first = False
            if a == b:
                break
    rows = []
    for i, line in enumerate(lines):
        notes = "".join(per_line_notes[i])
        rows.append(
            f'<div class="row" id="{fid}-L{i + 1}"><div class="ln">{i + 1}</div>'
            f'<div class="tx">{_line_html(line, per_line_spans[i])}</div><div class="nt">{notes}</div></div>'
        )
    return '<div class="doc">' + "".join(rows) + "</div>"


# ---------------------------------------------------------------- page


def _counts(files: list[dict]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for fd in files:
        for d in fd["findings"]:
            counts.setdefault(d["category"], dict.fromkeys(SEVERITIES, 0))[d["severity"]] += 1
    return counts


def _summary(files: list[dict], summary: dict) -> str:
    unreadable = sum(1 for fd in files if fd["error"])
    tail = f"，{unreadable} 个文件无法读取" if unreadable else ""
    head = (
        f'<p>已检查 {summary["files"]} 个文件：<b>{summary["errors"]}</b> 个错误，'
        f'<b>{summary["warnings"]}</b> 个警告，<b>{summary["infos"]}</b> 个提示{e(tail)}。</p>'
    )
    counts = _counts(files)
    if not counts:
        return head
    rows = []
    totals = dict.fromkeys(SEVERITIES, 0)
    for cat in sorted(counts, key=_cat_order):
        c = counts[cat]
        for s in SEVERITIES:
            totals[s] += c[s]
        cells = "".join(f"<td>{c[s]}</td>" for s in SEVERITIES)
        rows.append(
            f'<tr><td><label><input type="checkbox" checked data-filter="{e(cat)}"> '
            f'{e(_cat_label(cat))} <span class="muted">{e(cat)}</span></label></td>{cells}<td>{sum(c.values())}</td></tr>'
        )
    head_cells = "".join(f"<th>{e(SEVERITY_LABELS[s])}</th>" for s in SEVERITIES)
    total_cells = "".join(f"<th>{totals[s]}</th>" for s in SEVERITIES)
    return (
        head
        + f'<table class="summary"><thead><tr><th>类别</th>{head_cells}<th>合计</th></tr></thead><tbody>'
        + "".join(rows)
        + f"</tbody><tfoot><tr><th>合计</th>{total_cells}<th>{sum(totals.values())}</th></tr></tfoot></table>"
        + '<p class="filter-hint muted">取消勾选可隐藏该类别的标注和说明。</p>'
    )


def _file_section(i: int, fd: dict, fr) -> str:
    fid = f"f{i}"
    out = [f'<section class="file" id="{fid}" data-path="{e(fd["path"])}"><header><h2>{e(fd["path"])}</h2>']
    if fd["error"]:
        out.append(f'</header><div class="error-box">无法读取：{e(fd["error"])}</div></section>')
        return "".join(out)
    doc = fd["document"]
    meta = [(label, doc.get(key)) for key, label in
            (("title", "标题"), ("doc_number", "文号"), ("issuer", "制定机关"), ("date", "成文日期"), ("kind", "文种"))]
    scope = fd["scope"]
    normative = {True: "是规范性文件", False: "不是规范性文件", None: "无法判断"}[scope.get("normative")]
    if scope.get("reasons"):
        normative += "：" + "；".join(scope["reasons"])
    meta.append(("审核范围", normative))
    c = {s: sum(1 for d in fd["findings"] if d["severity"] == s) for s in SEVERITIES}
    meta.append(("问题", f"{c['error']} 个错误，{c['warning']} 个警告，{c['info']} 个提示"))
    out.append('<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in meta if v) + "</dl>")
    for n in fd.get("notices", []):
        out.append(f'<p class="notice">注意：{e(n)}</p>')
    out.append("</header>")
    text = getattr(fr, "text", None)
    if text is not None:
        out.append(_document_rows(fid, text, fd["findings"], getattr(fr, "origins", None)))
    elif fd["findings"]:
        out.append('<div class="nt">' + "".join(_note(fid, n, d, None) for n, d in enumerate(fd["findings"], 1)) + "</div>")
    if not fd["findings"]:
        out.append('<p class="clean">未发现问题。</p>')
    if fd.get("suppressed"):
        out.append(f'<div class="suppressed"><h3>已豁免的问题（{len(fd["suppressed"])} 处，保留审核记录）</h3>')
        out.extend(_note(f"{fid}s", n, d, None) for n, d in enumerate(fd["suppressed"], 1))
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def render(report, **_options) -> str:
    data = report.to_dict()
    files = data["files"]
    title = "doclint 审核报告" + (f"：{files[0]['path']}" if len(files) == 1 else f"（{len(files)} 个文件）")
    body = "".join(_file_section(i, fd, fr) for i, (fd, fr) in enumerate(zip(files, report.files), 1))
    tool = f'{data["tool"]["name"]} {data["tool"]["version"]}'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head>\n"
        f'<body><header class="top"><h1>doclint 审核报告</h1><div class="muted">{e(tool)} · 行政规范性文件合法性审核</div>'
        f"{_summary(files, data['summary'])}</header>\n"
        f"<main>{body}</main>\n"
        f"<script>{JS}</script></body></html>\n"
    )
