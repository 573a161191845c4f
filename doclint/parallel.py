"""Tasks spread over forked processes, this process taking its share.

A process pool left time on the table that weighs more the faster one file is linted:
its parent only waited, fixed chunks could leave a core idle at the end, and each
worker ended with a full interpreter shutdown, which touches (so copies) the whole
heap it inherited. Here:

* the children are forked with the rules compiled and the modules imported;
* every process, this one included, takes the next task from one pipe of task
  numbers written before the fork, so a slow file holds up no queue behind it
  (reading one small record from a pipe is atomic);
* a child writes each result to its own temporary file, then its number to a shared
  notice pipe: this process picks results up between its own tasks (progress, and
  no unpickling left for the end), and a child never blocks on a full pipe;
* a child ends with os._exit: nothing torn down, no inherited buffer flushed twice.

Only where os.fork exists (POSIX); callers check `available()`.
"""

from __future__ import annotations

import gc
import math
import os
import pickle
import signal
import struct
import tempfile
import traceback
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable

from doclint.errors import DoclintError

MAX_TOKENS = 1024  # records in the task pipe: far below any pipe's capacity, so filling it never blocks
_TOKEN = struct.Struct("<I")  # a token: the number of a run of consecutive tasks
_NOTICE = struct.Struct("<H")  # a notice: the number of the child that wrote a result
_LENGTH = struct.Struct("<Q")  # before each pickled record in a child's result file


def available() -> bool:
    return hasattr(os, "fork")


@dataclass
class _Child:
    pid: int
    sink: BinaryIO  # its result file: (kind, task, payload) records, length-prefixed
    offset: int = 0  # how far this process has read it
    reaped: bool = False


@dataclass
class _Run:
    """What comes back: results go to `done` at once; failures wait for the end."""

    done: Callable[[int, Any], None]
    failures: list[tuple[int, str, str]] = field(default_factory=list)  # (task, kind, message)
    finished: set[int] = field(default_factory=set)

    def record(self, kind: str, task: int, payload: Any) -> None:
        self.finished.add(task)
        if kind == "ok":
            self.done(task, payload)
        else:
            self.failures.append((task, kind, payload))


def run(tasks: list[int], work: Callable[[int], Any], processes: int, done: Callable[[int, Any], None]) -> None:
    """work(task) for every task over `processes` processes (this one included), in about
    the given order; done(task, result) here for each, as results come in.

    A DoclintError stops the run: no new task starts and the error of the earliest task
    that failed is raised with its message. Any other exception in a child is raised
    as a RuntimeError carrying the child's traceback; a child that dies leaves its
    unfinished tasks to this process.
    """
    per_token = max(1, math.ceil(len(tasks) / MAX_TOKENS))
    runs = [tasks[i:i + per_token] for i in range(0, len(tasks), per_token)]
    token_r, token_w = os.pipe()
    notice_r, notice_w = os.pipe()
    try:
        data = memoryview(b"".join(_TOKEN.pack(t) for t in range(len(runs))))
        while data:
            data = data[os.write(token_w, data):]
    finally:
        os.close(token_w)  # an empty pipe then reads as the end of the tasks
    state = _Run(done)
    children: list[_Child] = []
    gc.freeze()  # the collector skips what the children inherit instead of copying it page by page
    try:
        _start_children(children, processes - 1, token_r, notice_r, notice_w, runs, work)
        os.close(notice_w)
        notice_w = -1  # the notice pipe ends when the last child has exited
        pending = bytearray()
        _work_here(token_r, runs, work, notice_r, pending, children, state)
        _wait_for_children(notice_r, pending, children, state)
        _finish(tasks, work, state)
    finally:
        gc.unfreeze()
        _stop(children)
        for fd in (token_r, notice_r, notice_w):
            if fd >= 0:
                os.close(fd)
        for child in children:
            child.sink.close()


def _start_children(children: list[_Child], n: int, token_r, notice_r, notice_w, runs, work) -> None:
    for number in range(n):
        try:
            children.append(_fork(number, token_r, notice_r, notice_w, runs, work))
        except OSError:  # no process or temporary file to be had: fewer hands, same result
            return


def _work_here(token_r: int, runs, work, notice_r: int, pending: bytearray, children, state: _Run) -> None:
    """This process's share: tasks from the same pipe, children's results read in between."""
    os.set_blocking(notice_r, False)
    for task in _take(token_r, runs):
        try:
            state.record("ok", task, work(task))
        except DoclintError as exc:  # any other exception here ends the run as in a serial one
            state.record("error", task, str(exc))
            _drain(token_r)
            return
        _collect(notice_r, pending, children, state)


