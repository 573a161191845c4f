"""Stdlib twins of the bundled rules' regexes, for the patterns searched most.

Rules are compiled with the ``regex`` module: it reads the syntax rulesets may use
and enforces a time limit per search.  For the plain patterns of the bundled rules
Python's own ``re`` engine finds the same matches three to four times faster, but
compiling every pattern with it costs more at start-up (most of a second) than a
single draft takes to check.  So a bundled pattern is recompiled with ``re`` only
once it has been searched TIER_UP times in this process: a corpus run pays for the
few patterns that are searched thousands of times, a single draft for none.

Only patterns whose reading is the same in both engines get a twin: no syntax the
``regex`` module reads differently (doclint.literals._FOREIGN), no case folding and
no character classes whose Unicode tables differ (\\w, \\s, \\b, \\d and their negations).
Tests compare every bundled pattern's matches under both engines.

Most of a ``re`` compile is its Python-level parser and code generator; the
compiled program itself is a list of integers.  When the rules are written to the
compiled-rules cache, each twin's program goes with them (twin_code), and a later
run builds the twin from it on the pattern's first search, in microseconds
(twin_from_code).  The cache key holds the Python version, and a program is kept
only if the pattern it builds equals ``re.compile``'s; any failure leaves the
``regex`` pattern and the TIER_UP path.
"""

from __future__ import annotations

import re
import warnings

import regex

try:  # the stdlib compiler's parts: re._parser/_compiler since 3.11, sre_* before
    from re import _compiler as _sre_compiler, _parser as _sre_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _sre_compiler
    import sre_parse as _sre_parser
import _sre

from doclint.literals import _FOREIGN

TIER_UP = 200  # searches of one pattern before it gets its twin (a compile costs about 200 searches' gain)
_SAME_FLAGS = re.M | re.S | re.X | re.U  # flag values the two engines share; regex.V0 is re's own reading
_V0 = 0x2000  # regex.V0: the version-0 (re-compatible) behaviour the bundled rules use
_TABLES = re.compile(r"\\[wWsSbBdD]")


def stdlib_twin(rx):
    """`rx` (a regex-module pattern) compiled with `re` when both engines read it the same, else `rx`."""
    flags = rx.flags & ~_V0
    if flags & ~_SAME_FLAGS or _FOREIGN.search(rx.pattern) or _TABLES.search(rx.pattern):
        return rx
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a FutureWarning (nested set) means a different reading
            return re.compile(rx.pattern, flags)
    except (re.error, FutureWarning, RecursionError, OverflowError, ValueError):
        return rx


def regex_original(rx):
    """The regex-module pattern a twin stands for (`rx` itself if it is one)."""
    return regex.compile(rx.pattern, rx.flags | _V0) if isinstance(rx, re.Pattern) else rx


def twin_code(rx) -> tuple | None:
    """The arguments `_sre.compile` takes to build `rx`'s twin (None: no twin, or the
    stdlib's compiler works differently here).  Costs a full compile: run when the
    rules are cached, not when they are used."""
    twin = stdlib_twin(rx)
    if not isinstance(twin, re.Pattern):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            flags = rx.flags & ~_V0
            parsed = _sre_parser.parse(rx.pattern, flags)
            code = [int(op) for op in _sre_compiler._code(parsed, flags)]  # opcodes are named int constants
            groupindex = dict(parsed.state.groupdict)
            indexgroup = [None] * parsed.state.groups
            for name, i in groupindex.items():
                indexgroup[i] = name
            args = (rx.pattern, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
            built = _sre.compile(*args)
    except Exception:
        return None
    return args if built == twin else None  # patterns compare equal when their programs do


def twin_from_code(args: tuple | None):
    """The twin built from twin_code's arguments (None if there are none or they fail)."""
    if args is None:
        return None
    try:
        return _sre.compile(*args)
    except Exception:
        return None


def on_search(rx, count: int, code: tuple | None):
    """The pattern to search with, now that `rx` is being searched for the `count`-th
    time: its twin from the cached program on the first search, else from `re` at
    TIER_UP, else `rx` itself."""
    if count == 1 and code is not None:
        return twin_from_code(code) or rx
    if count == TIER_UP and not isinstance(rx, re.Pattern):
        return stdlib_twin(rx)
    return rx
