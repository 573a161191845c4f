""".doc / .wps / .rtf / .odt: converted to .docx by LibreOffice in headless mode, then read as .docx.

Each conversion runs ``soffice --headless --convert-to docx`` on a copy of the input
in a private temporary folder, with its own temporary user profile (so it neither
touches nor waits for a LibreOffice the user has open), under a time limit; the
folder is removed afterwards whatever happens.  Without LibreOffice the file gets a
one-line error that says how to convert it by hand.

WPS Writer's .wps is the binary Word format under another name; a .wps holding a Word
document is handed to LibreOffice as .doc (LibreOffice would otherwise take the
extension for Microsoft Works).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile

from doclint.errors import ReadError

CONVERTED_SUFFIXES = (".doc", ".wps", ".rtf", ".odt")
TIMEOUT = 120  # seconds one conversion may take
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")


def soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def missing_message(path: str, suffix: str) -> str:
    return (f"{path}: 无法读取 {suffix} 文件：未安装 LibreOffice；请用 Word 或 WPS 将其另存为 .docx 后再检查，"
            f"或安装 LibreOffice（如 apt-get install libreoffice-writer-nogui）")


def _input_suffix(data: bytes, suffix: str) -> str:
    if suffix == ".wps" and data.startswith(_OLE_MAGIC) and _WORD_STREAM in data:
        return ".doc"
    return suffix


def to_docx(data: bytes, path: str, suffix: str, timeout: float = TIMEOUT) -> bytes:
    """The .docx LibreOffice makes of `data` (the contents of `path`, a `suffix` file)."""
    program = soffice()
    if program is None:
        raise ReadError(missing_message(path, suffix))
    with tempfile.TemporaryDirectory(prefix="doclint-convert-") as tmp:
        src = os.path.join(tmp, "input" + _input_suffix(data, suffix))
        out_dir = os.path.join(tmp, "out")
        profile = os.path.join(tmp, "profile")
        os.mkdir(out_dir)
        with open(src, "wb") as fh:
            fh.write(data)
        cmd = [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx", "--outdir", out_dir, src]
        env = dict(os.environ, HOME=tmp)  # nothing of the user's profile is read or written
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    env=env, cwd=tmp, start_new_session=True)
        except OSError as exc:
            raise ReadError(f"{path}: 无法启动 LibreOffice 转换 {suffix} 文件（{exc.strerror or exc}）") from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ReadError(f"{path}: LibreOffice 转换 {suffix} 文件超过 {timeout:g} 秒，已中止；"
                            f"请用 Word 或 WPS 另存为 .docx 后再检查") from None
        finally:
            _kill(proc)  # helper processes LibreOffice may leave in its session
        result = os.path.join(out_dir, "input.docx")
        if proc.returncode != 0 or not os.path.isfile(result):
            reason = (err or b"").decode("utf-8", "replace").strip().splitlines()
            detail = f"（{reason[-1][:100]}）" if reason else ""
            raise ReadError(f"{path}: LibreOffice 无法把 {suffix} 文件转换为 .docx{detail}；"
                            f"文件可能已损坏，或请用 Word 或 WPS 另存为 .docx 后再检查")
        with open(result, "rb") as fh:
            return fh.read()


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
