"""Annotated HTML for reviewers: one self-contained page, the document with its problems marked.

Each file is shown line by line (for .docx one line per paragraph); every finding's span — its
``offset``/``end_offset`` in the extracted text, nothing else — is wrapped in a numbered
``<mark>`` and its note (message, legal basis, suggestion, section and line) stands beside the
line where the span starts.  Findings are numbered in document order (at one starting point the
longer span first, since it encloses the others), so badges read 1, 2, 3 … down the page.
Overlapping spans nest; a span that crosses another or a line end is split into fragments
sharing one ``data-n``: the first fragment has the id ``f1-m5``, the others ``f1-m5-a``,
``f1-m5-b`` …, so no id repeats.  A run of blank lines is one short row.

The header holds the generation time (``SOURCE_DATE_EPOCH`` when set, for reproducible
output) and doclint's version, a summary by category and severity whose cells link to the
first finding they count, a rule filter and a findings list.  Category, severity and rule
filters hide the highlights and notes they exclude; every count on the page follows the
filter, and printing (A4) shows what the screen shows.  j/n and k/p (or the buttons at the
bottom right) step to the next and previous shown finding.

Safety: every piece of document text and every finding field is passed through
``html.escape``; the page loads nothing from outside and its Content-Security-Policy allows
only the page's own inline style and script (by hash), so a draft that contains ``<script>``
shows it as text and runs nothing.

Built from Report.to_dict / Finding.to_dict plus the extracted text kept on FileResult.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import os
import re
from html import escape

from doclint.categories import CATEGORIES, SEVERITIES, SEVERITY_LABELS

CSS = """
:root{--err:#c62828;--warn:#b26a00;--info:#1565c0;--line:#e5e7eb;--muted:#6b7280}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:15px/1.7 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;color:#1f2937;background:#f6f7f9;overflow-wrap:anywhere}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:16px 24px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 6px;word-break:break-all}
p{margin:6px 0}
.muted{color:var(--muted)}
.gen{font-size:13px;margin:0}
main{padding:16px 24px}
.scroll{max-width:100%;overflow-x:auto;-webkit-overflow-scrolling:touch}
table.summary{border-collapse:collapse;margin-top:6px;background:#fff;font-size:14px}
table.summary th,table.summary td{border:1px solid var(--line);padding:3px 10px;text-align:right;white-space:nowrap}
table.summary th:first-child,table.summary td:first-child{text-align:left}
table.summary tbody td:first-child{white-space:normal;min-width:9em}
table.summary label{cursor:pointer}
table.summary a{color:inherit;font-weight:600}
table.summary a:not([href]){font-weight:400;color:var(--muted)}
.zero{color:#c0c4cc}
details.rules,details.toc{margin:8px 0 0;font-size:14px}
details>summary{cursor:pointer;color:#374151}
.chips{display:flex;flex-wrap:wrap;gap:4px 6px;margin:6px 0 0}
.chip{border:1px solid var(--line);border-radius:12px;padding:0 8px;background:#fff;cursor:pointer;font-size:13px;max-width:100%}
.chip .rule{font-weight:600}
.n{font-weight:600}
.chip .n{margin-left:2px}
details.toc ol{margin:6px 0 0;padding-left:2.6em;max-height:22em;overflow-y:auto}
details.toc li{margin:1px 0}
details.toc li.filtered{display:none}
details.toc a{color:inherit;text-decoration:none}
details.toc a:hover{text-decoration:underline}
.filter-state{font-size:13px;padding:4px 8px;background:#fff7e6;border-left:3px solid var(--warn)}
.filter-hint{font-size:13px;margin:6px 0 0}
button{font:inherit;font-size:13px;border:1px solid #cbd5e1;background:#fff;border-radius:4px;padding:0 8px;cursor:pointer}
section.file{background:#fff;border:1px solid var(--line);border-radius:6px;margin:0 0 20px;overflow:hidden}
section.file>header{padding:12px 16px;border-bottom:1px solid var(--line);background:#fbfbfc}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0 12px;margin:6px 0 0;font-size:14px}
dl.meta dt{color:var(--muted)}
dl.meta dd{margin:0}
.error-box{margin:12px 16px;padding:10px 12px;border-left:4px solid var(--err);background:#fdecea}
.notice{margin:6px 0 0;padding:6px 10px;border-left:4px solid #7c3aed;background:#f5f3ff;font-size:14px}
.row{display:grid;grid-template-columns:3.2em minmax(0,1fr) minmax(18em,38%);border-bottom:1px solid #f1f2f4}
.ln{color:#9ca3af;text-align:right;padding:2px 8px 2px 0;font-size:12px;user-select:none;font-variant-numeric:tabular-nums}
.tx{padding:2px 12px 2px 4px;white-space:pre-wrap;word-break:break-word;overflow-wrap:anywhere;min-height:1.7em}
.nt{padding:2px 10px;border-left:1px solid var(--line);background:#fcfcfd;min-width:0}
.row.blank{height:7px;background:#fafafa}
.row.blank>div{min-height:0;padding:0;height:7px;overflow:hidden}
mark{background:none;color:inherit;padding:1px 0;border-radius:2px;cursor:pointer;-webkit-print-color-adjust:exact;print-color-adjust:exact}
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
mark.filtered{background:none!important;box-shadow:none!important;cursor:auto}
mark.filtered::before{display:none}
mark.focus,.note.focus{outline:2px solid #111;outline-offset:1px}
.note{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:4px;background:#fff;padding:6px 8px;margin:4px 0;font-size:13px;line-height:1.6;cursor:pointer;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.note.sev-error{border-left-color:var(--err)}
.note.sev-warning{border-left-color:var(--warn)}
.note.sev-info{border-left-color:var(--info)}
.note.filtered{display:none}
.note p{margin:2px 0}
.nh{display:flex;flex-wrap:wrap;gap:4px 8px;align-items:center}
.badge{display:inline-block;min-width:18px;text-align:center;color:#fff;border-radius:9px;padding:0 5px;font-weight:600;font-size:12px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
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
nav.jump{position:fixed;right:12px;bottom:12px;display:flex;gap:6px;align-items:center;background:#fff;border:1px solid var(--line);border-radius:6px;padding:4px 6px;box-shadow:0 1px 4px rgba(0,0,0,.12);font-size:13px;z-index:5}
nav.jump .pos{min-width:4.5em;text-align:center;font-variant-numeric:tabular-nums}
@media (max-width:900px){.row{grid-template-columns:2.6em minmax(0,1fr)}.nt{grid-column:2;border-left:0}.row.blank .nt{display:none}}
@media (max-width:600px){header.top{padding:12px}.catid{display:none}table.summary th,table.summary td{padding:2px 5px}table.summary tbody td:first-child{min-width:6em}main{padding:10px 8px}section.file>header{padding:10px}.ln{padding-right:4px}.tx{padding-right:6px}.nt{padding:2px 6px}}
@page{size:A4;margin:14mm 12mm}
@media print{body{background:#fff;font-size:11pt}nav.jump,.filter-hint,details.rules,table.summary input{display:none}.scroll{overflow:visible}
section.file{border:0;border-radius:0}.note{break-inside:avoid}.row{break-inside:avoid}.row.blank{height:4px}
mark.focus,.note.focus{outline:none}details.toc ol{max-height:none;overflow:visible}}
""".strip()

JS = """
(function(){
  var notes = Array.prototype.slice.call(document.querySelectorAll('.note[data-n]'));
  var live = notes.filter(function(n){ return !n.classList.contains('sup'); });
  var boxes = Array.prototype.slice.call(document.querySelectorAll('input[data-filter], input[data-filter-severity], input[data-filter-rule]'));
  var counters = Array.prototype.slice.call(document.querySelectorAll('[data-count]'));
  var kinds = [['data-filter', 'data-category', '类别'], ['data-filter-severity', 'data-severity', '级别'], ['data-filter-rule', 'data-rule', '规则']];
  var off = [{}, {}, {}];
  var cur = -1;
  function excluded(el){
    for(var k = 0; k < 3; k++){ if(off[k][el.getAttribute(kinds[k][1])] === true){ return true; } }
    return false;
  }
  function matches(counter, note){
    var pairs = [['data-c-file', 'data-file'], ['data-c-cat', 'data-category'], ['data-c-sev', 'data-severity'], ['data-c-rule', 'data-rule']];
    for(var i = 0; i < pairs.length; i++){
      var want = counter.getAttribute(pairs[i][0]);
      if(want !== null && note.getAttribute(pairs[i][1]) !== want){ return false; }
    }
    return true;
  }
  function apply(){
    off = [{}, {}, {}];
    var hiddenLabels = [[], [], []];
    boxes.forEach(function(b){
      for(var k = 0; k < 3; k++){
        var v = b.getAttribute(kinds[k][0]);
        if(v !== null && !b.checked){ off[k][v] = true; hiddenLabels[k].push(b.getAttribute('data-label') || v); }
      }
    });
    document.querySelectorAll('mark[data-n], .note[data-n], .toc li[data-n]').forEach(function(el){
      el.classList.toggle('filtered', excluded(el));
    });
    var shown = live.filter(function(n){ return !n.classList.contains('filtered'); });
    counters.forEach(function(c){
      var count = 0, first = null;
      shown.forEach(function(n){ if(matches(c, n)){ count++; if(!first){ first = n; } } });
      c.textContent = String(count);
      if(c.tagName === 'A'){ if(first){ c.setAttribute('href', '#' + first.id); } else { c.removeAttribute('href'); } }
    });
    var state = document.getElementById('filter-state');
    if(state){
      var parts = [];
      for(var k = 0; k < 3; k++){ if(hiddenLabels[k].length){ parts.push('隐藏' + kinds[k][2] + '：' + hiddenLabels[k].join('、')); } }
      state.hidden = parts.length === 0;
      state.textContent = '当前筛选（显示 ' + shown.length + ' / ' + live.length + ' 处）：' + parts.join('；');
    }
    if(cur >= 0 && live[cur].classList.contains('filtered')){ focus(null); }
    position();
  }
  function position(){
    var el = document.getElementById('jump-pos');
    if(!el){ return; }
    var shown = live.filter(function(n){ return !n.classList.contains('filtered'); });
    var at = cur >= 0 ? shown.indexOf(live[cur]) + 1 : 0;
    el.textContent = (at > 0 ? at : '–') + ' / ' + shown.length;
  }
  function focus(note, scroll){
    document.querySelectorAll('.focus').forEach(function(x){ x.classList.remove('focus'); });
    cur = note ? live.indexOf(note) : -1;
    if(note){
      note.classList.add('focus');
      var marks = document.querySelectorAll('mark[data-note="' + note.id + '"]');
      marks.forEach(function(m){ m.classList.add('focus'); });
      if(scroll !== false){ (marks[0] || note).scrollIntoView({block: 'center'}); }
    }
    position();
  }
  function step(d){
    for(var i = cur + d; i >= 0 && i < live.length; i += d){
      if(!live[i].classList.contains('filtered')){ focus(live[i]); return; }
    }
    if(cur < 0 && d < 0){ for(var j = live.length - 1; j >= 0; j--){ if(!live[j].classList.contains('filtered')){ focus(live[j]); return; } } }
  }
  boxes.forEach(function(b){ b.addEventListener('change', apply); });
  document.addEventListener('click', function(e){
    var btn = e.target.closest('button[data-step]');
    if(btn){ step(parseInt(btn.getAttribute('data-step'), 10)); return; }
    if(e.target.closest('button[data-reset]')){ boxes.forEach(function(b){ b.checked = true; }); apply(); return; }
    var a = e.target.closest('a[href^="#"]');
    if(a){
      var target = document.getElementById(a.getAttribute('href').slice(1));
      if(target && target.classList.contains('note')){ e.preventDefault(); focus(target); }
      return;
    }
    var m = e.target.closest('mark[data-note]');
    if(m && !m.classList.contains('filtered')){ var n = document.getElementById(m.getAttribute('data-note')); focus(n, false); n.scrollIntoView({block: 'nearest'}); return; }
    var note = e.target.closest('.note[data-mark]');
    if(note && live.indexOf(note) >= 0){ focus(note); }
  });
  document.addEventListener('keydown', function(e){
    if(e.ctrlKey || e.metaKey || e.altKey){ return; }
    var t = e.target, tag = t && t.tagName;
    if(tag === 'TEXTAREA' || tag === 'SELECT' || (tag === 'INPUT' && t.type !== 'checkbox') || (t && t.isContentEditable)){ return; }
    if(e.key === 'j' || e.key === 'n'){ step(1); e.preventDefault(); }
    else if(e.key === 'k' || e.key === 'p'){ step(-1); e.preventDefault(); }
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

BEIJING = _dt.timezone(_dt.timedelta(hours=8))


def e(s) -> str:
    return escape("" if s is None else str(s), quote=True)


def _cat_label(cat: str) -> str:
    return CATEGORIES.get(cat, cat)


def _cat_order(cat: str) -> tuple:
    order = list(CATEGORIES)
    return (order.index(cat) if cat in order else len(order), cat)


def generated_at() -> _dt.datetime:
    """When the report was made: SOURCE_DATE_EPOCH (seconds) when set, for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).astimezone(BEIJING)
    return _dt.datetime.now(BEIJING).replace(second=0, microsecond=0)


def tidy(s: str) -> str:
    """No doubled punctuation where quoted clauses were joined: "……营业。；第五条" → "……营业；第五条"."""
    return re.sub(r"[。；;]+；", "；", s)


def join_clauses(parts) -> str:
    """Parts joined by "；" without doubled punctuation ("……营业。；第五条" → "……营业；第五条")."""
    return tidy("；".join(p.rstrip("。；; ") for p in parts if p))


# ---------------------------------------------------------------- highlighting


def _suffix(k: int) -> str:
    """a, b, … z, aa, ab … for the k-th (0-based) continuation fragment."""
    s = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        s = chr(ord("a") + r) + s
    return s


class _Mark:
    """One finding's highlight: its attributes and a counter giving each fragment its own id."""

    __slots__ = ("n", "attrs", "point", "frags")

    def __init__(self, n: int, attrs: dict, point: bool):
        self.n, self.attrs, self.point, self.frags = n, attrs, point, 0

    def open_tag(self, first: bool) -> str:
        cls = self.attrs["class"] + (" first" if first else "") + (" point" if self.point else "")
        if first:
            mid = self.attrs["id"]
        else:
            mid = f'{self.attrs["id"]}-{_suffix(self.frags)}'
            self.frags += 1
        rest = "".join(f' {k}="{e(v)}"' for k, v in self.attrs.items() if k not in ("class", "id"))
        return f'<mark class="{cls}" id="{e(mid)}"{rest}>'


class _Span:
    """A finding's part on one line (line-relative offsets); `first` carries the badge."""

    __slots__ = ("mark", "start", "end", "first")

    def __init__(self, mark: _Mark, start: int, end: int, first: bool):
        self.mark, self.start, self.end, self.first = mark, start, end, first

    @property
    def n(self) -> int:
        return self.mark.n


def _line_html(text: str, spans: list[_Span]) -> str:
    """One line of text with its (clipped, line-relative) spans as properly nested marks.

    At one position the lower-numbered (earlier, or enclosing) span opens first, so badges
    come in number order; a span that outlives one closing inside it is closed and reopened
    as a further fragment."""
    points = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starting: dict[int, list[_Span]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)
    out: list[str] = []
    stack: list[_Span] = []
    for i, p in enumerate(points):
        if any(s.end == p for s in stack):
            reopen = []
            while any(s.end == p for s in stack):
                s = stack.pop()
                out.append("</mark>")
                if s.end != p:
                    reopen.append(s)
            for s in reversed(reopen):
                out.append(s.mark.open_tag(False))
                stack.append(s)
        for s in sorted(starting.get(p, []), key=lambda s: s.n):
            if s.end == s.start:
                out.append(s.mark.open_tag(s.first) + "</mark>")
            else:
                out.append(s.mark.open_tag(s.first))
                stack.append(s)
        if i + 1 < len(points):
            out.append(e(text[p : points[i + 1]]))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _note(fid: str, n: int, d: dict, origin: str | None, suppressed: bool = False) -> str:
    sev = d["severity"]
    cls = f"note sev-{e(sev)}" + (" sup" if suppressed else "")
    mark = "" if suppressed else f' data-mark="{fid}-m{n}"'
    parts = [
        f'<div class="{cls}" id="{fid}-n{n}"{mark} data-n="{n}" data-file="{fid}" '
        f'data-rule="{e(d["rule"])}" data-category="{e(d["category"])}" data-severity="{e(sev)}">',
        '<div class="nh">'
        f'<span class="badge">{n}</span><span class="rule">{e(d["rule"])}</span>'
        + (f'<span class="tag rule-title">{e(d["title"])}</span>' if d.get("title") else "")
        + f'<span class="tag">{e(SEVERITY_LABELS.get(sev, sev))}</span>'
        f'<span class="tag">{e(_cat_label(d["category"]))}</span></div>',
        f'<p class="msg">{e(tidy(d["message"]))}</p>',
    ]
    if d["excerpt"]:
        parts.append(f'<p class="ex"><span class="lbl">原文：</span>「{e(d["excerpt"])}」</p>')
    if d.get("basis"):
        parts.append(f'<p class="basis"><span class="lbl">依据：</span>{e(join_clauses(d["basis"]))}</p>')
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


def numbered(findings: list[dict]) -> list[dict]:
    """The findings in the order the page numbers them: by start, the longer span first."""
    return [d for _i, d in sorted(enumerate(findings), key=lambda t: (t[1]["offset"], -t[1]["end_offset"], t[0]))]


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
        mark = _Mark(n, {
            "class": f"f sev-{d['severity']}",
            "id": f"{fid}-m{n}",
            "data-n": str(n),
            "data-note": f"{fid}-n{n}",
            "data-rule": d["rule"],
            "data-category": d["category"],
            "data-severity": d["severity"],
            "title": f"{n} · {d['rule']} · {d['message']}",
        }, a == b)
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
            per_line_spans[i].append(_Span(mark, s - ls, t - ls, first))
            first = False
            if a == b:
                break
    rows = []
    i = 0
    while i < len(lines):
        if not lines[i].strip() and not per_line_spans[i] and not per_line_notes[i]:
            j = i
            while j + 1 < len(lines) and not lines[j + 1].strip() and not per_line_spans[j + 1] and not per_line_notes[j + 1]:
                j += 1
            span = f"{i + 1}" if i == j else f"{i + 1}–{j + 1}"
            rows.append(
                f'<div class="row blank" id="{fid}-L{i + 1}" data-lines="{i + 1}-{j + 1}" title="第 {span} 行：空行">'
                '<div class="ln"></div><div class="tx"></div><div class="nt"></div></div>'
            )
            i = j + 1
            continue
        notes = "".join(per_line_notes[i])
        rows.append(
            f'<div class="row" id="{fid}-L{i + 1}" data-lines="{i + 1}-{i + 1}"><div class="ln">{i + 1}</div>'
            f'<div class="tx">{_line_html(lines[i], per_line_spans[i])}</div><div class="nt">{notes}</div></div>'
        )
        i += 1
    return '<div class="doc">' + "".join(rows) + "</div>"


# ---------------------------------------------------------------- page


def _counter(text, href: str | None = None, **match) -> str:
    """A count the script keeps equal to the shown findings matching `match` (file, cat, sev,
    rule); with `href` a link, which the script points at the first shown one of them."""
    attrs = "".join(f' data-c-{k}="{e(v)}"' for k, v in match.items())
    if href:
        return f'<a class="n" data-count{attrs} href="#{e(href)}">{e(text)}</a>'
    return f'<span class="n" data-count{attrs}>{e(text)}</span>'


def _summary(files: list[dict], summary: dict, first_ids: dict) -> str:
    unreadable = sum(1 for fd in files if fd["error"])
    tail = f"，{unreadable} 个文件无法读取" if unreadable else ""
    skipped = f"，跳过 {summary['skipped']} 个" if summary.get("skipped") else ""
    total = summary["errors"] + summary["warnings"] + summary["infos"]
    head = (
        f'<p class="totals">已检查 {summary["files"]} 个文件{e(skipped)}：{_counter(summary["errors"], sev="error")} 个错误，'
        f'{_counter(summary["warnings"], sev="warning")} 个警告，{_counter(summary["infos"], sev="info")} 个提示{e(tail)}'
        f"，共 {_counter(total)} 处。</p>"
    )
    counts: dict[str, dict[str, int]] = {}
    rules: dict[str, list] = {}
    for fd in files:
        for d in fd["findings"]:
            counts.setdefault(d["category"], dict.fromkeys(SEVERITIES, 0))[d["severity"]] += 1
            rules.setdefault(d["rule"], [d.get("name") or d["rule"], 0])[1] += 1
    if not counts:
        return head

    def cell(n: int, **match) -> str:
        if not n:
            return f'<td class="zero">{_counter(0, **match)}</td>'
        return f"<td>{_counter(n, first_ids[tuple(sorted(match.items()))], **match)}</td>"

    rows = []
    totals = dict.fromkeys(SEVERITIES, 0)
    for cat in sorted(counts, key=_cat_order):
        c = counts[cat]
        for s in SEVERITIES:
            totals[s] += c[s]
        cells = "".join(cell(c[s], cat=cat, sev=s) for s in SEVERITIES)
        rows.append(
            f'<tr><td><label><input type="checkbox" checked data-filter="{e(cat)}" data-label="{e(_cat_label(cat))}"> '
            f'{e(_cat_label(cat))} <span class="muted catid">{e(cat)}</span></label></td>{cells}{cell(sum(c.values()), cat=cat)}</tr>'
        )
    head_cells = "".join(
        f'<th><label><input type="checkbox" checked data-filter-severity="{s}" data-label="{e(SEVERITY_LABELS[s])}"> '
        f"{e(SEVERITY_LABELS[s])}</label></th>" for s in SEVERITIES
    )
    total_cells = "".join(f"<th>{_counter(totals[s], sev=s)}</th>" for s in SEVERITIES)
    table = (
        f'<div class="scroll"><table class="summary"><thead><tr><th>类别</th>{head_cells}<th>合计</th></tr></thead><tbody>'
        + "".join(rows)
        + f"</tbody><tfoot><tr><th>合计</th>{total_cells}<th>{_counter(sum(totals.values()))}</th></tr></tfoot></table></div>"
    )
    chips = "".join(
        f'<label class="chip"><input type="checkbox" checked data-filter-rule="{e(rid)}" data-label="{e(rid)}"> '
        f'<span class="rule">{e(rid)}</span> <span class="muted">{e(name)}</span> {_counter(n, rule=rid)}</label>'
        for rid, (name, n) in sorted(rules.items())
    )
    return (
        head + table
        + f'<details class="rules"><summary>按规则筛选（{len(rules)} 条规则）</summary><div class="chips">{chips}</div></details>'
        + '<p class="filter-state" id="filter-state" hidden></p>'
        + '<p class="filter-hint muted">取消勾选类别、级别或规则即隐藏其标注和说明，计数随之变化，打印时也只打印显示的内容；'
        'j / n 跳到下一处，k / p 回到上一处。 <button type="button" data-reset>全部显示</button></p>'
    )


def _toc(files: list[dict], numbered_files: list[list[dict]]) -> str:
    items = []
    for i, (fd, findings) in enumerate(zip(files, numbered_files), 1):
        for n, d in enumerate(findings, 1):
            where = f"{fd['path']} " if len(files) > 1 else ""
            items.append(
                f'<li data-n="{n}" data-rule="{e(d["rule"])}" data-category="{e(d["category"])}" data-severity="{e(d["severity"])}">'
                f'<a href="#f{i}-n{n}">{e(where)}第 {d["line"]} 行 · <span class="rule">{e(d["rule"])}</span> · '
                f'{e(SEVERITY_LABELS.get(d["severity"], d["severity"]))} · {e(_short(d["message"]))}</a></li>'
            )
    if not items:
        return ""
    return f'<details class="toc"><summary>问题列表（{len(items)} 处，点击跳到该处）</summary><ol>{"".join(items)}</ol></details>'


def _short(s: str, n: int = 48) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def _file_section(i: int, fd: dict, fr, findings: list[dict]) -> str:
    fid = f"f{i}"
    out = [f'<section class="file" id="{fid}" data-path="{e(fd["path"])}"><header><h2>{e(fd["path"])}</h2>']
    if fd["error"]:
        out.append(f'</header><div class="error-box">无法读取：{e(fd["error"])}</div></section>')
        return "".join(out)
    if fd.get("skipped"):
        out.append(f'</header><div class="notice">跳过：{e(fd["skipped"])}</div></section>')
        return "".join(out)
    doc = fd["document"]
    meta = [(label, e(doc.get(key))) for key, label in
            (("title", "标题"), ("doc_number", "文号"), ("issuer", "制定机关"), ("date", "成文日期"), ("kind", "文种"))
            if doc.get(key)]
    scope = fd["scope"]
    normative = {True: "是规范性文件", False: "不是规范性文件", None: "无法判断"}[scope.get("normative")]
    if scope.get("reasons"):
        normative += "：" + join_clauses(scope["reasons"]) + "。"
    meta.append(("审核范围", e(normative)))
    c = {s: sum(1 for d in findings if d["severity"] == s) for s in SEVERITIES}
    meta.append(("问题", f"{_counter(c['error'], file=fid, sev='error')} 个错误，{_counter(c['warning'], file=fid, sev='warning')} 个警告，"
                       f"{_counter(c['info'], file=fid, sev='info')} 个提示"))
    out.append('<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in meta) + "</dl>")
    for n in fd.get("notices", []):
        out.append(f'<p class="notice">注意：{e(n)}</p>')
    out.append("</header>")
    text = getattr(fr, "text", None)
    if text is not None:
        out.append(_document_rows(fid, text, findings, getattr(fr, "origins", None)))
    elif findings:
        out.append('<div class="nt">' + "".join(_note(fid, n, d, None) for n, d in enumerate(findings, 1)) + "</div>")
    if not findings:
        out.append('<p class="clean">未发现问题。</p>')
    if fd.get("suppressed"):
        out.append(f'<div class="suppressed"><h3>已豁免的问题（{len(fd["suppressed"])} 处，保留审核记录）</h3>')
        out.extend(_note(f"{fid}s", n, d, None, suppressed=True) for n, d in enumerate(fd["suppressed"], 1))
        out.append("</div>")
    out.append("</section>")
    return "".join(out)


def render(report, **_options) -> str:
    data = report.to_dict()
    files = data["files"]
    ordered = [numbered(fd["findings"]) for fd in files]
    first_ids: dict[tuple, str] = {}
    for i, findings in enumerate(ordered, 1):
        for n, d in enumerate(findings, 1):
            for match in ({"cat": d["category"], "sev": d["severity"]}, {"cat": d["category"]}):
                first_ids.setdefault(tuple(sorted(match.items())), f"f{i}-n{n}")
    title = "doclint 审核报告" + (f"：{files[0]['path']}" if len(files) == 1 else f"（{len(files)} 个文件）")
    body = "".join(_file_section(i, fd, fr, fs) for i, (fd, fr, fs) in enumerate(zip(files, report.files, ordered), 1))
    tool = f'{data["tool"]["name"]} {data["tool"]["version"]}'
    when = generated_at()
    total = sum(len(fs) for fs in ordered)
    jump = (
        '<nav class="jump" aria-label="逐处查看"><button type="button" data-step="-1" title="上一处（k / p）">上一处</button>'
        f'<span class="pos" id="jump-pos">– / {total}</span>'
        '<button type="button" data-step="1" title="下一处（j / n）">下一处</button></nav>'
    ) if total else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{e(CSP)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="{e(tool)}">'
        f"<title>{e(title)}</title><style>{CSS}</style></head>\n"
        f'<body><header class="top"><h1>doclint 审核报告</h1>'
        f'<p class="gen muted">行政规范性文件合法性审核 · {e(tool)} · 生成时间 '
        f'<time datetime="{when.isoformat()}">{when:%Y-%m-%d %H:%M}（北京时间）</time></p>'
        f"{_summary(files, data['summary'], first_ids)}{_toc(files, ordered)}</header>\n"
        f"<main>{body}</main>\n{jump}\n"
        f"<script>{JS}</script></body></html>\n"
    )
