"""doclint's on-disk cache: compiled rulesets and parsed data files, pickled.

Files live in ``$DOCLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/doclint`` or
``~/.cache/doclint``, under names that are hashes of everything they depend on,
so a stale entry is never read; it is only pruned.  A file is trusted only when
the current user owns it and nobody else can write to it.  Every failure (no
home directory, a full disk, a broken file) only costs time: the caller parses
or compiles again.
"""

from __future__ import annotations

import os
from pathlib import Path

KEEP = 16  # files kept per kind (other rulesets, data files, earlier versions)


def cache_dir() -> Path:
    base = os.environ.get("DOCLINT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "doclint"
    )
    return Path(base)


def read(name: str):
    """The object pickled under `name`, or None (missing, untrusted or unreadable)."""
    import pickle

    path = cache_dir() / name
    try:
        st = path.stat()
        if st.st_mode & 0o022 or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            return None  # only trust a cache file nobody else could have written
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # missing, unreadable or stale
        return None


def write(name: str, data: bytes, prune: str | None = None) -> None:
    """Store pickled `data` under `name` atomically; then keep only the KEEP newest
    files matching the glob `prune`."""
    import tempfile

    tmp = None
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
        tmp = None
        if prune:
            _prune(folder, prune)
    except OSError:  # an unwritable cache only costs time
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(folder: Path, pattern: str) -> None:
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass
