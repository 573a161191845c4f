"""Compiled twins of the pipeline modules, used only when built from the source on disk.

At install time setup.py compiles each module listed in MODULES with Cython, from
the unchanged .py file, to a C extension beside it named after a hash of that
source: ``prefilter.<hash>.cpython-311-x86_64-linux-gnu.so`` beside
``prefilter.py``.  The import system never picks such a file by itself.  The hook
installed here loads it in place of the .py only when the hash of the .py now on
disk is the one in its name, so an edited module runs from its source until the
next ``pip install`` recompiles it; it can never run stale code.

The compiled modules behave exactly as the source (tests compare the findings of
both); they only skip the interpreter's dispatch and run about 10% faster.
``DOCLINT_PURE=1`` at install time skips compiling (a quicker install); at run time
it makes doclint ignore the compiled files (profilers, debuggers).

Only the standard library is imported here: setup.py reads this file too.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import os
import sys
from pathlib import Path

#: modules compiled when a C compiler and Cython are at hand: the per-document
#: path (read → structure → rules → findings), paths relative to the package
MODULES = (
    "readers/text",
    "source",
    "document",
    "structure",
    "scope",
    "citations",
    "subjects",
    "form",
    "cnum",
    "prefilter",
    "engine",
    "linter",
    "finding",
    "suppress",
    "rules/base",
    "rules/pattern",
    "rules/document_rules",
)

PACKAGE = Path(__file__).resolve().parent
EXT_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # e.g. .cpython-311-x86_64-linux-gnu.so


def pure() -> bool:
    """Is DOCLINT_PURE set (compile nothing at install; load nothing compiled at run time)?"""
    return os.environ.get("DOCLINT_PURE", "") not in ("", "0")


def module_name(rel: str) -> str:
    """'rules/pattern' -> 'doclint.rules.pattern' (no package __init__ is listed)."""
    return ".".join(["doclint", *rel.split("/")])


def source_digest(source: Path) -> str:
    """The part of a compiled file's name that ties it to one exact source: the .py
    and, if there is one, the .pxd beside it that gives some names C types."""
    digest = hashlib.sha256(source.read_bytes())
    pxd = source.with_suffix(".pxd")
    if pxd.is_file():
        digest.update(b"\0pxd\0" + pxd.read_bytes())
    return digest.hexdigest()[:16]


def compiled_path(source: Path, digest: str) -> Path:
    return source.with_name(f"{source.stem}.{digest}{EXT_SUFFIX}")


class CompiledFinder:
    """Meta-path finder: a listed module's compiled twin, if one matches its source."""

    def __init__(self, package: Path = PACKAGE, modules: tuple[str, ...] = MODULES):
        self.sources = {module_name(rel): package / f"{rel}.py" for rel in modules}

    def compiled_for(self, fullname: str) -> Path | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        try:
            digest = source_digest(source)
        except OSError:
            return None
        so = compiled_path(source, digest)
        return so if so.is_file() else None

    def find_spec(self, fullname, path=None, target=None):
        so = self.compiled_for(fullname)
        if so is None:
            return None  # not listed, not built, or built from another source: the .py
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(so))
        return importlib.util.spec_from_file_location(fullname, str(so), loader=loader)

    def invalidate_caches(self) -> None:  # importlib protocol; nothing is cached
        pass


_finder: CompiledFinder | None = None


def install() -> None:
    """Put the finder first on sys.meta_path (once), unless DOCLINT_PURE is set."""
    global _finder
    if _finder is not None or pure():
        return
    _finder = CompiledFinder()
    sys.meta_path.insert(0, _finder)


def status() -> str:
    """For `doclint --version`: how many listed modules run compiled."""
    if _finder is None:
        return "纯 Python：已设置 DOCLINT_PURE"
    current = sum(_finder.compiled_for(name) is not None for name in _finder.sources)
    if current == 0:
        return "纯 Python：安装时未编译"
    if current == len(_finder.sources):
        return f"已编译 {current}/{len(MODULES)} 个模块"
    return f"已编译 {current}/{len(MODULES)} 个模块，其余按源码运行；重新 pip install 可全部编译"
