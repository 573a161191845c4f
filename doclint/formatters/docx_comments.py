"""The draft itself, handed back with one Word comment (批注) per finding.

Unlike the other formats this one writes a .docx, not text: the input's zip package
is copied entry by entry, unchanged, except

- ``word/document.xml``: runs split where a finding's span starts or ends inside
  them, ``w:commentRangeStart``/``w:commentRangeEnd`` around the span, a run with
  the ``w:commentReference`` after it, and ``w:highlight`` (yellow) on the
  anchored runs; nothing else in the part is touched;
- ``word/comments.xml``: the comments (created, or appended to the draft's own);
- ``word/_rels/document.xml.rels`` and ``[Content_Types].xml``: one entry each
  for a new comments part (inserted as bytes; the rest stays as it was).

Styles, numbering, headers, footers, settings and media are copied byte for byte.

Offsets of findings are into the reader's extracted text (doclint.readers.docx):
one line per paragraph, table cells one line each in reading order, maybe with list
labels or revisions the reader adds.  So the mapping does not assume it knows the
reader's rules: it walks the document XML itself into paragraphs, each with
``[(run, start, end)]`` offsets into its own text (tracked insertions in, deletions
out), pairs the reader's lines with those paragraphs (difflib over lines, then over
characters inside a line) and maps a span only where the characters agree.  A span
that cannot be mapped exactly gets its comment on the whole paragraph (or the
nearest paragraph) with a note saying so: a finding is never dropped.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import io
import os
import re
import zipfile
from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from doclint.categories import CATEGORIES, SEVERITY_LABELS
from doclint.errors import DoclintError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
DOC_PART = "word/document.xml"

DEFAULT_AUTHOR = "合法性审核"
DEFAULT_INITIALS = "审"

NOTE_WHOLE = "注：未能在原文中精确定位该发现的范围，批注标在整段。"
NOTE_TRIMMED = "注：发现范围含自动编号等不在正文文字中的内容，批注只标在正文部分。"
NOTE_ELSEWHERE = "注：该发现位于{where}，该处不能加批注，批注标在此处。"

# containers whose runs are not part of the text as Word shows it (final view)
_SKIP = {W + "del", W + "moveFrom", W + "txbxContent", W + "p", W + "tbl", W + "footnoteReference"}
# w:rPr children in schema order (CT_RPr); w:highlight goes before the first later one
_RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
              "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
              "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
              "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
              "specVanish", "oMath", "rPrChange"]
_AFTER_HIGHLIGHT = {W + n for n in _RPR_ORDER[_RPR_ORDER.index("highlight") + 1:]}


class AnnotateError(DoclintError):
    pass


# --- the document's paragraphs with run offsets --------------------------------------
def _content_len(el) -> int:
    """Characters a run child contributes to the paragraph text (as python-docx reads it)."""
    tag = el.tag
    if tag == W + "t":
        return len(el.text or "")
    if tag in (W + "tab", W + "ptab", W + "cr", W + "noBreakHyphen"):
        return 1
    if tag == W + "br":
        return 1 if el.get(W + "type") in (None, "textWrapping") else 0
    return 0


def _content_text(el) -> str:
    tag = el.tag
    if tag == W + "t":
        return el.text or ""
    if tag in (W + "tab", W + "ptab"):
        return "\t"
    if tag == W + "noBreakHyphen":
        return "-"
    if tag in (W + "cr", W + "br"):
        return " " if _content_len(el) else ""  # the reader turns line breaks into spaces
    return ""


@dataclass
class Seg:
    run: object  # a w:r element
    start: int
    end: int


@dataclass
class Para:
    el: object  # a w:p element
    text: str = ""
    segs: list[Seg] = field(default_factory=list)

    def refresh(self) -> None:
        self.segs, pos, parts = [], 0, []
        for r in _para_runs(self.el):
            t = "".join(_content_text(c) for c in r)
            self.segs.append(Seg(r, pos, pos + len(t)))
            parts.append(t)
            pos += len(t)
        self.text = "".join(parts)


def _para_runs(p):
    """The paragraph's runs in document order, without deleted ones or nested paragraphs'."""
    out = []
    for r in p.iter(W + "r"):
        anc, keep = r.getparent(), True
        while anc is not None and anc is not p:
            if anc.tag in _SKIP:
                keep = False
                break
            anc = anc.getparent()
        if keep:
            out.append(r)
    return out


def paragraphs(body) -> list[Para]:
    """Body paragraphs and table cells' paragraphs in reading order (as the reader walks
    them); paragraphs of text boxes and block-level content controls come after their
    host, so a reader that includes them finds them, and one that does not skips them."""
    out: list[Para] = []

    def block(el, depth: int) -> None:
        if depth > 64:
            return
        for child in el.iterchildren():
            tag = child.tag
            if tag == W + "p":
                para = Para(child)
                para.refresh()
                out.append(para)
                for box in child.iter(W + "txbxContent"):
                    if box.getparent() is not None:
                        block(box, depth + 1)
            elif tag == W + "tbl":
                for tr in child.iterchildren(W + "tr"):
                    for tc in tr.iterchildren(W + "tc"):
                        block(tc, depth + 1)
            elif tag in (W + "sdt",):
                for content in child.iterchildren(W + "sdtContent"):
                    block(content, depth + 1)
            elif tag in (W + "customXml", W + "ins", W + "moveTo"):
                block(child, depth + 1)

    block(body, 0)
    return out


# --- pairing the reader's lines with paragraphs ------------------------------------------
class LineMap:
    """A reader line paired with a paragraph: maps columns of the line to offsets in the
    paragraph's text where the characters agree."""

    def __init__(self, line: str, para: Para):
        self.line, self.para = line, para
        text = para.text
        if line == text:
            self.blocks = [(0, 0, len(line))]
        elif text and line.endswith(text):  # a label the reader put in front
            self.blocks = [(len(line) - len(text), 0, len(text))]
        else:
            sm = difflib.SequenceMatcher(None, line, text, autojunk=False)
            self.blocks = [b for b in sm.get_matching_blocks() if b[2]]

    def col(self, c: int) -> int | None:
        for a, b, n in self.blocks:
            if a <= c < a + n:
                return b + c - a
        return None

    def span(self, s: int, e: int) -> tuple[int, int, bool] | None:
        """Paragraph offsets [ps, pe) of line columns [s, e), and whether the span was
        trimmed of characters not in the paragraph's runs; None when it cannot be mapped."""
        trimmed = False
        while s < e and self.col(s) is None:
            s, trimmed = s + 1, True
        while e > s and self.col(e - 1) is None:
            e, trimmed = e - 1, True
        if s >= e:
            return None
        ps, pe = self.col(s), self.col(e - 1) + 1
        if self.para.text[ps:pe] != self.line[s:e]:
            return None
        return ps, pe, trimmed


