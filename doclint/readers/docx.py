"""Word .docx read as Word displays it: one line per paragraph, in reading order.

* Tracked changes: the "final" view (default) takes the text of insertions (``w:ins``,
  ``w:moveTo``) and leaves out deletions (``w:del``/``w:delText``, ``w:moveFrom``); the
  "original" view the opposite.  A paragraph mark that is deleted in the view joins the
  paragraph to the next one, as Word shows it.  The number of unaccepted revisions is
  passed on as a notice.
* List numbering (word/numbering.xml, see docx_numbering) is rendered in front of the
  paragraph text, so 第一条/一、/（一） numbered by Word read as if typed.
* Text boxes (``w:txbxContent``; of ``mc:AlternateContent`` one branch only) are read
  right after the paragraph they are anchored in; footnotes and endnotes after the body,
  in the order of their references.  Comments, field codes and hidden text are not read.
* Body paragraphs and table cells in reading order (rows top to bottom, cells left to right).
"""

from __future__ import annotations

import io
import re
import zipfile

from doclint.errors import ReadError
from doclint.readers.docx_numbering import Numbering
from doclint.source import Origin, Source

MAX_EXPANDED = 256 * 1024 * 1024  # bytes of XML we are willing to inflate
MAX_RATIO = 200  # a larger compression ratio on a big part smells of a zip bomb
MAX_TABLE_DEPTH = 12
MAX_PROLOG = 1024 * 1024  # bytes of document.xml allowed before its root element
_PROLOG_SKIP = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)  # XML declaration, comments, PIs


