"""Ledger duplicate search: 1,000 registered documents, one 10,000-character draft.

The registered documents are built at run time from the gazette texts in
../shared/corpus/gazette (nothing of them is stored in the repository): each document
takes 30 provisions of the gazette texts at random and rewrites a share of their
characters with a substitution of its own, so the 1,000 documents are as distinct from
each other as real documents on different matters.  The draft mixes provisions that
are registered nowhere with provisions planted from registered documents after small
edits (a character replaced, inserted or deleted, 1-3 times).  A planted provision
counts as found when CFL003 or CFL004 fires on it and names the document it came from
(its 文号).  Targets: search under 1 s, >= 95 % of planted provisions found.

    python benchmarks/ledger_dup.py [--docs 1000] [--db PATH|URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GAZETTE = ROOT.parent / "shared" / "corpus" / "gazette"
TODAY = dt.date(2025, 6, 1)


def gazette_provisions() -> list[str]:
    from doclint.document import Document
    from doclint.ledger.dedup import indexed_provisions
    from doclint.readers import read_path

    out = []
    for p in sorted(GAZETTE.glob("*.txt")):
        out.extend(i.text for i in indexed_provisions(Document(read_path(str(p)))) if 20 <= len(i.text) <= 300 and "\n" not in i.text and "\t" not in i.text
                   and i.text.endswith(("。", "；")))
    return out


def cjk(rng: random.Random) -> str:
    return chr(rng.randint(0x4E00, 0x9FA5))


def rewrite(text: str, rng: random.Random, share: float) -> str:
    return "".join(cjk(rng) if "\u4e00" <= c <= "\u9fa5" and rng.random() < share else c for c in text)


def small_edit(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(chars))
        op = rng.choice("rid")
        if op == "r":
            chars[i] = cjk(rng)
        elif op == "i":
            chars.insert(i, cjk(rng))
        elif len(chars) > 10:
            del chars[i]
    return "".join(chars)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--planted", type=int, default=60)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--db", help="ledger (default: a new SQLite file in a temporary folder)")
    args = ap.parse_args()
    if not GAZETTE.is_dir():
        print(f"no gazette texts at {GAZETTE}", file=sys.stderr)
        return 2
    from doclint.document import Document
    from doclint.engine import Engine
    from doclint.ledger.store import Ledger
    from doclint.rules.base import Context
    from doclint.source import Source

    rng = random.Random(20251022)
    base = gazette_provisions()
    tmp = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    db = args.db or str(tmp / "ledger.db")
    ledger = Ledger(db)
    docs: list[tuple[str, list[str]]] = []
    t0 = time.perf_counter()
    for i in range(args.docs):
        number = f"测政发〔{2000 + i // 100}〕{i % 100 + 1}号"
        provs = [rewrite(p, rng, 0.4) for p in rng.sample(base, 30)]
        text = f"测试市人民政府关于第{i + 1}项工作的通知\n\n{number}\n\n" + "\n".join(provs) + "\n\n测试市人民政府\n2024年1月1日\n"
        path = tmp / f"doc{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        ledger.register(path, {"doc_number": number, "title": f"测试市人民政府关于第{i + 1}项工作的通知",
                               "issuer": "测试市人民政府", "written": dt.date(2024, 1, 1), "effective": None,
                               "expires": None}, "bench")
        docs.append((number, provs))
    t_reg = time.perf_counter() - t0
    with ledger.engine.connect() as conn:
        n_prov = conn.exec_driver_sql("SELECT count(*) FROM provisions").scalar_one()
    # the draft: novel provisions and planted ones, about 10,000 characters
    planted: list[tuple[str, str]] = []  # (edited text, source 文号)
    for _ in range(args.planted):
        number, provs = rng.choice(docs)
        planted.append((small_edit(rng.choice(provs), rng), number))
    lines = [p for p, _ in planted]
    while sum(len(x) for x in lines) < 10_000:
        lines.append(rewrite(rng.choice(base), rng, 0.4))
    rng.shuffle(lines)
    draft = "测试市某项工作管理办法（送审稿）\n\n" + "\n".join(lines) + "\n"
    engine = Engine.load([])
    rules = [engine.by_id["CFL003"], engine.by_id["CFL004"]]
    ctx = Context(today=TODAY, options={"ledger": ledger})
    times = []
    for _ in range(3):
        doc = Document(Source(path="draft.txt", text=draft, kind="txt"))
        t1 = time.perf_counter()
        found = engine.run(doc, ctx, rules)
        times.append(time.perf_counter() - t1)
    line_of = {text: i for i, text in enumerate(draft.split("\n"), 1)}
    planted_lines = {line_of[text] for text, _ in planted}
    hit, missed = 0, []
    for text, number in planted:
        n = line_of[text]
        if any(f.line <= n <= f.end_line and number in f.message for f in found):
            hit += 1
        else:
            missed.append(text)
    false = sum(1 for f in found if not any(f.line <= n <= f.end_line for n in planted_lines))
    if "--verbose" in sys.argv:
        for m in missed:
            print("missed:", m[:80])
    ledger.close()
    recall = hit / len(planted)
    print(f"registered documents: {args.docs} ({n_prov} provisions) in {t_reg:.1f} s ({db})")
    print(f"draft: {len(draft)} characters, {len(planted)} planted provisions")
    print(f"duplicate search: {min(times) * 1000:.0f} ms best, {max(times) * 1000:.0f} ms worst of {len(times)} (target < 1000 ms)")
    print(f"planted found with their source named: {hit}/{len(planted)} = {recall:.1%} (target >= 95%)")
    print(f"findings on provisions that were not planted: {false}")
    ok = max(times) < 1.0 and recall >= 0.95
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
