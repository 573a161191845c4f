"""doclint.parallel: tasks over forked processes, this one included; failures and dead
children handled; and the runner's use of it (same report as a serial run, no fork for
small runs, results without the source a format does not show)."""

import datetime as dt
import os
import time

import pytest

from conftest import SAMPLES
from doclint import parallel, runner
from doclint.errors import DoclintError, RulesetError
from doclint.formatters import render
from doclint.linter import Options

pytestmark = pytest.mark.skipif(not parallel.available(), reason="needs os.fork")


def collect(tasks, work, processes=3):
    got = {}

    def done(task, result):
        assert task not in got, "each task once"
        got[task] = result

    parallel.run(tasks, work, processes, done)
    return got


def no_zombies():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_every_task_once_with_its_result():
    parent = os.getpid()

    def work(task):
        time.sleep(0.002)
        return task * task, os.getpid() != parent

    got = collect(list(range(60)), work)
    assert {t: r[0] for t, r in got.items()} == {t: t * t for t in range(60)}
    assert any(r[1] for r in got.values()), "children took a share"
    assert not all(r[1] for r in got.values()), "and so did this process"
    no_zombies()


def test_more_tasks_than_tokens_go_in_runs():
    n = parallel.MAX_TOKENS * 2 + 5
    assert collect(list(range(n)), lambda t: t, processes=2) == {t: t for t in range(n)}


def test_a_doclint_error_stops_the_run_with_the_earliest_message():
    def work(task):
        time.sleep(0.002)
        if task in (7, 30):
            raise RulesetError("rules.yaml", task, "坏规则")  # a custom __init__: sent as its message
        return task

    with pytest.raises(DoclintError, match=r"^rules.yaml:7: 坏规则$"):
        collect(list(range(60)), work)
    no_zombies()


def test_an_unexpected_error_in_a_child_carries_its_traceback():
    parent = os.getpid()

    def work(task):
        time.sleep(0.002)
        if os.getpid() != parent:
            raise ValueError("boom in a child")
        return task

    with pytest.raises(RuntimeError, match="ValueError: boom in a child"):
        collect(list(range(40)), work)
    no_zombies()


def test_the_tasks_of_a_child_that_dies_are_done_here():
    parent = os.getpid()

    def work(task):
        time.sleep(0.002)
        if os.getpid() != parent:
            os._exit(3)
        return task

    assert collect(list(range(40)), work) == {t: t for t in range(40)}
    no_zombies()


def test_an_error_here_propagates_and_the_children_are_stopped():
    parent = os.getpid()

    def work(task):
        if os.getpid() == parent:
            raise KeyError("here")
        time.sleep(1)
        return task

    t0 = time.perf_counter()
    with pytest.raises(KeyError):
        collect(list(range(40)), work)
    assert time.perf_counter() - t0 < 5, "children killed, not waited for"
    no_zombies()


# -- the runner ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """Eight drafts big enough to be worth a fork, of different sizes; one unreadable."""
    root = tmp_path_factory.mktemp("drafts")
    text = (SAMPLES / "parking-draft.txt").read_text(encoding="utf-8")
    for i in range(8):
        (root / f"d{i}.txt").write_text("\n\n".join([text] * (3 + i % 4)), encoding="utf-8")
    (root / "z.docx").write_bytes(b"not a zip file")
    return root


def check(paths, jobs, keep_source="text"):
    req = runner.Request(paths=[str(p) for p in paths], isolated=True, jobs=jobs,
                         today=dt.date(2026, 1, 1), options=Options(), keep_source=keep_source)
    return runner.run(req)


def spy_on_fork(monkeypatch):
    calls = []
    real = parallel.run

    def spy(tasks, work, processes, done):
        calls.append((len(tasks), processes))
        return real(tasks, work, processes, done)

    monkeypatch.setattr(parallel, "run", spy)
    return calls


@pytest.mark.parametrize("fmt", ["text", "json", "html", "sarif"])
def test_parallel_report_equals_serial(drafts, monkeypatch, fmt):
    from doclint.formatters import source_shown

    calls = spy_on_fork(monkeypatch)
    serial = check([drafts], 1, source_shown(fmt))
    forked = check([drafts], 2, source_shown(fmt))
    assert calls and calls[0][1] == 2
    assert forked.exit_code == serial.exit_code == 2
    assert render(fmt, forked.report) == render(fmt, serial.report)
    assert render(fmt, forked.report) == render(fmt, check([drafts], 1).report), "trimmed source shows the same"


def test_small_runs_are_not_forked(drafts, monkeypatch):
    calls = spy_on_fork(monkeypatch)
    small = [SAMPLES / "clean-notice.txt", SAMPLES / "parking-draft.txt"]
    assert check(small, 2).report.to_dict() == check(small, 1).report.to_dict()
    assert not calls


def test_keep_source_lines_keeps_the_findings_lines_only(drafts):
    full = check([drafts / "d0.txt"], 1).report.files[0]
    trimmed = check([drafts / "d0.txt"], 1, "lines").report.files[0]
    assert full.text and trimmed.text is None and trimmed.origins is None
    lines = full.text.split("\n")
    assert trimmed.lines == {f.line: lines[f.line - 1] for f in full.findings}
    assert trimmed.source_lines() == trimmed.lines
    none = check([drafts / "d0.txt"], 1, "none").report.files[0]
    assert none.text is None and none.lines is None and none.source_lines() == {}


def test_without_fork_a_process_pool_gives_the_same_report(drafts, monkeypatch):
    monkeypatch.setattr(parallel, "available", lambda: False)
    calls = spy_on_fork(monkeypatch)
    pooled = check([drafts], 2, "lines")
    assert not calls
    assert render("text", pooled.report) == render("text", check([drafts], 1, "lines").report)


@pytest.mark.parametrize("color", [False, True])
def test_parts_rendered_where_the_files_were_linted_equal_a_fresh_render(drafts, color):
    from doclint.formatters import prerenderer

    req = runner.Request(paths=[str(drafts)], isolated=True, jobs=2, today=dt.date(2026, 1, 1),
                         options=Options(), keep_source="lines", prerender=prerenderer("text", color=color))
    ahead = runner.run(req).report
    assert all(fr.rendered for fr in ahead.files)
    fresh = check([drafts], 1).report
    assert render("text", ahead, color=color) == render("text", fresh, color=color)
    assert render("text", ahead, color=not color) == render("text", fresh, color=not color), "other options: rendered anew"


def test_a_baseline_leaves_no_stale_rendered_part(drafts, tmp_path):
    from doclint import baseline
    from doclint.formatters import prerenderer

    report = check([drafts / "d0.txt"], 1).report
    prerenderer("text")(report.files[0])
    assert report.files[0].rendered
    baseline.write(report, str(tmp_path / "b.json"))
    assert baseline.filter_report(report, str(tmp_path / "b.json")) > 0
    assert not report.files[0].rendered and "已检查 1 个文件，未发现问题" in render("text", report)


def test_when_no_child_can_be_started_this_process_does_everything(monkeypatch):
    def no_fork():
        raise OSError("fork: Resource temporarily unavailable")

    monkeypatch.setattr(parallel.os, "fork", no_fork)
    assert collect(list(range(10)), lambda t: -t) == {t: -t for t in range(10)}
