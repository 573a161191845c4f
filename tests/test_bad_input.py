"""Bad input, one file at a time: each odd file gets a one-line error in its report
entry and exit 2, while every other file of the same run is still linted and reported.

Each case runs the CLI (as a user does) on the bad file next to a good draft.
"""

import io
import json
import shutil
import textwrap
import zipfile

import pytest

from conftest import SAMPLES, run_cli

GOOD = SAMPLES / "parking-draft.txt"
DOCX = SAMPLES / "parking-draft.docx"
TITLE = "关于加强停车管理的通知"
DRAFT = f"{TITLE}\n\n各有关单位：\n\n第一条 停车场经营者应当按照每个车位每年200元的标准缴纳停车场管理费。\n"

W = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _para(s: str) -> bytes:
    return b"<w:p><w:r><w:t>" + s.encode() + b"</w:t></w:r></w:p>"


def _body(inner: bytes, prolog: bytes = b"") -> bytes:
    return W + prolog + b"<w:document " + NS + b"><w:body>" + inner + b"</w:body></w:document>"


def _docx_with(document_xml: bytes, extra: dict | None = None) -> bytes:
    """The sample .docx with its word/document.xml replaced (and extra parts added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info.filename)
            z.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _nested_tables(depth: int) -> bytes:
    cell = _para("最里层单元格")
    for _ in range(depth):
        cell = b"<w:tbl><w:tr><w:tc>" + cell + b"</w:tc></w:tr></w:tbl>"
    return _body(_para("外层段落") + cell)


def check(tmp_path, name: str, data: bytes, *extra_args):
    """Lint the bad file between two good ones; return (its entry, the whole result)."""
    (tmp_path / name).write_bytes(data)
    shutil.copy(GOOD, tmp_path / "a-good.txt")
    shutil.copy(DOCX, tmp_path / "z-good.docx")
    r = run_cli("check", "--format", "json", *extra_args, tmp_path / "a-good.txt", tmp_path / name,
                tmp_path / "z-good.docx")
    assert "Traceback" not in r.stderr
    report = json.loads(r.stdout)
    files = {f["path"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert list(files) == ["a-good.txt", name, "z-good.docx"]  # every file reported, in order
    for good in ("a-good.txt", "z-good.docx"):
        assert files[good]["error"] is None
        assert files[good]["findings"], f"{good} was not linted"
    return files[name], r


def assert_error(entry, r, *words):
    err = entry["error"]
    assert err and "\n" not in err, err
    assert err.startswith(entry["path"] + ": "), err
    for w in words:
        assert w in err, err
    assert entry["findings"] == []
    assert r.returncode == 2


# -- text encodings that must simply work ------------------------------------------------------
@pytest.mark.parametrize(
    "name,encode",
    [
        ("gbk.txt", lambda t: t.encode("gbk")),
        ("gb18030.txt", lambda t: (t + "𠀀〾鿿\n").encode("gb18030")),
        ("utf16-bom.txt", lambda t: t.encode("utf-16")),
        ("utf16be-bom.txt", lambda t: b"\xfe\xff" + t.encode("utf-16-be")),
        ("utf16le-nobom.txt", lambda t: t.encode("utf-16-le")),
        ("utf16be-nobom.txt", lambda t: t.encode("utf-16-be")),
        ("utf8-bom.txt", lambda t: b"\xef\xbb\xbf" + t.encode("utf-8")),
        ("crlf.txt", lambda t: t.replace("\n", "\r\n").encode("utf-8")),
    ],
)
def test_encodings_are_decoded(tmp_path, name, encode):
    entry, r = check(tmp_path, name, encode(DRAFT))
    assert entry["error"] is None
    assert entry["document"]["title"] == TITLE
    assert any("管理费" in f["excerpt"] or "缴纳" in f["excerpt"] for f in entry["findings"]), entry["findings"]
    assert r.returncode == 1


# -- unreadable text -----------------------------------------------------------------------------
def test_undecodable_text(tmp_path):
    entry, r = check(tmp_path, "garbled.txt", bytes(range(0x80, 0x100)) * 20)
    assert_error(entry, r, "无法识别文本编码", "--encoding")


def test_wrong_forced_encoding(tmp_path):
    entry, r = check(tmp_path, "x.txt", DRAFT.encode("gbk"), "--encoding", "utf-8")
    assert entry["error"] and "utf-8" in entry["error"]


def test_binary_file(tmp_path):
    entry, r = check(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(2000))
    assert_error(entry, r, "不是文本文件")


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\xe3\x80\x80\n"], ids=["zero-bytes", "whitespace"])
def test_empty_file(tmp_path, data):
    entry, r = check(tmp_path, "empty.txt", data)
    assert_error(entry, r, "文件为空")


# -- broken Word files -----------------------------------------------------------------------------
def test_docx_that_is_not_a_zip(tmp_path):
    entry, r = check(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old binary .doc")
    assert_error(entry, r, "不是有效的 .docx 文件")


def test_truncated_docx(tmp_path):
    data = DOCX.read_bytes()
    entry, r = check(tmp_path, "cut.docx", data[: len(data) // 2])
    assert_error(entry, r, "不完整或已损坏")


def test_docx_without_document_part(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    entry, r = check(tmp_path, "hollow.docx", out.getvalue())
    assert_error(entry, r, "word/document.xml")


def test_zip_bomb_ratio(tmp_path):
    bomb = _docx_with(_body(_para("正文") + b" " * (30 * 1024 * 1024)))
    assert len(bomb) < 1024 * 1024
    entry, r = check(tmp_path, "bomb.docx", bomb)
    assert_error(entry, r, "压缩比异常", "压缩炸弹")


def test_zip_bomb_total_size(tmp_path):
    # many parts of 1 MB each: no single part has a suspicious ratio, the total is too big
    pad = b"\0" * (1024 * 1024)
    parts = {f"word/media/pad{i:03d}.bin": pad for i in range(260)}
    bomb = _docx_with(_sample_document_xml(), parts)
    entry, r = check(tmp_path, "bomb.docx", bomb)
    assert_error(entry, r, "解压后超过", "压缩炸弹")


def _sample_document_xml() -> bytes:
    with zipfile.ZipFile(DOCX) as z:
        return z.read("word/document.xml")


ENTITIES = '<!DOCTYPE d [<!ENTITY a "停车"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'.encode()
EXTERNAL = b'<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize(
    "prolog,ref",
    [
        (ENTITIES, "&b;"),
        (EXTERNAL, "&e;"),
        (b"<!--" + b" " * 20000 + b"-->\n" + ENTITIES, "&b;"),  # the declaration hidden behind a long comment
    ],
    ids=["internal-entities", "external-entity", "after-long-comment"],
)
def test_xml_entity_declarations_are_refused(tmp_path, prolog, ref):
    entry, r = check(tmp_path, "entities.docx", _docx_with(_body(_para(ref), prolog)))
    assert_error(entry, r, "DOCTYPE/实体声明")
    assert "root:" not in r.stdout and "停车停车停车" not in r.stdout


def test_nested_tables_beyond_our_limit(tmp_path):
    entry, r = check(tmp_path, "nested.docx", _docx_with(_nested_tables(20)))
    assert_error(entry, r, "表格嵌套过深")


def test_nesting_beyond_the_xml_parser_limit(tmp_path):
    entry, r = check(tmp_path, "deep.docx", _docx_with(_nested_tables(3000)))
    assert_error(entry, r, "嵌套过深")


def test_nested_tables_within_limit_are_read(tmp_path):
    entry, r = check(tmp_path, "nested.docx", _docx_with(_nested_tables(8)))
    assert entry["error"] is None


# -- size limits -------------------------------------------------------------------------------------
def test_50_mb_text_is_refused_by_the_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # refused on its size: never read into memory
    shutil.copy(GOOD, tmp_path / "a-good.txt")
    shutil.copy(DOCX, tmp_path / "z-good.docx")
    r = run_cli("check", "--format", "json", tmp_path / "a-good.txt", big, tmp_path / "z-good.docx")
    report = json.loads(r.stdout)
    entry = report["files"][1]
    assert_error(entry, r, "文件过大", "50.0 MB", "上限 20 MB", "--max-size")
    assert report["files"][0]["findings"] and report["files"][2]["findings"]


def test_max_size_option(tmp_path):
    data = (GOOD.read_text(encoding="utf-8") * 500).encode("utf-8")  # about 1.2 MB
    entry, r = check(tmp_path, "long.txt", data, "--max-size", "1")
    assert_error(entry, r, "文件过大", "上限 1 MB")
    entry, r = check(tmp_path, "long.txt", data, "--max-size", "2")
    assert entry["error"] is None and entry["findings"]


# -- rulesets and configuration ---------------------------------------------------------------------
def test_malformed_ruleset_yaml_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ruleset: x\nrules:\n  - id: USR001\n    name: [unclosed\n    category: fee\n", encoding="utf-8")
    r = run_cli("check", "--ruleset", bad, GOOD)
    assert r.returncode == 2
    assert f"{bad}:5: YAML 语法错误" in r.stderr and "始于第4行" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_malformed_config_yaml_names_file_and_line(tmp_path):
    shutil.copy(GOOD, tmp_path / "draft.txt")
    (tmp_path / ".doclint.yaml").write_text("select: [FEE\nignore: x\n", encoding="utf-8")
    r = run_cli("check", "draft.txt", cwd=tmp_path)
    assert r.returncode == 2
    assert ".doclint.yaml:2: YAML 语法错误" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


CATASTROPHIC = textwrap.dedent("""\
    ruleset: local
    rules:
      - id: USR001
        name: fee.runaway-pattern
        category: fee
        severity: warning
        basis: [《中华人民共和国价格法》第四十七条]
        message: 一条会灾难性回溯的用户规则。
        triggers: [的]
        patterns: ['(的|的的)+$']
        examples:
          fail: [的的]
          pass: [没有。]
    """)


def test_catastrophic_user_regex_is_reported_not_hung_on(tmp_path):
    rules = tmp_path / "runaway.yaml"
    rules.write_text(CATASTROPHIC, encoding="utf-8")
    slow = tmp_path / "slow.txt"
    slow.write_text(DRAFT + "的" * 60 + "。\n", encoding="utf-8")
    shutil.copy(GOOD, tmp_path / "a-good.txt")
    r = run_cli("check", "--format", "json", "--ruleset", rules, tmp_path / "a-good.txt", slow)
    assert r.returncode == 2  # a rule that could not run: the file was not fully checked
    files = json.loads(r.stdout)["files"]
    assert files[0]["findings"] and files[0]["error"] is None
    entry = files[1]
    assert entry["error"] is None
    assert any("USR001" in n and "超时" in n and "已跳过" in n for n in entry["notices"]), entry.get("notices")
    assert any("管理费" in f["excerpt"] for f in entry["findings"])  # the other rules still ran on it
    text = run_cli("check", "--ruleset", rules, slow)
    assert text.returncode == 2 and "超时" in text.stdout + text.stderr


def test_missing_file_is_one_chinese_line(tmp_path):
    shutil.copy(GOOD, tmp_path / "a-good.txt")
    r = run_cli("check", "--format", "json", tmp_path / "a-good.txt", tmp_path / "gone.txt")
    files = json.loads(r.stdout)["files"]
    assert files[0]["findings"] and files[0]["error"] is None
    assert files[1]["error"] == f"{tmp_path / 'gone.txt'}: 无法读取（文件不存在）"
    assert r.returncode == 2


def test_max_size_cannot_lift_the_hard_limit(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(150 * 1024 * 1024)  # sparse: refused on its size, never read
    shutil.copy(GOOD, tmp_path / "a-good.txt")
    r = run_cli("check", "--max-size", "1000", tmp_path / "a-good.txt")
    assert r.returncode == 2 and "1<=x<=100" in r.stderr
    r = run_cli("check", "--format", "json", "--max-size", "100", tmp_path / "a-good.txt", big)
    files = json.loads(r.stdout)["files"]
    assert files[0]["findings"] and files[0]["error"] is None
    assert_error(files[1], r, "文件过大（150.0 MB，上限 100 MB）")
    from doclint.errors import ReadError
    from doclint.readers import read_path

    with pytest.raises(ReadError, match="单个文件最多检查 100 MB"):
        read_path(str(big), max_bytes=1000 * 1024 * 1024)