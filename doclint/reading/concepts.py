"""Concept vocabularies and act definitions, as data (rulesets/concepts/*.yaml).

A concepts file has two optional top-level maps:

``lexicons``: name -> {description, source, words: [...], patterns: [...]}
    A vocabulary of one legal concept (the ways a text can say "prior consent of an
    organ", the penalty types of 行政处罚法 art 9 …), each with its source.  In any
    pattern, ``{{name}}`` (lower case) stands for the lexicon as a regex group.

``acts``: name -> {category, label, source, patterns: [...], not: [...], negatable}
    A kind of act a provision can name (approval-gate, fine, seizure, local-presence
    …).  ``patterns`` find it (a named group ``m`` sets the span reported, else the
    whole match); ``not`` are regexes that, when one matches the act's own part,
    mean this is not the act (an exception local to the act, never the sentence).
    ``negatable`` (default true): a negation just before the act (不得要求…, 严禁…)
    means the provision forbids the measure rather than setting it.

Lexicons may refer to other lexicons.  Everything is loaded once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import regex

from doclint.errors import RulesetError

REF_RE = regex.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")
_TOP = {"description", "lexicons", "acts"}
_LEX_KEYS = {"description", "source", "words", "patterns", "note", "split"}
_ACT_KEYS = {"category", "label", "source", "patterns", "not", "negatable", "note", "generic"}


@dataclass
class ActKind:
    name: str
    category: str
    label: str
    source: str
    patterns: list[regex.Pattern]
    not_: list[regex.Pattern]
    negatable: bool = True
    generic: bool = False  # a general mention (处罚, 强制措施) rather than a specific measure
    gates: list[tuple[str, ...]] = field(default_factory=list)  # per pattern: strings one of which it needs
    # per pattern: all its factors (doclint.literals), each a tuple of strings one of which
    # every match holds; the first is the gate
    factors: list[list[tuple[str, ...]]] = field(default_factory=list)


@dataclass
class Concepts:
    lexicons: dict[str, str]  # name -> regex source (a non-capturing group)
    lexicon_words: dict[str, list[str]]
    lexicon_sources: dict[str, str]
    acts: dict[str, ActKind]
    files: list[Path]
    # what the reading derives from them, built once with them and kept in the same cache
    # file (doclint.reading.read: its shared vocabulary and the act finder): compiled
    # patterns unpickle far faster than they compile
    prepared: object = None

    def expand(self, pattern: str, where: str = "") -> str:
        return _expand(pattern, self.lexicons, where)

    def compile(self, pattern: str, where: str = "") -> regex.Pattern:
        src = self.expand(pattern, where)
        try:
            return regex.compile(src, regex.V0)
        except regex.error as exc:
            raise RulesetError(where or "<concepts>", None, f"正则表达式无效：{pattern[:60]}（{exc}）") from None

    def lexicon(self, name: str) -> regex.Pattern:
        return _compiled_lexicon(self, name)


@functools.lru_cache(maxsize=None)
def _lexicon_rx(src: str) -> regex.Pattern:
    return regex.compile(src, regex.V0)


def _compiled_lexicon(c: Concepts, name: str) -> regex.Pattern:
    if name not in c.lexicons:
        raise KeyError(name)
    return _lexicon_rx(c.lexicons[name])


def _expand(pattern: str, lexicons: dict[str, str], where: str, depth: int = 0) -> str:
    def sub(m):
        name = m.group(1)
        if name not in lexicons:
            raise RulesetError(where or "<concepts>", None, f"未定义的词表 {{{{{name}}}}}")
        return lexicons[name]

    return REF_RE.sub(sub, pattern)


def concepts_dir() -> Path:
    from doclint.ruleset import bundled_dir

    return bundled_dir() / "concepts"


_CACHE_FORMAT = "concepts-v9"
GATE_STRINGS = 512  # alternatives a factor of an act pattern may have (one automaton holds them all)


def cache_key(files: list[Path]) -> str | None:
    """Key of the compiled concepts: the concept files, the reading code, the versions."""
    import hashlib
    import sys

    try:
        h = hashlib.sha256("\0".join([_CACHE_FORMAT, sys.version, regex.__version__]).encode())
        for f in files:
            h.update(str(f).encode())
            h.update(f.read_bytes())
        code = Path(__file__).resolve().parent
        for f in sorted(code.glob("*.py")) + [code.parent / "literals.py"]:
            h.update(f.read_bytes())
        return h.hexdigest()[:32]
    except OSError:
        return None


@functools.lru_cache(maxsize=4)
def load_concepts(root: str | None = None) -> Concepts:
    """The concepts under `root` (default: the bundled rulesets/concepts), compiled once
    and kept in doclint's cache (doclint.cache) under a key of everything they depend on."""
    from doclint import cache

    base = Path(root) if root else concepts_dir()
    files = sorted(base.glob("*.yaml"))
    key = cache_key(files)
    found = cache.read(f"concepts-{key}.pickle") if key else None
    if isinstance(found, Concepts):
        return found
    concepts = _build(files)
    from doclint.reading.read import prepare  # the reading's own derived data (read.py imports this module)

    concepts.prepared = prepare(concepts)
    if key and key == cache_key(files):  # files unchanged while they were read
        import pickle

        try:
            cache.write(f"concepts-{key}.pickle", pickle.dumps(concepts, protocol=pickle.HIGHEST_PROTOCOL), prune="concepts-*.pickle")
        except Exception:  # only costs time
            pass
    return concepts


