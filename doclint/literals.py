"""Literal strings that every match of a regex must contain.

A pattern rule searches a candidate sentence (one holding a trigger word, see
doclint.prefilter) only with the patterns whose *factors* all occur in it.  A
factor is a set of strings such that every match of the pattern contains one of
them: ``(申请|办理)[^。]{0,12}许可`` has the factors {申请, 办理} and {许可}.  Most
candidate sentences miss a factor of every pattern, and a substring test is far
cheaper than a regex search.

Factors are derived from the parse tree of Python's own regex parser.  The rules
are compiled with the ``regex`` module, whose syntax is a superset: a pattern
using syntax the two might read differently gets no factors (it is then searched
in every sentence holding one of its rule's triggers, as before), so a factor is
never wrong, only sometimes missing.
"""

from __future__ import annotations

import itertools
import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

MAX_STRINGS = 64  # a factor with more alternatives costs more in the prefilter than it saves
MIN_LENGTH = 2  # single characters (的, 应, 。) are too common to narrow anything down

# Syntax of the regex module that Python's parser rejects or reads differently:
# Unicode properties, named lists, POSIX classes and nested sets, version/fuzzy
# flags, branch reset, fuzzy constraints such as {e<=1}.
_FOREIGN = re.compile(
    r"\\[pPNLXGKmM]|\[\[|\[:|\(\?[a-zA-Z]*[VrfwbepEL]|\(\?\||\(\?\(DEFINE"
    r"|\{(?!\d*,?\d*\})"
)
_IGNORECASE = 2  # re.I and regex.I share the value
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None))  # the last: Python 3.11+


def factors(pattern: str, flags: int = 0, max_strings: int | None = None, min_length: int | None = None) -> list[frozenset[str]]:
    """Sets of strings one of which every match of `pattern` contains ([] if unknown).

    `max_strings` and `min_length` change the caps on a factor (default MAX_STRINGS
    alternatives, MIN_LENGTH characters): an Aho-Corasick gate over whole provisions
    (doclint.reading) can afford factors of a few hundred words, single characters too."""
    global MAX_STRINGS, MIN_LENGTH
    if (max_strings is not None and max_strings != MAX_STRINGS) or (min_length is not None and min_length != MIN_LENGTH):
        saved = MAX_STRINGS, MIN_LENGTH
        MAX_STRINGS = max_strings if max_strings is not None else MAX_STRINGS
        MIN_LENGTH = min_length if min_length is not None else MIN_LENGTH
        try:
            return factors(pattern, flags)
        finally:
            MAX_STRINGS, MIN_LENGTH = saved
    if flags & _IGNORECASE or _FOREIGN.search(pattern):
        return []
    try:
        tree = _sre.parse(pattern, flags & (re.M | re.S | re.X | re.U))
    except (re.error, RecursionError, OverflowError, ValueError):
        return []
    if tree.state.flags & re.I:
        return []
    try:
        found = _seq_factors(list(tree))
    except _Unknown:
        return []
    out = []
    for f in found:
        f = _minimal(f)
        if f and len(f) <= MAX_STRINGS and min(map(len, f)) >= MIN_LENGTH and f not in out:
            out.append(f)
    return out


class _Unknown(Exception):
    """A construct whose reading cannot be trusted (case-insensitive group...)."""


def _minimal(strings) -> frozenset[str]:
    """Drop strings that contain a shorter one of the set: the shorter one is always there."""
    keep = []
    for s in sorted(set(strings), key=len):
        if not any(k in s for k in keep):
            keep.append(s)
    return frozenset(keep)


# -- exact expansions: the few strings a small construct can match --------------------
def _expand(item) -> set[str] | None:
    op, av = item
    if op is _c.LITERAL:
        return {chr(av)}
    if op is _c.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is _c.LITERAL:
                chars.add(chr(iav))
            elif iop is _c.RANGE and iav[1] - iav[0] < MAX_STRINGS:
                chars.update(chr(x) for x in range(iav[0], iav[1] + 1))
            else:  # NEGATE, categories, big ranges
                return None
        return chars if len(chars) <= MAX_STRINGS else None
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        if add_flags & re.I:
            raise _Unknown
        return _expand_seq(list(sub))
    if op is _c.ATOMIC_GROUP:
        return _expand_seq(list(av))
    if op is _c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            e = _expand_seq(list(alt))
            if e is None:
                return None
            out |= e
        return out if len(out) <= MAX_STRINGS else None
    if op in _REPEATS:
        lo, hi, sub = av
        e = _expand_seq(list(sub))
        if e is None:
            return None
        if (lo, hi) == (1, 1):
            return e
        if (lo, hi) == (0, 1):
            return e | {""}
        return None
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}  # zero width: adds no characters between its neighbours
    return None


def _expand_seq(items) -> set[str] | None:
    out = {""}
    for item in items:
        e = _expand(item)
        if e is None:
            return None
        out = {a + b for a, b in itertools.product(out, e)}
        if len(out) > MAX_STRINGS:
            return None
    return out


# -- factors of a sequence -------------------------------------------------------------
def _seq_factors(items) -> list[set[str]]:
    """Factors of a concatenation: runs of small constructs joined, big ones looked into."""
    out: list[set[str]] = []
    run: set[str] | None = None  # expansions of the current run of small constructs

    def close():
        if run and "" not in run:
            out.append(run)

    for item in items:
        e = _expand(item)
        if e is not None and item[0] not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            joined = {a + b for a, b in itertools.product(run or {""}, e)}
            if len(joined) <= MAX_STRINGS:
                run = joined
                continue
            close()
            run = e
            continue
        if item[0] in _REPEATS and item[1][0] >= 1:
            # X{2,}, X+: the first repetition follows the run, the last one precedes what
            # comes next, whatever happens between them
            one = _expand_seq(list(item[1][2]))
            if one is not None and "" not in one:
                joined = {a + b for a, b in itertools.product(run or {""}, one)}
                if len(joined) <= MAX_STRINGS:
                    run = joined
                close()
                run = one
                continue
        close()
        run = None
        out.extend(_item_factors(item))
    close()
    return out


def _item_factors(item) -> list[set[str]]:
    """Factors of a construct too big to expand (small ones are joined into runs)."""
    op, av = item
    if op is _c.SUBPATTERN:
        if av[1] & re.I:
            raise _Unknown
        return _seq_factors(list(av[3]))
    if op is _c.ATOMIC_GROUP:
        return _seq_factors(list(av))
    if op in _REPEATS:
        lo, _hi, sub = av
        return _seq_factors(list(sub)) if lo >= 1 else []
    if op is _c.BRANCH:
        union: set[str] = set()
        for alt in av[1]:
            best = _best(_seq_factors(list(alt)))
            if best is None:
                return []
            union |= best
        return [union] if len(union) <= MAX_STRINGS else []
    return []  # lookarounds, anchors, any-character, big or negated classes, back-references


def _best(found: list[set[str]]) -> set[str] | None:
    """The most selective factor: longest shortest string, then fewest strings."""
    usable = [_minimal(f) for f in found if f and "" not in f]
    if not usable:
        return None
    return set(max(usable, key=lambda f: (min(map(len, f)), -len(f))))
