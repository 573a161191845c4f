"""doclint installs and runs as plain Python: no build step, no compiled modules."""

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from conftest import ROOT, run_cli

import doclint


def test_version_prints_just_the_version():
    res = run_cli("--version")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"doclint {doclint.__version__}"


def test_build_requires_no_compiler_toolchain():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]
    assert not [r for r in requires if r.lower().startswith("cython")], requires
    assert not list((ROOT / "doclint").rglob("*.pxd"))
