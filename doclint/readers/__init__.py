"""Readers: one per input kind, each returning a :class:`doclint.source.Source`."""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

from doclint.errors import ReadError
from doclint.source import Source

SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf",
            ".doc": "convert", ".wps": "convert", ".rtf": "convert", ".odt": "convert"}
# found when a folder is walked (.doc/.wps/.rtf/.odt are converted by LibreOffice, see readers.convert)
CHECKED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".pdf", ".doc", ".wps", ".rtf", ".odt")
DOCX_VIEWS = ("final", "original")
MAX_BYTES = 20 * 1024 * 1024  # larger inputs are refused with a clear message
HARD_MAX_BYTES = 100 * 1024 * 1024  # whatever --max-size says: one larger file could exhaust memory


def kind_of(path: str) -> str | None:
    return SUFFIXES.get(Path(path).suffix.lower())


_OS_REASONS = {
    errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
    errno.EISDIR: "这是一个目录", errno.ELOOP: "符号链接循环", errno.ENAMETOOLONG: "文件名过长",
}


def os_reason(exc: OSError) -> str:
    """The reason an OS call failed, in Chinese where we know it."""
    return _OS_REASONS.get(exc.errno) or exc.strerror or exc.__class__.__name__


def read_bytes(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    hint = "可用 --max-size 调整"
    if max_bytes > HARD_MAX_BYTES:
        max_bytes, hint = HARD_MAX_BYTES, f"单个文件最多检查 {HARD_MAX_BYTES // 1048576} MB"
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        try:
            size = os.path.getsize(path)
        except OSError as exc:
            raise ReadError(f"{path}: 无法读取（{os_reason(exc)}）") from None
        if size > max_bytes:
            raise ReadError(
                f"{path}: 文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB），未检查；{hint}"
            )
        try:
            with open(path, "rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise ReadError(f"{path}: 无法读取（{os_reason(exc)}）") from None
    if len(data) > max_bytes:
        raise ReadError(f"{path}: 输入过大（超过 {max_bytes / 1048576:.0f} MB），未检查")
    return data


def read_path(
    path: str,
    *,
    encoding: str | None = None,
    docx_headers: bool = False,
    max_bytes: int = MAX_BYTES,
    docx_view: str = "final",
) -> Source:
    """Read any supported input ("-" is standard input, read as text).

    ``docx_view``: "final" reads Word files with tracked changes accepted, "original"
    as they were before them (see readers.docx)."""
    kind = "stdin" if path == "-" else kind_of(path)
    if kind is None:
        raise ReadError(f"{path}: 不支持的文件类型（支持 .docx、.doc、.wps、.rtf、.odt、.pdf、.txt、.md）")
    data = read_bytes(path, max_bytes)
    if kind == "convert":
        from doclint.readers.convert import to_docx

        data = to_docx(data, path, Path(path).suffix.lower())
        kind = "docx"
    if kind == "docx":
        from doclint.readers.docx import read_docx

        source = read_docx(data, path, headers=docx_headers, view=docx_view)
    elif kind == "pdf":
        from doclint.readers.pdf import read_pdf

        source = read_pdf(data, path)
    else:
        from doclint.readers.text import read_text

        source = read_text(data, path, "txt" if kind == "stdin" else kind, encoding)
    if not source.text.strip():
        raise ReadError(f"{path}: 文件为空（没有可检查的文字）")
    return source
