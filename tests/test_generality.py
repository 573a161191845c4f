"""The content rules keep their reach on the developers' own varied clauses."""

import subprocess
import sys

from conftest import ROOT


def test_own_clauses_caught_and_quiet():
    res = subprocess.run([sys.executable, "benchmarks/generality.py", "--check", "-v"],
                         capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
