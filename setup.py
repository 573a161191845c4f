"""Build doclint: metadata in setup.cfg; here, the optional compiled pipeline modules.

Each module listed in doclint/speedups.py is compiled by Cython from its unchanged
.py source to a C extension beside it, named after a hash of that source, which
doclint loads only while the source is unchanged (see doclint/speedups.py).  If
Cython or a C compiler is missing, or DOCLINT_PURE=1 is set, doclint installs as
plain Python and runs the same, about 10% slower.
"""

import importlib.util
import os
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent


def _speedups():
    """doclint/speedups.py, read without importing the package."""
    spec = importlib.util.spec_from_file_location("_doclint_speedups", HERE / "doclint" / "speedups.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _hashed(path: str, digest: str | None) -> str:
    """prefilter.cpython-311-x86_64-linux-gnu.so -> prefilter.<digest>.cpython-311-x86_64-linux-gnu.so"""
    suffix = SPEEDUPS.EXT_SUFFIX
    if digest is None or not path.endswith(suffix) or path.endswith(f".{digest}{suffix}"):
        return path
    return f"{path[: -len(suffix)]}.{digest}{suffix}"


class BuildCompiled(build_ext):
    """build_ext that names each file after its source's hash and drops older builds."""

    # distutils asks get_ext_filename for the last name part when it builds, setuptools
    # for the dotted name when it copies an editable build into the tree: hash both.
    def get_ext_filename(self, fullname):
        return _hashed(super().get_ext_filename(fullname), DIGESTS.get(fullname))

    def get_ext_fullpath(self, ext_name):
        return _hashed(super().get_ext_fullpath(ext_name), DIGESTS.get(self.get_ext_fullname(ext_name)))

    def initialize_options(self):
        super().initialize_options()
        self.parallel = os.cpu_count() or 1  # modules compile independently

    def build_extensions(self):
        if self.compiler.compiler_type == "unix":
            # Cython's C is calls into the interpreter: -O1 runs within about 1% of -O3
            # and compiles five times faster; no debug info
            for ext in self.extensions:
                ext.extra_compile_args = ["-O1", "-g0"]
        super().build_extensions()

    def build_extension(self, ext):
        # Whatever stops a module compiling (no compiler, a compiler error; distutils
        # versions raise different exceptions for them), it then runs as plain Python.
        try:
            super().build_extension(ext)
        except Exception as exc:
            print(f"doclint: {ext.name} not compiled, it runs as plain Python ({exc})")

    def run(self):
        if self.inplace or getattr(self, "editable_mode", False):
            for rel in SPEEDUPS.MODULES:  # builds of earlier sources, which nothing loads any more
                source = HERE / "doclint" / f"{rel}.py"
                for old in source.parent.glob(f"{source.stem}.*{SPEEDUPS.EXT_SUFFIX}"):
                    old.unlink()
        super().run()


SPEEDUPS = _speedups()
DIGESTS = {}
ext_modules = []
if not SPEEDUPS.pure():
    try:
        from Cython.Build import cythonize
    except ImportError:  # a build without Cython: plain Python
        cythonize = None
    if cythonize is not None:
        for rel in SPEEDUPS.MODULES:
            source = Path("doclint") / f"{rel}.py"
            name = SPEEDUPS.module_name(rel)
            try:
                ext_modules += cythonize(
                    [Extension(name, [str(source)], optional=True)],  # a failed compile is skipped
                    build_dir="build/cython",
                    language_level=3,
                    quiet=True,
                    # Python semantics unchanged: annotations are not C types, functions stay introspectable
                    compiler_directives={"annotation_typing": False, "binding": True},
                )
            except Exception as exc:  # Cython cannot translate it: this module stays plain Python
                print(f"doclint: {name} not translated by Cython, it runs as plain Python ({exc})")
                continue
            DIGESTS[name] = SPEEDUPS.source_digest(HERE / source)

setup(ext_modules=ext_modules, cmdclass={"build_ext": BuildCompiled})