def pair_lines(lines: list[str], paras: list[Para]) -> dict[int, LineMap]:
    """0-based reader line index -> LineMap, for the lines that match a paragraph."""
    out: dict[int, LineMap] = {}
    ptexts = [p.text for p in paras]
    sm = difflib.SequenceMatcher(None, lines, ptexts, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                out[i1 + k] = LineMap(lines[i1 + k], paras[j1 + k])
        elif op == "replace":
            j = j1
            for i in range(i1, i2):  # monotone: each line to the next paragraph that resembles it
                for jj in range(j, j2):
                    a, b = lines[i], ptexts[jj]
                    if (i2 - i1 == j2 - j1 and jj == j1 + (i - i1)) or (b and (b in a or a in b)) or \
                            difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.6:
                        out[i] = LineMap(a, paras[jj])
                        j = jj + 1
                        break
    return out


# --- editing runs -----------------------------------------------------------------------
def split_run(r, k: int):
    """Split run `r` after `k` characters of its text; `r` keeps the first part, the new
    run (returned) the rest. Formatting (w:rPr) goes to both."""
    right = deepcopy(r)
    pos = 0
    for lc, rc in zip(list(r), list(right)):
        if lc.tag == W + "rPr":
            continue
        n = _content_len(lc)
        if pos + n <= k and not (n == 0 and pos == k):
            right.remove(rc)
        elif pos >= k:
            r.remove(lc)
        else:  # a w:t straddling the split
            text = lc.text or ""
            lc.text, rc.text = text[:k - pos], text[k - pos:]
            lc.set(XML_SPACE, "preserve")
            rc.set(XML_SPACE, "preserve")
        pos += n
    r.addnext(right)
    return right


def split_at(para: Para, offsets: set[int]) -> None:
    for off in sorted(offsets, reverse=True):  # from the end: earlier offsets stay valid
        for seg in para.segs:
            if seg.start < off < seg.end:
                split_run(seg.run, off - seg.start)
                break
    para.refresh()


def highlight(r) -> None:
    rpr = r.find(W + "rPr")
    if rpr is None:
        rpr = etree.Element(W + "rPr")
        r.insert(0, rpr)
    hl = rpr.find(W + "highlight")
    if hl is None:
        hl = etree.Element(W + "highlight")
        later = next((c for c in rpr if c.tag in _AFTER_HIGHLIGHT), None)
        if later is None:
            rpr.append(hl)
        else:
            later.addprevious(hl)
    hl.set(W + "val", "yellow")


def _top(el, p):
    """The child of paragraph `p` that holds `el` (el itself when it is a child)."""
    while el.getparent() is not p:
        el = el.getparent()
    return el


# --- comment text -------------------------------------------------------------------------
_CJK = re.compile(r"[\u4e00-\u9fff]")


def first_clause(message: str) -> str:
    depth = 0
    for i, ch in enumerate(message):
        if ch in "（(《“":
            depth += 1
        elif ch in "）)》”":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "，；。：:;":
            return message[:i]
    return message


def title_of(f) -> str:
    name = f.name if f.name and _CJK.search(f.name) else first_clause(f.message)
    cat = CATEGORIES.get(f.category, f.category)
    return f"【{SEVERITY_LABELS.get(f.severity, f.severity)}·{cat}】{f.rule} {name}"


def comment_lines(f, note: str | None = None) -> list[str]:
    out = [title_of(f), f.message]
    if f.basis:
        out.append("依据：" + "；".join(f.basis))
    if f.suggestion:
        out.append("建议：" + f.suggestion)
    if note:
        out.append(note)
    return out


def _clean(text: str) -> str:  # characters XML 1.0 cannot hold
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def _comment_el(cid: int, lines: list[str], author: str, initials: str, date: str):
    c = etree.Element(W + "comment", nsmap={"w": W_NS})
    c.set(W + "id", str(cid))
    c.set(W + "author", author)
    c.set(W + "date", date)
    if initials:
        c.set(W + "initials", initials)
    for i, line in enumerate(lines):
        p = etree.SubElement(c, W + "p")
        if i == 0:
            etree.SubElement(etree.SubElement(p, W + "r"), W + "annotationRef")
        r = etree.SubElement(p, W + "r")
        if i == 0:
            etree.SubElement(etree.SubElement(r, W + "rPr"), W + "b")
        t = etree.SubElement(r, W + "t")
        t.text = _clean(line)
        t.set(XML_SPACE, "preserve")
    return c


# --- the whole operation -----------------------------------------------------------------
@dataclass
class Placed:
    finding: object
    start: tuple[int, int]  # (paragraph index, offset)
    end: tuple[int, int]
    note: str | None = None


_PARSER = dict(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


def _parse(data: bytes):
    return etree.fromstring(data, etree.XMLParser(**_PARSER))


def _serialize(root, original: bytes) -> bytes:
    """The part as bytes, with the original's prolog (XML declaration) kept as it was."""
    m = re.search(rb"<[A-Za-z_]", original)
    prolog = original[:m.start()] if m else b""
    if not prolog.strip():
        prolog = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
    return prolog + etree.tostring(root, encoding="UTF-8")


def place(findings, text: str, origins, paras: list[Para]) -> list[Placed]:
    """Where each finding goes: (paragraph, offset) pairs, never dropping one."""
    lines = text.split("\n")
    starts, pos = [], 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    pairs = pair_lines(lines, paras)
    index = {id(p): i for i, p in enumerate(paras)}

    def locate(offset: int) -> tuple[int, int]:
        import bisect

        i = max(0, bisect.bisect_right(starts, offset) - 1)
        return i, offset - starts[i]

    def nearest(i: int) -> int | None:
        for k in range(i, -1, -1):
            if k in pairs:
                return index[id(pairs[k].para)]
        return 0 if paras else None

    out: list[Placed] = []
    for f in findings:
        s = max(0, min(f.offset, len(text)))
        e = max(s, min(f.end_offset, len(text)))
        (li, cs), (le, ce) = locate(s), locate(e)
        if ce == 0 and le > li:  # a span ending at a line break ends on the line before
            le, ce = le - 1, len(lines[le - 1])
        note = None
        if li in pairs and le not in pairs:
            le, ce = li, len(pairs[li].line)
        if li in pairs and le in pairs:
            a, b = pairs[li], pairs[le]
            if li == le:
                got = a.span(cs, ce) if ce > cs else None
                if got:
                    ps, pe, trimmed = got
                    pi = index[id(a.para)]
                    out.append(Placed(f, (pi, ps), (pi, pe), NOTE_TRIMMED if trimmed else None))
                    continue
            else:
                ga = a.span(cs, len(a.line)) if cs < len(a.line) else None
                gb = b.span(0, ce) if ce > 0 else None
                if ga and gb:
                    out.append(Placed(f, (index[id(a.para)], ga[0]), (index[id(b.para)], gb[1]),
                                      NOTE_TRIMMED if (ga[2] or gb[2]) else None))
                    continue
            if ce > cs or le > li:
                note = NOTE_WHOLE
            pa, pb = index[id(a.para)], index[id(b.para)]
            out.append(Placed(f, (pa, 0), (pb, len(paras[pb].text)), note))
            continue
        pi = nearest(li)
        if pi is None:
            raise AnnotateError("文档正文中没有段落，无法加批注")
        where = None
        if origins is not None and li < len(origins):
            where = origins[li]
        note = NOTE_ELSEWHERE.format(where=where or f"提取文本第{li + 1}行")
        out.append(Placed(f, (pi, 0), (pi, len(paras[pi].text)), note))
    return out


def annotate(data: bytes, findings, text: str | None = None, origins=None,
             author: str = DEFAULT_AUTHOR, initials: str = DEFAULT_INITIALS,
             date: str | None = None) -> bytes:
    """The .docx `data` with one comment per finding. `text`: the extracted text the
    findings' offsets are into (the reader's, by default read again from `data`)."""
    if text is None:
        from doclint.readers.docx import read_docx

        source = read_docx(data, "<docx>")
        text, origins = source.text, source.origin_wheres()
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        parts = {i.filename: zin.read(i) for i in zin.infolist()}
        infos = zin.infolist()
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError) as exc:
        raise AnnotateError(f".docx 文件无法打开（{exc.__class__.__name__}）") from None
    try:
        doc = _parse(parts[DOC_PART])
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise AnnotateError(f"word/document.xml 无法解析（{str(exc)[:80]}）") from None
    body = doc.find(W + "body")
    if body is None:
        raise AnnotateError("word/document.xml 没有正文（w:body）")
    paras = paragraphs(body)
    placed = place(sorted(findings, key=lambda f: (f.offset, f.end_offset, f.rule)), text, origins, paras)

    # 1. split runs at every span boundary, once per paragraph
    cuts: dict[int, set[int]] = {}
    for pl in placed:
        for pi, off in (pl.start, pl.end):
            cuts.setdefault(pi, set()).add(off)
    for pi, offs in cuts.items():
        split_at(paras[pi], offs)

    # 2. comment ids after any the draft already has
    comments_name, rels_name = _comments_part(parts)
    comments_root = _parse(parts[comments_name]) if comments_name in parts else None
    used = [int(x) for x in doc.xpath("//w:commentRangeStart/@w:id | //w:commentReference/@w:id",
                                      namespaces={"w": W_NS}) if str(x).lstrip("-").isdigit()]
    if comments_root is not None:
        used += [int(x) for x in comments_root.xpath("//w:comment/@w:id", namespaces={"w": W_NS})
                 if str(x).lstrip("-").isdigit()]
    next_id = max(used, default=-1) + 1
    if comments_root is None:
        comments_root = etree.Element(W + "comments", nsmap={"w": W_NS})
    date = date or _now()

    # 3. anchors, highlights and comments
    for pl in placed:
        cid = next_id
        next_id += 1
        _anchor(paras, pl, cid)
        comments_root.append(_comment_el(cid, comment_lines(pl.finding, pl.note), author, initials, date))

    out_parts = dict(parts)
    out_parts[DOC_PART] = _serialize(doc, parts[DOC_PART])
    out_parts[comments_name] = _serialize(comments_root, parts.get(comments_name, b""))
    new = []
    if comments_name not in parts:
        new.append(comments_name)
        out_parts["[Content_Types].xml"] = _add_override(parts["[Content_Types].xml"], "/" + comments_name)
        out_parts[rels_name] = _add_rel(parts.get(rels_name), comments_name)
        if rels_name not in parts:
            new.append(rels_name)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for info in infos:
            zout.writestr(info, out_parts[info.filename])
        for name in new:
            zout.writestr(zipfile.ZipInfo(name, date_time=infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0)),
                          out_parts[name], compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _anchor(paras: list[Para], pl: Placed, cid: int) -> None:
    (pa, sa), (pb, eb) = pl.start, pl.end
    runs = []  # the anchored runs with text, in order
    for pi in range(pa, pb + 1):
        lo = sa if pi == pa else 0
        hi = eb if pi == pb else len(paras[pi].text)
        runs += [s.run for s in paras[pi].segs if s.start >= lo and s.end <= hi and s.end > s.start]
    start_el = etree.Element(W + "commentRangeStart")
    end_el = etree.Element(W + "commentRangeEnd")
    for el in (start_el, end_el):
        el.set(W + "id", str(cid))
    first_p, last_p = paras[pa].el, paras[pb].el
    if runs:
        runs[0].addprevious(start_el)
        runs[-1].addnext(end_el)
        last_p = _owner(runs[-1])
    else:  # an empty span or paragraph: a point comment where the span starts
        after = next((s.run for s in paras[pa].segs if s.start >= sa), None)
        if after is not None:
            after.addprevious(start_el)
            after.addprevious(end_el)
        else:
            _append_p(first_p, start_el)
            _append_p(first_p, end_el)
        last_p = _owner(end_el)
    ref = etree.Element(W + "r")
    etree.SubElement(ref, W + "commentReference").set(W + "id", str(cid))
    # the reference run at paragraph level, outside any revision or hyperlink around the span end
    _top(end_el, last_p).addnext(ref)
    for r in runs:
        highlight(r)


def _owner(el):
    """The paragraph holding `el`."""
    p = el.getparent()
    while p is not None and p.tag != W + "p":
        p = p.getparent()
    return p


def _append_p(p, el) -> None:
    p.append(el)


def _comments_part(parts: dict[str, bytes]) -> tuple[str, str]:
    """The comments part the document already has (by its relationship), else word/comments.xml."""
    rels_name = "word/_rels/document.xml.rels"
    if rels_name in parts:
        try:
            rels = _parse(parts[rels_name])
            for rel in rels:
                if rel.get("Type") == REL_COMMENTS and rel.get("TargetMode") != "External":
                    target = rel.get("Target", "")
                    name = os.path.normpath(os.path.join("word", target)).replace(os.sep, "/").lstrip("/")
                    if target.startswith("/"):
                        name = target.lstrip("/")
                    if name in parts:
                        return name, rels_name
        except etree.XMLSyntaxError:
            pass
    name = "word/comments.xml"
    k = 1
    while name in parts:  # a stray part by that name, not related: do not overwrite it
        name, k = f"word/comments{k}.xml", k + 1
    return name, rels_name


def _add_override(ct: bytes, part_name: str) -> bytes:
    entry = f'<Override PartName="{part_name}" ContentType="{CT_COMMENTS}"/>'.encode()
    i = ct.rfind(b"</Types>")
    if i < 0:
        raise AnnotateError("[Content_Types].xml 无法识别")
    return ct[:i] + entry + ct[i:]


def _add_rel(rels: bytes | None, part_name: str) -> bytes:
    if rels is None:
        rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    ids = set(re.findall(rb'Id="([^"]*)"', rels))
    n = 1
    while f"rId{n}".encode() in ids:
        n += 1
    target = part_name[len("word/"):]
    entry = f'<Relationship Id="rId{n}" Type="{REL_COMMENTS}" Target="{target}"/>'.encode()
    i = rels.rfind(b"</Relationships>")
    if i < 0:
        raise AnnotateError("word/_rels/document.xml.rels 无法识别")
    return rels[:i] + entry + rels[i:]


def _now() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc)
    else:
        moment = _dt.datetime.now(_dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_annotated(fr, path: str, output: str, author: str = DEFAULT_AUTHOR,
                    initials: str = DEFAULT_INITIALS) -> int:
    """Write the annotated copy of the .docx at `path` (linted as FileResult `fr`) to `output`;
    returns the number of comments."""
    from doclint.readers import read_bytes

    data = read_bytes(path)
    out = annotate(data, fr.findings, fr.text, fr.origins, author, initials)
    with open(output, "wb") as fh:
        fh.write(out)
    return len(fr.findings)


def render(report, **_options) -> str:  # pragma: no cover - the CLI writes files instead
    raise AnnotateError("--format docx 写出 .docx 文件，需要用 --output 指定输出路径")