def _check_zip(data: bytes, path: str) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        if data.startswith(b"PK\x03\x04"):
            raise ReadError(f"{path}: .docx 文件不完整或已损坏（zip 包被截断，找不到目录）") from None
        raise ReadError(f"{path}: 不是有效的 .docx 文件（不是 zip 包，可能已损坏或为旧版 .doc）") from None
    with zf:
        try:
            infos = zf.infolist()
        except Exception:
            raise ReadError(f"{path}: .docx 文件已损坏（zip 目录无法读取）") from None
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise ReadError(f"{path}: .docx 文件缺少正文部分 word/document.xml，可能已损坏")
        total = sum(i.file_size for i in infos)
        if total > MAX_EXPANDED:
            raise ReadError(f"{path}: .docx 解压后超过 {MAX_EXPANDED // (1024 * 1024)} MB，拒绝读取（可能是压缩炸弹）")
        for i in infos:
            if i.file_size > 1024 * 1024 and i.compress_size and i.file_size / i.compress_size > MAX_RATIO:
                raise ReadError(f"{path}: .docx 中 {i.filename} 压缩比异常（{i.file_size // i.compress_size}:1），拒绝读取（可能是压缩炸弹）")
        try:
            with zf.open("word/document.xml") as fh:
                head = fh.read(MAX_PROLOG)
        except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, ValueError, zipfile.LargeZipFile):
            raise ReadError(f"{path}: .docx 文件已损坏（正文无法解压）") from None
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # a UTF-16 part: look at it as UTF-8
            head = head.decode("utf-16", "replace").encode("utf-8")
        # Whatever precedes the root element (after declaration, comments and
        # processing instructions) may not be a DOCTYPE: no entity is ever expanded
        # or fetched (python-docx also parses with resolve_entities=False).
        rest = head[_PROLOG_SKIP.match(head).end():]
        if b"<!DOCTYPE" in head[:4096] or b"<!ENTITY" in head[:4096] or rest.startswith(b"<!"):
            raise ReadError(f"{path}: .docx 正文含 DOCTYPE/实体声明，出于安全原因拒绝读取")
        if not re.match(rb"<[A-Za-z_]", rest):
            raise ReadError(f"{path}: .docx 正文 word/document.xml 不是有效的 XML（开头 {min(len(head), MAX_PROLOG) // 1024} KB 内没有根元素）")


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
VIEWS = ("final", "original")
_OFF = ("0", "false", "off")
_W = "{" + W + "}"
_INSERTED = {_W + "ins", _W + "moveTo"}
_DELETED = {_W + "del", _W + "moveFrom"}
_PASS_THROUGH = {_W + t for t in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo", "sdtContent")}
_MARKS = {_W + "rPr", _W + "numPr", _W + "pPr"}  # revision marks on a paragraph mark or numbering, not text


def q(tag: str) -> str:
    return _W + tag


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _branch(alt):
    """The one branch of mc:AlternateContent that is read: the first Choice, else the Fallback."""
    for child in alt:
        if child.tag == f"{{{MC}}}Choice":
            return child
    for child in alt:
        if child.tag == f"{{{MC}}}Fallback":
            return child
    return None


def _on(el) -> bool:
    return el is not None and el.get(q("val"), "true") not in _OFF


class _Walker:
    """Collects (line, where) pairs of one story as Word shows it in the chosen view."""

    def __init__(self, view: str, numbering: Numbering | None):
        self.final = view != "original"
        self.numbering = numbering
        self.note_refs: list[tuple[str, str]] = []  # ("footnote" | "endnote", id), in reading order

    # -- blocks: paragraphs and tables -------------------------------------------------------
    def _block_children(self, el):
        for child in el:
            tag = child.tag
            if tag in (q("p"), q("tbl")):
                yield child
            elif tag in (q("sdt"), q("sdtContent"), q("customXml")):
                yield from self._block_children(child.find(q("sdtContent")) if tag == q("sdt") else child)
            elif tag == f"{{{MC}}}AlternateContent":
                branch = _branch(child)
                if branch is not None:
                    yield from self._block_children(branch)
            elif tag in _INSERTED or tag in _DELETED:  # block-level revision wrappers (rare)
                if (tag in _INSERTED) == self.final:
                    yield from self._block_children(child)

    def blocks(self, container, depth: int, out: list, para_where, table_where, number: bool = True) -> None:
        if container is None:
            return
        carry = None  # a paragraph whose mark is not there in this view: joined to the next one
        for child in self._block_children(container):
            if child.tag == q("p"):
                where = para_where()
                label, text, boxes, gone = self.paragraph(child, depth, where, number)
                if carry is not None:
                    text, where, boxes = carry[0] + text, carry[1], carry[2] + boxes
                    carry = None
                if gone:
                    carry = (text, where, boxes)
                    continue
                out.append((label + text, where))
                out.extend(boxes)
            else:
                if carry is not None:
                    out.append(carry[:2])
                    out.extend(carry[2])
                    carry = None
                self.table(child, table_where(), depth + 1, out)
        if carry is not None:
            out.append(carry[:2])
            out.extend(carry[2])

    def table(self, tbl, where: str, depth: int, out: list) -> None:
        """Cells in reading order: rows top to bottom, cells left to right."""
        if depth > MAX_TABLE_DEPTH:
            raise ReadError("表格嵌套过深，无法读取")
        r = 0
        for tr in self._rows(tbl):
            trpr = tr.find(q("trPr"))
            if trpr is not None:  # a tracked inserted/deleted row
                if trpr.find(q("del")) is not None and self.final:
                    continue
                if trpr.find(q("ins")) is not None and not self.final:
                    continue
            r += 1
            c = 0
            for tc in self._cells(tr):
                c += 1
                cell_where = f"{where} 第{r}行第{c}列"
                self.blocks(tc, depth, out, lambda w=cell_where: w, lambda w=cell_where: w + " 嵌套表格")

    def _rows(self, el):
        for child in el:
            if child.tag == q("tr"):
                yield child
            elif child.tag in (q("sdt"), q("sdtContent"), q("customXml")):
                yield from self._rows(child.find(q("sdtContent")) if child.tag == q("sdt") else child)

    def _cells(self, tr):
        for child in tr:
            if child.tag == q("tc"):
                yield child
            elif child.tag in (q("sdt"), q("sdtContent"), q("customXml")):
                yield from self._cells(child.find(q("sdtContent")) if child.tag == q("sdt") else child)

    # -- one paragraph ---------------------------------------------------------------------
    def paragraph(self, p, depth: int, where: str, number: bool = True):
        """(label, text, text-box lines, mark gone) of one paragraph."""
        ppr = p.find(q("pPr"))
        mark = ppr.find(q("rPr")) if ppr is not None else None
        gone = False
        if mark is not None:
            gone = mark.find(q("del") if self.final else q("ins")) is not None
        parts: list[str] = []
        boxes: list[tuple[str, str]] = []
        self.inline(p, parts, boxes, depth, where)
        text = "".join(parts).replace("\r", " ").replace("\n", " ").replace("\x0b", " ")
        label = ""
        if number and not gone and self.numbering is not None:
            got = self.numbering.label(ppr)
            if got:
                label = got[0] + got[1]
        return label, text, boxes, gone

    def inline(self, el, parts: list, boxes: list, depth: int, where: str) -> None:
        for child in el:
            tag = child.tag
            if tag == q("r"):
                self.run(child, parts, boxes, depth, where)
            elif tag in _INSERTED:
                if self.final:
                    self.inline(child, parts, boxes, depth, where)
            elif tag in _DELETED:
                if not self.final:
                    self.inline(child, parts, boxes, depth, where)
            elif tag in _PASS_THROUGH:
                self.inline(child, parts, boxes, depth, where)
            elif tag == q("sdt"):
                content = child.find(q("sdtContent"))
                if content is not None:
                    self.inline(content, parts, boxes, depth, where)
            elif tag == f"{{{MC}}}AlternateContent":
                branch = _branch(child)
                if branch is not None:
                    self.inline(branch, parts, boxes, depth, where)
            elif isinstance(tag, str) and tag.startswith(f"{{{MATH}}}"):
                parts.extend(t.text or "" for t in child.iter(f"{{{MATH}}}t"))

    def run(self, r, parts: list, boxes: list, depth: int, where: str) -> None:
        rpr = r.find(q("rPr"))
        if rpr is not None and _on(rpr.find(q("vanish"))):
            return  # hidden text: Word does not show it
        self._run_content(r, parts, boxes, depth, where)

    def _run_content(self, el, parts, boxes, depth, where) -> None:
        for child in el:
            tag = child.tag
            if tag == q("t") or tag == q("delText"):  # delText is reached only in the original view
                parts.append(child.text or "")
            elif tag in (q("tab"), q("ptab")):
                parts.append("\t")
            elif tag in (q("br"), q("cr")):
                parts.append(" ")
            elif tag == q("noBreakHyphen"):
                parts.append("-")
            elif tag in (q("footnoteReference"), q("endnoteReference")):
                nid = child.get(q("id"))
                if nid is not None:
                    self.note_refs.append((_local(child)[:-len("Reference")], nid))
            elif tag in (q("drawing"), q("pict"), q("object")):
                self.text_boxes(child, boxes, depth, where)
            elif tag == f"{{{MC}}}AlternateContent":
                branch = _branch(child)
                if branch is not None:
                    self._run_content(branch, parts, boxes, depth, where)

    def text_boxes(self, el, boxes: list, depth: int, where: str) -> None:
        """The text boxes of a drawing, read after the paragraph they are anchored in."""
        for box in self._find_boxes(el):
            if depth + 1 > MAX_TABLE_DEPTH:
                raise ReadError("文本框嵌套过深，无法读取")
            self.blocks(box, depth + 1, boxes, lambda: f"{where} 文本框", lambda: f"{where} 文本框 表格")

    def _find_boxes(self, el):
        for child in el:
            if child.tag == q("txbxContent"):
                yield child  # its own nested boxes are found when its paragraphs are read
            elif child.tag == f"{{{MC}}}AlternateContent":
                branch = _branch(child)
                if branch is not None:
                    yield from self._find_boxes(branch)
            elif len(child):
                yield from self._find_boxes(child)


def _part(document, suffix: str):
    """The document's related part whose relationship type ends with `suffix`, or None."""
    for rel in document.part.rels.values():
        if not rel.is_external and rel.reltype.endswith("/" + suffix):
            return rel.target_part
    return None


def _part_root(part):
    if part is None:
        return None
    element = getattr(part, "element", None)
    if element is not None:
        return element
    from docx.oxml.parser import parse_xml

    blob = part.blob
    if b"<!DOCTYPE" in blob[:4096] or b"<!ENTITY" in blob[:4096]:
        raise ReadError(f".docx 的 {part.partname} 含 DOCTYPE/实体声明，出于安全原因拒绝读取")
    return parse_xml(blob)


def count_revisions(*roots) -> tuple[int, int]:
    """Unaccepted tracked insertions and deletions (moves counted as both) in these parts."""
    ins = dels = 0
    for root in roots:
        if root is None:
            continue
        for el in root.iter(q("ins"), q("del"), q("moveTo"), q("moveFrom")):
            parent = el.getparent()
            if parent is not None and parent.tag in _MARKS:
                continue  # a paragraph mark or numbering change: its text revision is counted
            if el.tag in _INSERTED:
                ins += 1
            else:
                dels += 1
    return ins, dels


def revision_notice(ins: int, dels: int, view: str) -> str | None:
    if not ins and not dels:
        return None
    head = f"文档含 {ins + dels} 处未接受的修订（插入 {ins} 处、删除 {dels} 处）"
    if view == "original":
        return head + "，按修订前的“原始状态”检查（--docx-view original）"
    return head + "，按接受全部修订后的“最终状态”检查；检查修订前的原文可用 --docx-view original"


def read_docx(data: bytes, path: str, headers: bool = False, view: str = "final") -> Source:
    if view not in VIEWS:
        raise ReadError(f"{path}: 未知的 .docx 视图 {view!r}（应为 final 或 original）")
    _check_zip(data, path)
    try:
        import docx  # python-docx

        document = docx.Document(io.BytesIO(data))
    except ReadError:
        raise
    except Exception as exc:  # python-docx raises many kinds on corrupt files
        reason = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        if "Excessive depth" in reason:
            raise ReadError(f"{path}: .docx 结构嵌套过深（超过 256 层，如层层嵌套的表格），无法读取") from None
        raise ReadError(f"{path}: .docx 文件无法解析（{reason[:120]}）") from None

    lines: list[tuple[str, str]] = []
    notices: list[str] = []
    try:
        numbering_root = _part_root(_part(document, "numbering"))
        styles_root = _part_root(_part(document, "styles"))
        numbering = Numbering(numbering_root, styles_root) if numbering_root is not None else None
        walker = _Walker(view, numbering)
        plain = _Walker(view, None)  # headers and footers: no list counters of their own
        if headers:
            for s_idx, section in enumerate(document.sections, 1):
                for p in section.header.paragraphs:
                    _, text, _, _ = plain.paragraph(p._p, 0, "")
                    lines.append((text, f"第{s_idx}节 页眉"))
        counters = {"p": 0, "t": 0}

        def next_para() -> str:
            counters["p"] += 1
            return f"第{counters['p']}段"

        def next_table() -> str:
            counters["t"] += 1
            return f"表格{counters['t']}"

        body = document.element.body
        walker.blocks(body, 0, lines, next_para, next_table)
        roots = [body]
        seen: set[tuple[str, str]] = set()
        refs = list(walker.note_refs)
        stories = {}
        for kind, label in (("footnote", "脚注"), ("endnote", "尾注")):
            root = _part_root(_part(document, kind + "s"))
            roots.append(root)
            if root is None:
                continue
            stories[kind] = (label, {n.get(q("id")): n for n in root.iterfind(q(kind))})
        n_by_kind = {"footnote": 0, "endnote": 0}
        for kind in ("footnote", "endnote"):  # footnotes, then endnotes, each in reference order
            if kind not in stories:
                continue
            label, notes = stories[kind]
            for ref_kind, nid in refs:
                if ref_kind != kind or (kind, nid) in seen or nid not in notes:
                    continue
                seen.add((kind, nid))
                n_by_kind[kind] += 1
                where = f"{label}{n_by_kind[kind]}"
                note_lines: list[tuple[str, str]] = []
                walker.blocks(notes[nid], 0, note_lines, lambda w=where: w, lambda w=where: w + " 表格")
                if note_lines:
                    note_lines[0] = (note_lines[0][0].lstrip(), note_lines[0][1])
                lines.extend(note_lines)
        if headers:
            for s_idx, section in enumerate(document.sections, 1):
                for p in section.footer.paragraphs:
                    _, text, _, _ = plain.paragraph(p._p, 0, "")
                    lines.append((text, f"第{s_idx}节 页脚"))
        notice = revision_notice(*count_revisions(*roots), view)
        if notice:
            notices.append(notice)
    except ReadError as exc:
        raise ReadError(f"{path}: {exc}") from None
    except RecursionError:
        raise ReadError(f"{path}: .docx 结构嵌套过深，无法读取") from None
    except Exception as exc:  # odd but well-formed XML python-docx does not expect
        raise ReadError(f"{path}: .docx 内容无法读取（{exc.__class__.__name__}: {str(exc)[:80]}）".replace("\n", " ")) from None

    text = "\n".join(t for t, _ in lines)
    origins = [Origin(i, where) for i, (_, where) in enumerate(lines, 1)]
    return Source(path=path, text=text, kind="docx", encoding=None, origins=origins, notices=notices)