def _wait_for_children(notice_r: int, pending: bytearray, children: list[_Child], state: _Run) -> None:
    os.set_blocking(notice_r, True)
    while _collect(notice_r, pending, children, state):
        pass
    _reap(children)
    for child in children:  # records a child wrote but could not announce
        while _read_record(child, state):
            pass


def _fork(number: int, token_r: int, notice_r: int, notice_w: int, runs: list[list[int]], work) -> _Child:
    sink = tempfile.TemporaryFile()
    try:
        pid = os.fork()
    except OSError:
        sink.close()
        raise
    if pid:
        return _Child(pid, sink)
    code = 1
    try:  # the child: never returns into the caller's code
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it, the child just ends
        os.close(notice_r)
        _serve(number, token_r, notice_w, sink, runs, work)
        code = 0
    finally:
        os._exit(code)


def _serve(number: int, token_r: int, notice_w: int, sink: BinaryIO, runs: list[list[int]], work) -> None:
    notice = _NOTICE.pack(number)
    for task in _take(token_r, runs):
        try:
            kind, payload = "ok", work(task)
            blob = pickle.dumps((kind, task, payload), protocol=pickle.HIGHEST_PROTOCOL)
        except DoclintError as exc:  # its subclasses' custom __init__ would not unpickle: send the text
            kind = "error"
            blob = pickle.dumps((kind, task, str(exc)))
        except Exception:
            kind = "crash"
            blob = pickle.dumps((kind, task, traceback.format_exc()))
        sink.write(_LENGTH.pack(len(blob)) + blob)
        sink.flush()
        os.write(notice_w, notice)
        if kind != "ok":
            _drain(token_r)
            return


def _take(token_r: int, runs: list[list[int]]):
    """The tasks of each token this process gets, until the pipe is empty."""
    while True:
        data = os.read(token_r, _TOKEN.size)
        if len(data) < _TOKEN.size:
            return
        yield from runs[_TOKEN.unpack(data)[0]]


def _drain(token_r: int) -> None:
    """Take every token left, so no process starts another task."""
    while os.read(token_r, 4096):
        pass


def _collect(notice_r: int, pending: bytearray, children: list[_Child], state: _Run) -> bool:
    """Read the results announced so far; False once every child has closed the notice pipe."""
    try:
        data = os.read(notice_r, 4096)
    except BlockingIOError:
        return True
    if not data:
        return False
    pending += data
    whole = len(pending) - len(pending) % _NOTICE.size
    for (number,) in _NOTICE.iter_unpack(bytes(pending[:whole])):
        _read_record(children[number], state)
    del pending[:whole]
    return True


def _read_record(child: _Child, state: _Run) -> bool:
    """The next record of a child's result file, if it was written in full."""
    fd = child.sink.fileno()
    head = os.pread(fd, _LENGTH.size, child.offset)
    if len(head) < _LENGTH.size:
        return False
    (size,) = _LENGTH.unpack(head)
    blob = _pread_all(fd, size, child.offset + _LENGTH.size)
    if len(blob) < size:
        return False
    child.offset += _LENGTH.size + size
    state.record(*pickle.loads(blob))
    return True


def _pread_all(fd: int, size: int, offset: int) -> bytes:
    parts, got = [], 0
    while got < size:
        part = os.pread(fd, size - got, offset + got)
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _reap(children: list[_Child]) -> None:
    for child in children:
        os.waitpid(child.pid, 0)
        child.reaped = True


def _stop(children: list[_Child]) -> None:
    """Children still running when the run ends early (an exception here): kill and reap them."""
    for child in children:
        if not child.reaped:
            try:
                os.kill(child.pid, signal.SIGKILL)
                os.waitpid(child.pid, 0)
            except OSError:
                pass
            child.reaped = True


def _finish(tasks: list[int], work, state: _Run) -> None:
    """Raise the earliest failure; else run here the tasks of a child that died."""
    if state.failures:
        task, kind, message = min(state.failures)
        if kind == "error":
            raise DoclintError(message)
        raise RuntimeError(f"a worker process failed:\n{message}")
    for task in tasks:
        if task not in state.finished:
            state.record("ok", task, work(task))
