""".doc / .wps / .rtf / .odt through LibreOffice (issue #15): read with the same findings as
the .docx they were made from; without LibreOffice a one-line error, exit 2, other files linted."""

import io
import json
import os
import shutil
import stat
import subprocess
import tempfile

import docx
import pytest

from conftest import SAMPLES, run_cli
from doclint.errors import ReadError
from doclint.readers import convert
from doclint.config import Resolver
from doclint.runner import collect_files

TODAY = "2025-04-01"
SOFFICE = convert.soffice()
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) 未安装：apt-get install libreoffice-writer-nogui")


def _docx(lines) -> bytes:
    d = docx.Document()
    for line in lines:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _findings(path, *args):
    r = run_cli("check", "--no-config", "--format", "json", "--today", TODAY, *args, path)
    assert r.returncode in (0, 1), r.stdout + r.stderr
    fd = json.loads(r.stdout)["files"][0]
    assert not fd["error"]
    return [(f["rule"], f["line"], f.get("section")) for f in fd["findings"]]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The sample draft as .docx, and the .doc/.odt/.rtf LibreOffice makes of it (plus the .doc named .wps)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    d = tmp_path_factory.mktemp("convert")
    lines = (SAMPLES / "parking-draft.txt").read_text(encoding="utf-8").splitlines()
    src = d / "draft.docx"
    src.write_bytes(_docx(lines))
    out = {"docx": src}
    profile = tempfile.mkdtemp(prefix="doclint-test-profile-")
    try:
        for fmt in ("doc", "odt", "rtf"):
            subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                            "--outdir", str(d), str(src)], check=True, capture_output=True, timeout=180)
            out[fmt] = d / f"draft.{fmt}"
            assert out[fmt].is_file()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out["wps"] = d / "draft.wps"
    shutil.copyfile(out["doc"], out["wps"])  # WPS Writer's .wps is the binary Word format
    return out


@needs_soffice
@pytest.mark.parametrize("kind", ["doc", "wps", "odt", "rtf"])
def test_converted_formats_have_the_docx_findings(made, kind):
    want = _findings(made["docx"])
    assert want
    assert _findings(made[kind]) == want


@needs_soffice
def test_a_folder_includes_word_and_wps_files(made, tmp_path):
    folder = tmp_path / "drafts"
    folder.mkdir()
    for kind in ("doc", "wps"):
        shutil.copyfile(made[kind], folder / f"draft.{kind}")
    files, _ = collect_files([str(folder)], Resolver({}, None, True))
    assert sorted(os.path.basename(f) for f in files) == ["draft.doc", "draft.wps"]
    r = run_cli("check", "--no-config", "--format", "json", "--today", TODAY, folder)
    got = json.loads(r.stdout)["files"]
    assert [os.path.basename(f["path"]) for f in got] == ["draft.doc", "draft.wps"]
    assert all(f["findings"] and not f["error"] for f in got)


def test_without_libreoffice_a_one_line_error_exit_2_and_other_files_linted(tmp_path):
    doc = tmp_path / "旧稿.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    txt = tmp_path / "draft.txt"
    shutil.copyfile(SAMPLES / "parking-draft.txt", txt)
    # a PATH that lacks soffice (the interpreter is run by its absolute path)
    r = run_cli("check", "--no-config", "--no-color", "--today", TODAY, doc, txt, env={"PATH": "/nonexistent"})
    assert r.returncode == 2
    errors = [ln for ln in r.stdout.splitlines() if "错误" in ln and "旧稿.doc" in ln]
    assert len(errors) == 1
    assert "未安装 LibreOffice" in errors[0] and "另存为 .docx" in errors[0]
    assert f"{txt}:" in r.stdout and "LIC001" in r.stdout  # the other file is still linted
    r = run_cli("check", "--no-config", "--format", "json", "--today", TODAY, doc, txt, env={"PATH": "/nonexistent"})
    files = json.loads(r.stdout)["files"]
    assert "未安装 LibreOffice" in files[0]["error"] and "\n" not in files[0]["error"]
    assert files[1]["findings"] and not files[1]["error"]


def _fake_soffice(folder, script: str) -> None:
    p = folder / "soffice"
    p.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    p.chmod(p.stat().st_mode | stat.S_IXUSR)


def test_conversion_time_limit_and_cleanup(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, "sleep 30")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + "/usr/bin:/bin")
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    with pytest.raises(ReadError, match="超过 1 秒，已中止"):
        convert.to_docx(b"x", "a.doc", ".doc", timeout=1)
    assert list(scratch.iterdir()) == []  # the private folder and profile are gone


def test_conversion_failure_is_one_line(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, "echo 'Error: source file could not be loaded' >&2; exit 1")
    monkeypatch.setenv("PATH", str(bin_dir) + os.pathsep + "/usr/bin:/bin")
    with pytest.raises(ReadError) as exc:
        convert.to_docx(b"x", "坏.rtf", ".rtf")
    msg = str(exc.value)
    assert "\n" not in msg and msg.startswith("坏.rtf: LibreOffice 无法把 .rtf 文件转换为 .docx") and "could not be loaded" in msg


def test_a_wps_holding_a_word_document_goes_to_libreoffice_as_doc():
    word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le")
    assert convert._input_suffix(word, ".wps") == ".doc"
    assert convert._input_suffix(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 works", ".wps") == ".wps"
