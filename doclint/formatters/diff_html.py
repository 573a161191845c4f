"""`doclint diff --format html`: the two versions side by side, provision by provision.

One self-contained page: a header with the counts (已修改 / 仍存在 / 新增 / 其他修改的条款),
then one row per aligned pair of provisions (原稿 left, 修改稿 right; a deleted provision has
an empty right cell, an added one an empty left cell), the words taken out struck through
(``<del>``) and the words put in underlined (``<ins>``), and under each cell the findings
that belong there: fixed ones on the left, remaining ones on both sides (counted once, on
the right), new ones on the right, with the drafting unit's reason when it gave one.
Findings about the whole text or the submission materials follow the table.

As for the report (doclint.formatters.html): every text is passed through ``html.escape``,
nothing is loaded from outside and the Content-Security-Policy allows only the page's own
style (by hash) and no script at all.
"""

from __future__ import annotations

import base64
import hashlib
from difflib import SequenceMatcher
from html import escape

from doclint import __version__
from doclint.diff import STATUS_WORDS, Diff, Entry, Pair, _labelled

CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--line:#e5e7eb;--muted:#6b7280;--fixed:#2e7d32;--rem:#b26a00;--new:#c62828}
*{box-sizing:border-box}
body{margin:0;font:15px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2937;background:#f6f7f9}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:16px 24px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:18px 0 8px}
.muted{color:var(--muted)}
.paths{font-size:14px;word-break:break-all}
main{padding:16px 24px}
.counts{display:flex;flex-wrap:wrap;gap:8px 18px;margin-top:10px;font-size:15px}
.counts .count{padding:2px 10px;border-radius:12px;background:#f3f4f6;white-space:nowrap}
.counts .count b{font-variant-numeric:tabular-nums}
.count.st-fixed b{color:var(--fixed)}.count.st-remaining b{color:var(--rem)}.count.st-new b{color:var(--new)}
.sbs{background:#fff;border:1px solid var(--line);border-radius:6px;overflow:hidden}
.head,.pair{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
.head>div{padding:8px 12px;font-weight:600;background:#fbfbfc;border-bottom:1px solid var(--line)}
.pair{border-bottom:1px solid #f1f2f4}
.pair.unchanged .tx{color:#4b5563}
.cell{padding:6px 12px;min-width:0}
.cell+.cell{border-left:1px solid var(--line)}
.cell.empty{background:repeating-linear-gradient(135deg,#fafafa,#fafafa 6px,#f3f4f6 6px,#f3f4f6 12px)}
.where{font-size:12px;color:var(--muted)}
.where .tag{margin-left:6px;padding:0 6px;border-radius:8px;background:#eef2ff;color:#3730a3}
.tx{white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere}
del{background:#fdecea;color:#8b1c1c}
ins{background:#e8f5e9;color:#1b5e20;text-decoration:underline}
.note{margin:6px 0 0;padding:6px 8px;border-left:4px solid var(--muted);background:#fcfcfd;font-size:14px;overflow-wrap:anywhere}
.note.st-fixed{border-left-color:var(--fixed);background:#f1f8f1}
.note.st-remaining{border-left-color:var(--rem);background:#fff8e6}
.note.st-new{border-left-color:var(--new);background:#fdecea}
.badge{display:inline-block;font-size:12px;padding:0 6px;border-radius:8px;color:#fff;margin-right:6px}
.st-fixed .badge{background:var(--fixed)}.st-remaining .badge{background:var(--rem)}.st-new .badge{background:var(--new)}
.rule{font-family:ui-monospace,monospace;font-size:12px;color:var(--muted);margin-right:6px}
.reason{margin-top:4px;padding-left:8px;border-left:2px solid #9ca3af}
.notice{margin:6px 0 0;padding:6px 10px;border-left:4px solid #7c3aed;background:#f5f3ff;font-size:14px}
footer{padding:8px 24px 24px;font-size:13px;color:var(--muted)}
@media (max-width:700px){.head,.pair{grid-template-columns:minmax(0,1fr)}.cell+.cell{border-left:0;border-top:1px dashed var(--line)}}
@media print{@page{size:A4;margin:15mm}body{background:#fff}}
""".strip()


def _hash(s: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'"


CSP = f"default-src 'none'; style-src {_hash(CSS)}; script-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'"
SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def _marked(old: str, new: str) -> tuple[str, str]:
    """Both texts escaped, with what was taken out in <del> and what was put in in <ins>."""
    a_out, b_out = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            a_out.append(e(old[i1:i2]))
            b_out.append(e(new[j1:j2]))
            continue
        if i2 > i1:
            a_out.append(f"<del>{e(old[i1:i2])}</del>")
        if j2 > j1:
            b_out.append(f"<ins>{e(new[j1:j2])}</ins>")
    return "".join(a_out), "".join(b_out)


def _note(entry: Entry, counted: bool) -> str:
    f = entry.finding
    attrs = f' data-entry="{e(entry.status)}"' if counted else ""
    out = [f'<div class="note st-{e(entry.status)} sev-{e(f.severity)}" data-status="{e(entry.status)}"{attrs}>',
           f'<span class="badge">{e(STATUS_WORDS[entry.status])}</span>',
           f'<span class="rule">{e(f.rule)} · {e(SEVERITY_WORDS.get(f.severity, f.severity))}</span>',
           e(_labelled(f))]
    if f.basis:
        out.append(f'<div class="muted">依据：{e("；".join(f.basis))}</div>')
    if entry.status != "fixed" and f.suggestion:
        out.append(f'<div class="muted">建议：{e(f.suggestion)}</div>')
    for r in entry.reasons:
        out.append(f'<div class="reason">起草单位未采纳的理由：{e(r.reason)}</div>')
    if entry.status == "remaining" and counted and not entry.reasons and f.severity != "info":
        out.append('<div class="reason muted">起草单位未说明未采纳的理由。</div>')
    out.append("</div>")
    return "".join(out)


def _cell(side: str, prov, text_html: str, notes: list[str], tags: list[str]) -> str:
    if prov is None:
        return f'<div class="cell {side} empty">{"".join(notes)}</div>'
    where = e(prov.section or f"第{prov.line}行") + "".join(f'<span class="tag">{e(t)}</span>' for t in tags)
    return (f'<div class="cell {side}"><div class="where">{where}</div>'
            f'<div class="tx">{text_html}</div>{"".join(notes)}</div>')


def _row(n: int, pair: Pair, by_pair: dict[int, list[Entry]]) -> str:
    entries = by_pair.get(id(pair), [])
    old_notes = [_note(x, counted=x.status == "fixed") for x in entries if x.status in ("fixed", "remaining")]
    new_notes = [_note(x, counted=True) for x in entries if x.status in ("remaining", "new")]
    if pair.old and pair.new:
        a, b = _marked(pair.old.text, pair.new.text)
    else:
        a = e(pair.old.text) if pair.old else ""
        b = e(pair.new.text) if pair.new else ""
    tags_new = []
    if pair.old is None:
        tags_new.append("新增")
    if pair.renumbered:
        tags_new.append(f"原{pair.old.section or f'第{pair.old.line}行'}")
    if pair.moved:
        tags_new.append("移动位置")
    if pair.modified:
        tags_new.append(f"修改（相似度 {pair.ratio:.0%}）")
    tags_old = ["已删除"] if pair.new is None else []
    return (f'<div class="pair {e(pair.change)}" id="p{n}" data-change="{e(pair.change)}">'
            + _cell("old", pair.old, a, old_notes, tags_old) + _cell("new", pair.new, b, new_notes, tags_new)
            + "</div>")


def render(diff: Diff, **_options) -> str:
    c = diff.counts()
    a = diff.alignment_counts()
    by_pair: dict[int, list[Entry]] = {}
    loose: list[Entry] = []
    for entry in diff.fixed + diff.remaining + diff.new_findings:
        (by_pair.setdefault(id(entry.pair), []) if entry.pair is not None else loose).append(entry)
    rows = "".join(_row(n, p, by_pair) for n, p in enumerate(diff.pairs, 1))
    counts = "".join(
        f'<span class="count st-{k}" id="count-{k}" data-count="{c[k]}">{label} <b>{c[k]}</b> 处</span>'
        for k, label in (("fixed", "已修改"), ("remaining", "仍存在"), ("new", "新增"), ("changed", "其他修改的条款")))
    other = ""
    if loose:
        order = {"fixed": 0, "remaining": 1, "new": 2}
        loose.sort(key=lambda x: (x.scope != "document", order[x.status]))
        other = "<h2>全文和送审材料方面的问题</h2>" + "".join(
            f'<div class="where">{"送审材料" if x.scope == "package" else "全文"}</div>{_note(x, counted=True)}' for x in loose)
    notices = "".join(f'<p class="notice">{e(n)}</p>' for n in diff.notices)
    title = "doclint 复审对照"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head>\n"
        f'<body><header class="top"><h1>{e(title)}</h1>'
        f'<div class="paths">原稿：{e(diff.old.path)}<br>修改稿：{e(diff.new.path)}</div>'
        f'<div class="muted">条款对齐：原稿 {a["old"]} 段，修改稿 {a["new"]} 段；对应 {a["matched"]} 段'
        f'（重新编号 {a["renumbered"]}、移动位置 {a["moved"]}、文字修改 {a["modified"]}），'
        f'删除 {a["deleted"]} 段，新增 {a["added"]} 段</div>'
        f'<div class="counts">{counts}</div>{notices}</header>\n'
        f'<main><div class="sbs"><div class="head"><div>原稿</div><div>修改稿</div></div>{rows}</div>{other}</main>\n'
        f'<footer>doclint {e(__version__)} · 行政规范性文件合法性审核 · 复审对照</footer></body></html>\n'
    )
