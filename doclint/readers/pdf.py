"""Text-based PDF (submission materials): one line per extracted text line."""

from __future__ import annotations

import io

from doclint.errors import ReadError
from doclint.source import Origin, Source


def read_pdf(data: bytes, path: str) -> Source:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise ReadError(f"{path}: PDF 文件无法解析（{exc.__class__.__name__}）") from None
    lines: list[str] = []
    origins: list[Origin] = []
    for p_no, page in enumerate(pages, 1):
        for l_no, line in enumerate(page.replace("\r", "").split("\n"), 1):
            lines.append(line)
            origins.append(Origin(len(lines), f"第{p_no}页第{l_no}行"))
    if not "".join(lines).strip():
        raise ReadError(f"{path}: PDF 中没有可提取的文字（可能是扫描件）")
    return Source(path=path, text="\n".join(lines), kind="pdf", origins=origins)
