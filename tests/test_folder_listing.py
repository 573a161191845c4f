"""Every file found under a folder appears in the report: the readable kinds checked
(.pdf included), the others listed as skipped with the reason; the summary counts both."""

import json
import zipfile

import pytest

from tests.conftest import run_cli

docx = pytest.importorskip("docx")


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with `text` (ASCII) in Helvetica, objects and xref written by hand."""
    stream = f"BT /F1 12 Tf 72 760 Td ({text}) Tj ET".encode()
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "送审"
    (d / "附件").mkdir(parents=True)
    doc = docx.Document()
    doc.add_paragraph("关于规范临时摊点管理的通知")
    doc.add_paragraph("在夜市设置临时摊点的，须经街道办事处审批后方可经营。")
    doc.save(d / "草案.docx")
    (d / "起草说明.txt").write_text("起草说明\n本文件依据有关规定起草。\n", encoding="utf-8")
    (d / "附件" / "材料清单.pdf").write_bytes(tiny_pdf("Submission list: explanation, opinions"))
    with zipfile.ZipFile(d / "征求意见.zip", "w") as z:
        z.writestr("意见.txt", "无意见")
    (d / "统计表.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    (d / "~$草案.docx").write_bytes(b"Word lock file")  # silent
    (d / ".备份.txt").write_text("hidden", encoding="utf-8")  # silent
    return d


def test_json_lists_checked_and_skipped(folder):
    res = run_cli("check", "--format", "json", folder)
    assert res.returncode == 1, res.stderr  # the draft sets a licence: an error, nothing unreadable
    data = json.loads(res.stdout)
    by_name = {f["path"].replace(str(folder) + "/", ""): f for f in data["files"]}
    assert set(by_name) == {"草案.docx", "起草说明.txt", "附件/材料清单.pdf", "征求意见.zip", "统计表.xlsx"}
    for name in ("草案.docx", "起草说明.txt", "附件/材料清单.pdf"):
        assert by_name[name]["error"] is None and "skipped" not in by_name[name], by_name[name]
    assert any(f["rule"] == "LIC001" for f in by_name["草案.docx"]["findings"])
    assert by_name["征求意见.zip"]["skipped"] == "不支持的文件类型（压缩包，请解压后再检查）"
    assert by_name["统计表.xlsx"]["skipped"] == "不支持的文件类型（表格）"
    for name in ("征求意见.zip", "统计表.xlsx"):
        assert by_name[name]["findings"] == [] and by_name[name]["error"] is None
    assert data["summary"]["files"] == 3 and data["summary"]["skipped"] == 2


def test_text_summary_counts_both(folder):
    res = run_cli("check", folder)
    out = res.stdout
    assert f"{folder}/征求意见.zip: 跳过：不支持的文件类型（压缩包，请解压后再检查）" in out
    assert f"{folder}/统计表.xlsx: 跳过：不支持的文件类型（表格）" in out
    assert out.rstrip().splitlines()[-1].startswith("已检查 3 个文件，跳过 2 个：")
    assert "~$" not in out and "备份" not in out
    assert res.stderr == ""


@pytest.mark.parametrize("fmt, marker", [("markdown", "> 跳过：不支持的文件类型（表格）"),
                                         ("github", "::notice file="),
                                         ("sarif", "跳过：不支持的文件类型（表格）"),
                                         ("html", "跳过：不支持的文件类型（表格）")])
def test_every_format_shows_skipped(folder, fmt, marker):
    res = run_cli("check", "--format", fmt, folder)
    assert res.returncode == 1, res.stderr
    assert marker in res.stdout
    if fmt == "github":
        assert "统计表.xlsx::跳过：不支持的文件类型（表格）" in res.stdout


def test_a_pdf_in_a_folder_is_read(tmp_path):
    (tmp_path / "a.pdf").write_bytes(tiny_pdf("Article 1"))
    res = run_cli("check", "--format", "json", tmp_path)
    assert res.returncode == 0, res.stderr
    (f,) = json.loads(res.stdout)["files"]
    assert f["path"].endswith("a.pdf") and f["error"] is None and "skipped" not in f


def test_folder_with_nothing_readable(tmp_path):
    (tmp_path / "表.xlsx").write_bytes(b"x")
    res = run_cli("check", tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip() == (
        "doclint: 错误：没有找到可检查的文件（.docx、.doc、.wps、.rtf、.odt、.pdf、.txt、.md）；跳过了 1 个其他类型的文件")


def test_contract_unchanged_without_skipped_files(tmp_path):
    (tmp_path / "a.txt").write_text("本通知自印发之日起施行。\n", encoding="utf-8")
    data = json.loads(run_cli("check", "--format", "json", tmp_path).stdout)
    assert set(data["summary"]) == {"files", "errors", "warnings", "infos"}
    assert all("skipped" not in f for f in data["files"])
