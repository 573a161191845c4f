"""Word .docx: body paragraphs and table cells in reading order, one line each."""

from __future__ import annotations

import io
import re
import zipfile

from doclint.errors import ReadError
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


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1]


def _table_lines(tbl_el, where: str, depth: int, out: list[tuple[str, str]]) -> None:
    """Cells in reading order: rows top to bottom, cells left to right (merged cells once)."""
    if depth > MAX_TABLE_DEPTH:
        raise ReadError("表格嵌套过深，无法读取")
    r = 0
    for tr in tbl_el.iterchildren():
        if _local(tr) != "tr":
            continue
        r += 1
        c = 0
        for tc in tr.iterchildren():
            if _local(tc) != "tc":
                continue
            c += 1
            cell_where = f"{where} 第{r}行第{c}列"
            for child in tc.iterchildren():
                tag = _local(child)
                if tag == "p":
                    out.append((_para_text(child), cell_where))
                elif tag == "tbl":
                    _table_lines(child, cell_where + " 嵌套表格", depth + 1, out)


def _para_text(p_el) -> str:
    from docx.text.paragraph import Paragraph

    text = Paragraph(p_el, None).text
    # A soft line break stays inside the paragraph: one paragraph, one line.
    return text.replace("\r", " ").replace("\n", " ").replace("\x0b", " ")


def read_docx(data: bytes, path: str, headers: bool = False) -> Source:
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
    try:
        if headers:
            for s_idx, section in enumerate(document.sections, 1):
                for p in section.header.paragraphs:
                    lines.append((p.text.replace("\n", " "), f"第{s_idx}节 页眉"))
        para_no = table_no = 0
        for child in document.element.body.iterchildren():
            tag = _local(child)
            if tag == "p":
                para_no += 1
                lines.append((_para_text(child), f"第{para_no}段"))
            elif tag == "tbl":
                table_no += 1
                _table_lines(child, f"表格{table_no}", 1, lines)
        if headers:
            for s_idx, section in enumerate(document.sections, 1):
                for p in section.footer.paragraphs:
                    lines.append((p.text.replace("\n", " "), f"第{s_idx}节 页脚"))
    except ReadError as exc:
        raise ReadError(f"{path}: {exc}") from None
    except RecursionError:
        raise ReadError(f"{path}: .docx 结构嵌套过深，无法读取") from None
    except Exception as exc:  # odd but well-formed XML python-docx does not expect
        raise ReadError(f"{path}: .docx 内容无法读取（{exc.__class__.__name__}: {str(exc)[:80]}）".replace("\n", " ")) from None

    text = "\n".join(t for t, _ in lines)
    origins = [Origin(i, where) for i, (_, where) in enumerate(lines, 1)]
    return Source(path=path, text=text, kind="docx", encoding=None, origins=origins)
