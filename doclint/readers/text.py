"""Plain text and Markdown: decode bytes without guessing silently wrong."""

from __future__ import annotations

import codecs

from doclint.errors import ReadError
from doclint.source import Source, TextLineOrigins

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _utf16_guess(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: NUL bytes plus a decoding that reads as text."""
    if len(data) < 2 or len(data) % 2 or b"\x00" not in data:
        return None
    best = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if not _plausible(text):
            continue
        score = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" or " " <= ch <= "~" or ch in "\n\r\t")
        if score >= len(text) * 0.6 and (best is None or score > best[0]):
            best = (score, text, name)
    return (best[1], best[2]) if best else None


def _plausible(text: str) -> bool:
    """Reject decodings full of control, private-use or unassigned characters."""
    if not text:
        return True
    bad = 0
    for ch in text:
        o = ord(ch)
        if o < 32 and ch not in "\t\n\r\f":
            bad += 1
        elif 0xE000 <= o <= 0xF8FF or 0xF0000 <= o or o == 0xFFFD:
            bad += 1
    return bad <= max(2, len(text) // 200)


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding).  Raise ReadError when no encoding fits."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ReadError(f"{path}: 无法按指定编码 {encoding} 解码（{exc.__class__.__name__}）") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(name), name
            except UnicodeDecodeError:
                raise ReadError(f"{path}: 文件以 {name} 字节序标记开头，但内容不是有效的 {name} 文本") from None
    guess = _utf16_guess(data)
    if guess:
        return guess
    if b"\x00" in data[:8192]:
        raise ReadError(f"{path}: 不是文本文件（含二进制内容），无法读取")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise ReadError(f"{path}: 无法识别文本编码（既不是 UTF-8/UTF-16，也不是 GB18030/GBK）；可用 --encoding 指定") from None
    if not _plausible(text):
        raise ReadError(f"{path}: 无法识别文本编码（按 GB18030 解码得到乱码）；可用 --encoding 指定")
    return text, "gb18030"


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(data: bytes, path: str, kind: str, encoding: str | None = None) -> Source:
    text, enc = decode(data, path, encoding)
    text = normalise_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    n_lines = text.count("\n") + 1
    return Source(path=path, text=text, kind=kind, encoding=enc, origins=TextLineOrigins(n_lines))
