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
"""

from __future__ import annotations

import re
import warnings

import regex

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
