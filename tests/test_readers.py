"""Readers: encodings are detected, never guessed silently wrong; bad files are one-line errors."""

import io
import zipfile

import docx
import pytest

from doclint.errors import ReadError
from doclint.readers import read_path

TEXT = "朔州市人民政府办公室关于加强停车管理的通知\n第一条 为规范停车秩序，制定本办法。\n"


@pytest.mark.parametrize(
    "encoding,bom",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""),
     ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b""), ("utf-16-be", b"")],
)
def test_text_encodings(tmp_path, encoding, bom):
    p = tmp_path / "a.txt"
    p.write_bytes(bom + TEXT.encode(encoding))
    src = read_path(str(p))
    assert src.text == TEXT
    assert src.line_count == 3


def test_text_origins_are_each_line_of_the_file(tmp_path):
    import pickle

    from doclint.source import Origin

    p = tmp_path / "a.txt"
    p.write_text(TEXT, encoding="utf-8")
    src = read_path(str(p))
    listed = [Origin(i, f"第{i}行") for i in (1, 2, 3)]
    assert len(src.origins) == 3 and list(src.origins) == listed and src.origins == listed
    assert src.origins[-1] == listed[-1] and src.origins[1:] == listed[1:]
    with pytest.raises(IndexError):
        src.origins[3]
    assert src.origin(2) == "第2行" and src.origin(4) is None
    wheres = src.origin_wheres()
    assert wheres == ["第1行", "第2行", "第3行"] and wheres[0] == "第1行"
    assert pickle.loads(pickle.dumps(wheres)) == wheres  # results come back from worker processes


def test_crlf_is_normalised(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes(TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert read_path(str(p)).text == TEXT


def test_undecodable_text_is_one_line_error(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes(bytes(range(0x80, 0x100)) * 8)
    with pytest.raises(ReadError) as exc:
        read_path(str(p))
    msg = str(exc.value)
    assert msg.startswith(str(p)) and "\n" not in msg and "编码" in msg


def test_binary_and_empty(tmp_path):
    b = tmp_path / "b.txt"
    b.write_bytes(b"\x00\x01\x02PK\x00\x00" * 100)
    with pytest.raises(ReadError, match="二进制"):
        read_path(str(b))
    e = tmp_path / "e.txt"
    e.write_bytes(b"  \n\n")
    with pytest.raises(ReadError, match="文件为空"):
        read_path(str(e))


def test_unsupported_suffix(tmp_path):
    p = tmp_path / "a.xlsx"
    p.write_bytes(b"x")
    with pytest.raises(ReadError, match="不支持的文件类型"):
        read_path(str(p))


def _docx_bytes(paragraphs, table=None):
    d = docx.Document()
    for t in paragraphs:
        d.add_paragraph(t)
    if table:
        tb = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, val in enumerate(row):
                tb.cell(r, c).text = val
    d.sections[0].header.paragraphs[0].text = "页眉文字"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(_docx_bytes(["第一段", "第二段"], table=[["甲", "乙"], ["丙", "丁"]]))
    src = read_path(str(p))
    assert src.text.split("\n") == ["第一段", "第二段", "甲", "乙", "丙", "丁"]
    assert src.origin(1) == "第1段"
    assert src.origin(4) == "表格1 第1行第2列"
    assert "页眉" not in src.text
    with_headers = read_path(str(p), docx_headers=True)
    assert with_headers.text.startswith("页眉文字\n")


def test_docx_not_a_zip(tmp_path):
    p = tmp_path / "fake.docx"
    p.write_text("not a zip", encoding="utf-8")
    with pytest.raises(ReadError, match="不是有效的 .docx"):
        read_path(str(p))


def test_docx_truncated(tmp_path):
    data = _docx_bytes(["第一段"])
    p = tmp_path / "cut.docx"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError) as exc:
        read_path(str(p))
    assert "\n" not in str(exc.value)


def test_docx_with_entity_declaration_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>')
    p = tmp_path / "ent.docx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="实体声明"):
        read_path(str(p))


def test_zip_bomb_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<d>" + "a" * (30 * 1024 * 1024) + "</d>")
    p = tmp_path / "bomb.docx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(ReadError, match="压缩"):
        read_path(str(p))


def test_size_limit(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(("第一条 内容。\n" * 1000).encode("utf-8"))
    with pytest.raises(ReadError, match="文件过大"):
        read_path(str(p), max_bytes=1000)
