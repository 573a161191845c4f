import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def engine():
    from doclint.engine import Engine

    return Engine.load()


def run_cli(*args, input=None, cwd=None, env=None):
    """Run the installed console script the way a user does."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "doclint", *map(str, args)],
        capture_output=True, text=True, input=input, cwd=cwd or ROOT, env=full_env,
    )
