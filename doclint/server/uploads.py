"""Uploads kept in a private area: one folder per request (mode 0700) under the server's upload
root, deleted when the response is done.  Zipped packages are checked before anything is
extracted: member names that climb out (``..``, absolute, drive letters, backslashes), links,
too many members or too much uncompressed data (zip bombs) are refused with a Chinese message.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

DOCUMENT_TYPES = (".docx", ".txt", ".md", ".pdf")
MAX_MEMBERS = 200                      # files in a package
MAX_UNPACKED = 100 * 1024 * 1024       # bytes a package may unpack to
MAX_RATIO = 200                        # uncompressed / compressed, per member
_DRAFT_NAME = re.compile(r"草案|送审稿|征求意见稿|讨论稿|草稿|代拟稿|修改稿|审议稿")
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f<>:"/\\|?*]')


class UploadError(Exception):
    """A refused upload: ``status`` (400/413/415) and a one-line Chinese message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def safe_name(name: str, default: str = "上传文件") -> str:
    """The last component of an uploaded file name, without characters a path could misuse."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = _UNSAFE_CHARS.sub("_", base).strip(" .")
    return base[:120] or default


def suffix_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower()


class UploadArea:
    """The root all uploads go into; each request gets its own private folder in it."""

    def __init__(self, root: str | None = None):
        if root is None:
            root = tempfile.mkdtemp(prefix="doclint-serve-")
            self.owned = True
        else:
            os.makedirs(root, exist_ok=True)
            self.owned = False
        self.root = os.path.realpath(root)
        os.chmod(self.root, stat.S_IRWXU)

    @contextmanager
    def folder(self):
        path = tempfile.mkdtemp(prefix="u-", dir=self.root)
        try:
            yield Path(path)
        finally:
            shutil.rmtree(path, ignore_errors=True)

    def close(self) -> None:
        if self.owned:
            shutil.rmtree(self.root, ignore_errors=True)


def _inside(base: Path, target: Path) -> bool:
    base_r, target_r = os.path.realpath(base), os.path.realpath(target)
    return os.path.commonpath([base_r, target_r]) == base_r and target_r != base_r


def _member_parts(name: str) -> tuple[str, ...] | None:
    """The path parts of a zip member name, or None when the name is unsafe."""
    if not name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\x00" in name:
        return None
    parts = PurePosixPath(name).parts
    if any(p in ("..", ".") for p in parts):
        return None
    return parts


def _decode_name(info: zipfile.ZipInfo) -> str:
    """Member names of zips made on Chinese Windows are GBK without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def extract_package(data: bytes, dest: Path, name: str) -> Path:
    """Unpack the zipped package `data` into `dest` and return the package folder (the single
    top folder when every member is inside one).  Raises UploadError(400) on anything unsafe."""
    import io

    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise UploadError(400, f"{name}: 不是有效的 zip 压缩包") from None
    files = [i for i in infos if not i.is_dir()]
    if not files:
        raise UploadError(400, f"{name}: 压缩包是空的")
    if len(infos) > MAX_MEMBERS:
        raise UploadError(400, f"{name}: 压缩包中的文件过多（{len(infos)} 个，上限 {MAX_MEMBERS} 个）")
    plan = []
    declared = 0
    for info in infos:
        member = _decode_name(info)
        parts = _member_parts(member)
        if parts is None:
            raise UploadError(400, f"{name}: 压缩包中的文件名“{member}”指向包外，已拒绝")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UploadError(400, f"{name}: 压缩包中的“{member}”是符号链接，已拒绝")
        if info.flag_bits & 0x1:
            raise UploadError(400, f"{name}: 压缩包中的“{member}”已加密，无法读取")
        declared += info.file_size
        if declared > MAX_UNPACKED or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                       and info.file_size > 1024 * 1024):
            raise UploadError(400, f"{name}: 压缩包解压后过大（疑似压缩炸弹），已拒绝")
        plan.append((info, parts))
    written = 0
    for info, parts in plan:
        target = dest.joinpath(*parts)
        if not _inside(dest, target):
            raise UploadError(400, f"{name}: 压缩包中的文件名“{'/'.join(parts)}”指向包外，已拒绝")
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with zf.open(info) as src, open(target, "xb") as out:
                while True:  # the sizes in the header are not trusted: count what comes out
                    chunk = src.read(1 << 16)
                    if not chunk:
                        break
                    written += len(chunk)
                    if written > MAX_UNPACKED:
                        raise UploadError(400, f"{name}: 压缩包解压后过大（疑似压缩炸弹），已拒绝")
                    out.write(chunk)
        except FileExistsError:
            raise UploadError(400, f"{name}: 压缩包中有重名的文件“{'/'.join(parts)}”") from None
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            if isinstance(exc, UploadError):
                raise
            raise UploadError(400, f"{name}: 压缩包已损坏，无法解压") from None
    entries = [p for p in dest.iterdir() if not p.name.startswith(("__MACOSX", "."))]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return dest


def save_draft_as_package(data: bytes, dest: Path, name: str) -> Path:
    """A single uploaded draft as a package folder: the file named so that review takes it for
    the draft (…（送审稿）.ext when its name does not say so already)."""
    stem, ext = os.path.splitext(safe_name(name, "草案" + suffix_of(name)))
    if not _DRAFT_NAME.search(stem):
        stem += "（送审稿）"
    path = dest / (stem + ext.lower())
    if not _inside(dest, path):
        raise UploadError(400, f"{name}: 文件名无效")
    path.write_bytes(data)
    return dest
