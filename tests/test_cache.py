"""The on-disk cache (doclint.cache): parsed data files and compiled rulesets."""

import os

import pytest

from doclint import cache, yamlutil
from doclint.errors import RulesetError

DATA = "subjects:\n  - name: 朔州市交通运输局\n    kind: department\n"


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(folder))
    return folder


def _no_parsing(monkeypatch):
    def refuse(path, text):
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(yamlutil, "_parse", refuse)


def test_a_parsed_data_file_is_read_from_the_cache_with_its_lines(tmp_path, cache_home, monkeypatch):
    f = tmp_path / "subjects.yaml"
    f.write_text(DATA, encoding="utf-8")
    first = yamlutil.load_yaml(f)
    assert list(cache_home.glob("data-*.pickle"))
    _no_parsing(monkeypatch)
    again = yamlutil.load_yaml(f)
    assert again == first
    assert again["subjects"][0].line == 2 and again.line_of("subjects") == 1


def test_a_changed_file_is_parsed_again(tmp_path, cache_home, monkeypatch):
    f = tmp_path / "subjects.yaml"
    f.write_text(DATA, encoding="utf-8")
    yamlutil.load_yaml(f)
    f.write_text(DATA.replace("交通运输局", "财政局"), encoding="utf-8")
    assert yamlutil.load_yaml(f)["subjects"][0]["name"] == "朔州市财政局"


def test_errors_are_not_cached(tmp_path, cache_home):
    f = tmp_path / "bad.yaml"
    f.write_text("subjects:\n  - name: [未闭合\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(RulesetError) as exc:
            yamlutil.load_yaml(f)
        assert str(f) in str(exc.value) and exc.value.line
    assert not list(cache_home.glob("data-*.pickle"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_cache_file_others_can_write_is_not_trusted(tmp_path, cache_home, monkeypatch):
    f = tmp_path / "subjects.yaml"
    f.write_text(DATA, encoding="utf-8")
    yamlutil.load_yaml(f)
    (entry,) = cache_home.glob("data-*.pickle")
    entry.chmod(0o666)
    assert cache.read(entry.name) is None
    calls = []
    real = yamlutil._parse
    monkeypatch.setattr(yamlutil, "_parse", lambda path, text: calls.append(path) or real(path, text))
    yamlutil.load_yaml(f)
    assert calls == [str(f)]


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("DOCLINT_CACHE_DIR", str(blocker / "cache"))
    f = tmp_path / "subjects.yaml"
    f.write_text(DATA, encoding="utf-8")
    assert yamlutil.load_yaml(f)["subjects"][0]["kind"] == "department"


def test_old_entries_are_pruned(cache_home):
    for i in range(cache.KEEP + 5):
        cache.write(f"data-{i:04d}.pickle", b"x", prune="data-*.pickle")
    cache.write("rules-0.pickle", b"x", prune="rules-*.pickle")
    assert len(list(cache_home.glob("data-*.pickle"))) == cache.KEEP
    assert len(list(cache_home.glob("rules-*.pickle"))) == 1


def test_a_plain_check_does_not_import_yaml(tmp_path):
    """Start-up cost: with the caches warm, checking a draft needs no YAML parser."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    draft = root / "samples" / "clean-notice.txt"
    env = {**os.environ, "DOCLINT_CACHE_DIR": str(tmp_path / "cache")}
    code = ("import sys, doclint.cli as c\n"
            "try:\n    c.main.main(['check', '--today', '2026-01-01', sys.argv[1]], standalone_mode=False)\n"
            "except SystemExit:\n    pass\n"
            "print('YAML' if 'yaml' in sys.modules else 'NO-YAML')\n")
    for expected in ("YAML", "NO-YAML"):  # the first run fills the caches
        out = subprocess.run([sys.executable, "-c", code, str(draft)], capture_output=True, text=True, cwd=root, env=env)
        assert out.stdout.strip().splitlines()[-1] == expected, out.stderr
