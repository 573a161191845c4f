"""The compiled pipeline modules (doclint.speedups): loaded only when built from the
source on disk, and giving exactly the findings of the pure-Python modules."""

import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT
from doclint import speedups
from doclint.speedups import EXT_SUFFIX, MODULES, CompiledFinder, compiled_path, module_name, source_digest

FINDER = CompiledFinder()
BUILT = [name for name in FINDER.sources if FINDER.compiled_for(name) is not None]
needs_build = pytest.mark.skipif(not BUILT, reason="no compiled modules (installed with DOCLINT_PURE=1 or without a C compiler)")


def test_every_listed_module_has_its_source():
    for rel in MODULES:
        assert (speedups.PACKAGE / f"{rel}.py").is_file(), rel
    assert module_name("rules/pattern") == "doclint.rules.pattern"


def test_ci_builds_every_module():
    """The README's setup command compiles; in CI a silent fallback would go unnoticed."""
    if os.environ.get("CI") != "true" or os.environ.get("DOCLINT_PURE", "") not in ("", "0"):
        pytest.skip("checked in CI, where the README's setup command has just compiled")
    assert sorted(BUILT) == sorted(FINDER.sources)


@needs_build
def test_compiled_modules_are_the_ones_loaded():
    import doclint.engine  # noqa: F401  (imports most of the pipeline)
    import doclint.linter  # noqa: F401

    for name in BUILT:
        __import__(name)
        assert sys.modules[name].__file__.endswith(EXT_SUFFIX), name
    assert "已编译" in speedups.status()


def test_only_a_build_of_the_current_source_is_loaded(tmp_path):
    source = tmp_path / "probe.py"
    source.write_text("X = 1\n", encoding="utf-8")
    finder = CompiledFinder(package=tmp_path, modules=("probe",))
    assert finder.find_spec("doclint.probe") is None  # nothing built
    stale = compiled_path(source, source_digest(source))
    source.write_text("X = 0\n", encoding="utf-8")
    stale.write_bytes(b"")
    assert finder.find_spec("doclint.probe") is None  # built from another source
    current = compiled_path(source, source_digest(source))
    current.write_bytes(b"")
    spec = finder.find_spec("doclint.probe")
    assert spec is not None and spec.origin == str(current)
    assert type(spec.loader).__name__ == "ExtensionFileLoader"
    source.write_text("X = 2\n", encoding="utf-8")  # edited after the build: back to the source
    assert finder.find_spec("doclint.probe") is None
    source.write_text("X = 0\n", encoding="utf-8")
    source.with_suffix(".pxd").write_text("cdef int X\n", encoding="utf-8")  # so is an edited .pxd
    assert finder.find_spec("doclint.probe") is None
    assert finder.find_spec("doclint.other") is None  # not listed


def test_pure_mode_ignores_compiled_files():
    out = subprocess.run(
        [sys.executable, "-c", "import doclint.prefilter as p, doclint.speedups as s; print(p.__file__); print(s.status())"],
        capture_output=True, text=True, env={**os.environ, "DOCLINT_PURE": "1"}, cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    path, status = out.stdout.splitlines()
    assert path.endswith("prefilter.py")
    assert "纯 Python" in status


_REPORT = r"""
import json, sys
from pathlib import Path
from doclint.engine import Engine
from doclint.linter import Options, active_rules, lint_path
from doclint.rules.base import Context
import datetime as dt
engine = Engine.load()
ctx = Context(today=dt.date(2026, 1, 1))
out = []
for rule in engine.rules:  # every rule's own examples
    for ex in rule.meta.examples.get("fail", []) + rule.meta.examples.get("pass", []):
        out.append([rule.id, [f.to_dict() for f in engine.example_findings(rule, ex)]])
options = Options()
rules = active_rules(engine, options)
for path in sys.argv[1:]:
    result = lint_path(path, engine, ctx, options, rules)
    out.append([path, [f.to_dict() for f in result.findings], result.error])
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


@needs_build
def test_compiled_and_pure_give_the_same_findings():
    files = sorted(str(p) for p in (ROOT / "samples").rglob("*") if p.suffix in (".txt", ".md", ".docx"))
    corpus = ROOT.parent / "shared" / "corpus"
    files += sorted(str(p) for p in corpus.rglob("*.txt"))[:40] if corpus.is_dir() else []

    def report(pure: bool) -> list:
        env = {**os.environ, "DOCLINT_PURE": "1" if pure else "0"}
        out = subprocess.run([sys.executable, "-c", _REPORT, *files], capture_output=True, text=True, env=env, cwd=ROOT)
        assert out.returncode == 0, out.stderr[-2000:]
        return json.loads(out.stdout)

    compiled, pure = report(False), report(True)
    assert len(compiled) > 100 and any(entry[1] for entry in compiled)
    assert compiled == pure


def test_version_says_whether_modules_run_compiled():
    from conftest import run_cli

    out = run_cli("--version")
    assert out.returncode == 0
    assert out.stdout.startswith("doclint 0.1.0（") and ("已编译" in out.stdout or "纯 Python" in out.stdout)
    pure = run_cli("-V", env={"DOCLINT_PURE": "1"})
    assert pure.stdout.strip() == "doclint 0.1.0（纯 Python：已设置 DOCLINT_PURE）"


@pytest.mark.slow
def test_without_a_c_compiler_the_install_succeeds_as_plain_python(tmp_path):
    """No working compiler (here CC=/bin/false): every module fails to compile, the
    install still succeeds and doclint runs from its .py files."""
    import shutil

    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", "build", "*.so", "__pycache__", ".hypothesis", ".pytest_cache", "test-artifacts", "*.egg-info"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {**os.environ, "CC": "/bin/false"}
    env.pop("DOCLINT_PURE", None)
    out = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(copy)],
                         capture_output=True, text=True, env=env, cwd=tmp_path)
    if out.returncode and ("No matching distribution" in out.stderr or "connection" in out.stderr.lower()):
        pytest.skip("package index not reachable for the build requirements (setuptools, Cython)")
    assert out.returncode == 0, out.stderr[-2000:]
    status = subprocess.run([str(py), "-c", "import doclint, doclint.speedups as s; print(s.status())"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert status.stdout.strip() == "纯 Python：安装时未编译", status.stderr
