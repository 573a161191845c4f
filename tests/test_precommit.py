"""The pre-commit hook, installed with the real pre-commit in a temporary git repository:
a commit with a bad draft is refused, a commit with a clean one goes through.

pre-commit clones this repository at the current HEAD and pip-installs it into a fresh
virtual environment (that needs the package registry, as CI has); the first run takes
about half a minute, so the test is marked slow but always runs.  It is skipped only
when git or pre-commit is missing.
"""

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES

BAD = "第三条 设立经营性停车场的，须经市城市管理局审批后，方可营业。\n"
INSTALL_TIMEOUT = 900  # seconds for building the hook's environment


def _pre_commit() -> list[str] | None:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    return [exe] if exe else None


@pytest.mark.slow
def test_hook_refuses_a_bad_draft_and_accepts_a_clean_one(tmp_path):
    pc = _pre_commit()
    if shutil.which("git") is None or pc is None:
        pytest.skip("git 或 pre-commit 未安装（pip install -e '.[dev]' 会安装 pre-commit）")
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if sha.returncode != 0:
        pytest.skip(f"{ROOT} 不是 git 仓库，无法按提交安装钩子")
    sha = sha.stdout.strip()
    has_hooks = subprocess.run(["git", "cat-file", "-e", f"{sha}:.pre-commit-hooks.yaml"], cwd=ROOT)
    assert has_hooks.returncode == 0, "HEAD 中没有 .pre-commit-hooks.yaml"

    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = doclint test\n\temail = test@example.invalid\n[init]\n\tdefaultBranch = main\n")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_COLOR": "never",
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    repo = tmp_path / "drafts"
    repo.mkdir()

    def run(*cmd, timeout=120):
        return subprocess.run(list(cmd), cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)

    assert run("git", "init", "-q").returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT}\n"
        f"    rev: {sha}\n"
        "    hooks:\n"
        "      - id: doclint\n",
        encoding="utf-8",
    )
    res = run(*pc, "install")
    assert res.returncode == 0, res.stdout + res.stderr
    res = run(*pc, "install-hooks", timeout=INSTALL_TIMEOUT)
    assert res.returncode == 0, res.stdout + res.stderr

    (repo / "draft.txt").write_text(BAD, encoding="utf-8")
    run("git", "add", ".")
    res = run("git", "commit", "-q", "-m", "bad draft")
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "doclint" in out and "Failed" in out
    assert "draft.txt:1:15  LIC001" in out, out
    assert run("git", "rev-parse", "--verify", "-q", "HEAD").returncode != 0, "nothing was committed"

    shutil.copy(SAMPLES / "clean-notice.txt", repo / "draft.txt")
    run("git", "add", ".")
    res = run("git", "commit", "-q", "-m", "clean draft")
    out = res.stdout + res.stderr
    assert res.returncode == 0, out
    assert "Passed" in out
    log = run("git", "log", "--format=%s").stdout.split("\n")
    assert log[0] == "clean draft"

    # files the hook does not match are not passed to doclint
    (repo / "notes.rst").write_text(BAD, encoding="utf-8")
    run("git", "add", ".")
    res = run("git", "commit", "-q", "-m", "notes")
    assert res.returncode == 0, res.stdout + res.stderr
