"""Text-based PDF (submission materials): one line per extracted text line.

pypdf reports what it repairs or cannot parse on its own logger (``EOF marker not
found``, ``invalid pdf header`` …) and with warnings; doclint says what is wrong in one
Chinese line of its own, so both are silenced while a file is read.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings

from doclint.errors import ReadError
from doclint.source import Origin, Source


@contextlib.contextmanager
def _quiet():
    """pypdf's log records and warnings kept off standard error while reading."""
    logger = logging.getLogger("pypdf")
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.CRITICAL + 1)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)
        logger.propagate = propagate


def _reason(exc: Exception) -> str:
    name = exc.__class__.__name__
    if "Password" in name or "Encrypt" in name or "encrypt" in str(exc).lower():
        return "PDF 已加密，无法提取文字"
    return "PDF 文件已损坏或不完整，无法解析"


def read_pdf(data: bytes, path: str) -> Source:
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReadError(f"{path}: 不是有效的 PDF 文件（缺少 %PDF 文件头）")
    try:
        with _quiet():
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    reader.decrypt("")  # readable when only an owner password is set
                except Exception:
                    raise ReadError(f"{path}: PDF 已加密，无法提取文字") from None
            pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise ReadError(f"{path}: {_reason(exc)}") from None
    lines: list[str] = []
    origins: list[Origin] = []
    for p_no, page in enumerate(pages, 1):
        for l_no, line in enumerate(page.replace("\r", "").split("\n"), 1):
            lines.append(line)
            origins.append(Origin(len(lines), f"第{p_no}页第{l_no}行"))
    if not "".join(lines).strip():
        raise ReadError(f"{path}: PDF 中没有可提取的文字（可能是扫描件）")
    return Source(path=path, text="\n".join(lines), kind="pdf", origins=origins)