def _build(files: list[Path]) -> Concepts:
    from doclint.literals import factors
    from doclint.yamlutil import load_yaml

    raw_lex: dict[str, tuple[Path, dict]] = {}
    raw_acts: dict[str, tuple[Path, dict]] = {}
    for f in files:
        data = load_yaml(f) or {}
        if not isinstance(data, dict):
            raise RulesetError(f, 1, "概念文件顶层应为映射（lexicons/acts）")
        unknown = set(data) - _TOP
        if unknown:
            raise RulesetError(f, 1, f"概念文件含未知的键 {sorted(unknown)[0]!r}")
        for name, entry in (data.get("lexicons") or {}).items():
            if name in raw_lex:
                raise RulesetError(f, getattr(entry, "line", None), f"词表 {name} 重复定义（已在 {raw_lex[name][0].name}）")
            if not isinstance(entry, dict) or set(entry) - _LEX_KEYS:
                raise RulesetError(f, getattr(entry, "line", None), f"词表 {name} 的键只能是 {sorted(_LEX_KEYS)}")
            if not entry.get("source"):
                raise RulesetError(f, getattr(entry, "line", None), f"词表 {name} 缺少来源（source）")
            raw_lex[name] = (f, entry)
        for name, entry in (data.get("acts") or {}).items():
            if name in raw_acts:
                raise RulesetError(f, getattr(entry, "line", None), f"行为 {name} 重复定义")
            if not isinstance(entry, dict) or set(entry) - _ACT_KEYS:
                raise RulesetError(f, getattr(entry, "line", None), f"行为 {name} 的键只能是 {sorted(_ACT_KEYS)}")
            raw_acts[name] = (f, entry)

    # lexicons: words first (escaped, longest first), then patterns; references resolved
    # in dependency order
    lex_src: dict[str, str] = {}
    words: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    resolving: set[str] = set()
    # split lexicons: an act pattern that uses one becomes one pattern per alternative.  The
    # regex engine scans fast for a pattern whose start it can recognise (a literal set, a
    # lookbehind); an alternation of such branches that start differently loses that and
    # tries every branch at every position (several times slower on a long list of names)
    split_alts: dict[str, list[str]] = {}

    def resolve(name: str) -> str:
        if name in lex_src:
            return lex_src[name]
        if name not in raw_lex:
            raise RulesetError("<concepts>", None, f"未定义的词表 {{{{{name}}}}}")
        if name in resolving:
            raise RulesetError(raw_lex[name][0], None, f"词表 {name} 循环引用")
        resolving.add(name)
        f, entry = raw_lex[name]
        ws = [str(w) for w in entry.get("words") or []]
        alts = [regex.escape(w) for w in sorted(set(ws), key=lambda w: (-len(w), w))]
        for p in entry.get("patterns") or []:
            alts.append(REF_RE.sub(lambda m: resolve(m.group(1)), str(p)))
        if not alts:
            raise RulesetError(f, getattr(entry, "line", None), f"词表 {name} 没有 words 或 patterns")
        src = "(?:" + "|".join(alts) + ")"
        try:
            regex.compile(src, regex.V0)
        except regex.error as exc:
            raise RulesetError(f, getattr(entry, "line", None), f"词表 {name} 的正则无效（{exc}）") from None
        resolving.discard(name)
        if entry.get("split"):
            split_alts[name] = ["(?:" + a + ")" for a in alts]
        lex_src[name] = src
        words[name] = ws
        sources[name] = str(entry.get("source"))
        return src

    for name in raw_lex:
        resolve(name)

    acts: dict[str, ActKind] = {}
    for name, (f, entry) in raw_acts.items():
        where = f"{f}:{getattr(entry, 'line', '?')}"
        pats = [_compile(v, lex_src, where) for p in entry.get("patterns") or [] for v in _split(str(p), split_alts)]
        if not pats:
            raise RulesetError(f, getattr(entry, "line", None), f"行为 {name} 没有 patterns")
        if not entry.get("category") or not entry.get("label"):
            raise RulesetError(f, getattr(entry, "line", None), f"行为 {name} 缺少 category 或 label")
        kind = ActKind(
            name=name,
            category=str(entry["category"]),
            label=str(entry["label"]),
            source=str(entry.get("source") or ""),
            patterns=pats,
            not_=[_compile(p, lex_src, where) for p in entry.get("not") or []],
            negatable=bool(entry.get("negatable", True)),
            generic=bool(entry.get("generic", False)),
        )
        for rx in pats:
            fs = sorted(factors(rx.pattern, rx.flags, max_strings=GATE_STRINGS, min_length=1), key=lambda s: (-min(map(len, s)), len(s), sorted(s)))
            kind.gates.append(tuple(sorted(fs[0])) if fs else ())
            kind.factors.append([tuple(sorted(f)) for f in fs])
        acts[name] = kind
    return Concepts(lex_src, words, sources, acts, files)


def _split(pattern: str, split_alts: dict[str, list[str]]) -> list[str]:
    """`pattern` once per alternative of each split lexicon it uses (in order), else as is."""
    m = next((m for m in REF_RE.finditer(pattern) if m.group(1) in split_alts), None)
    if m is None:
        return [pattern]
    out = []
    for alt in split_alts[m.group(1)]:
        out.extend(_split(pattern[: m.start()] + alt + pattern[m.end():], split_alts))
    return out


def _compile(pattern, lex_src: dict[str, str], where: str) -> regex.Pattern:
    src = _expand(str(pattern), lex_src, where)
    try:
        return regex.compile(src, regex.V0)
    except regex.error as exc:
        raise RulesetError(where, None, f"正则表达式无效：{str(pattern)[:60]}（{exc}）") from None
