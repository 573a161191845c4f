"""Sentence and clause splitting (Document._split) against a plain reference.

The splitter asks Document._continues only about the line ends of long open lines,
masks those that run on, and cuts the rest of the text with one findall; the
reference below walks every boundary one by one and asks _continues about every
line end, as the rules' findings were first written against.  Both must give the
same units on any text.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doclint.document import _LINE_DONE, Document, Unit
from doclint.source import Source

_SENT = r"[。！？；!?;]+[”’」』）)]*|\n"
_CLAUSE = r"[。！？；!?;，,、：:]+|\n"


def reference(doc: Document, pattern: str) -> list[Unit]:
    import re

    text, units, start = doc.text, [], 0
    for m in re.finditer(pattern, text):
        end = m.end()
        if text[end - 1] == "\n" and doc._continues(end - 1):
            continue
        seg = text[start:end]
        if seg.strip():
            units.append(Unit(start, end, seg))
        start = end
    if start < len(text) and text[start:].strip():
        units.append(Unit(start, len(text), text[start:]))
    return units


def doc_of(text: str) -> Document:
    return Document(Source(path="<t>", text=text, kind="txt"))


PIECES = ["。", "；", "！", "？", "，", "、", "：", "”", "’", "）", "」", "\n", "\n\n", "\n\n\n", " ", "\u3000",
          "第一条", "一、", "（二）", "附件1", "2025年3月5日", "申请人应当提交材料",
          "这一行很长而且没有标点所以它可能在分页处被截断并接续到下一行",
          "各县（市、区）人民政府、市直各有关单位", "abc"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_splitting_matches_the_reference(parts):
    doc = doc_of("".join(parts))
    assert doc.sentences == reference(doc, _SENT)
    assert doc.clauses == reference(doc, _CLAUSE)


def test_line_ends_after_a_sentence_are_not_units():
    doc = doc_of("第一条 应当备案。\n\n\n第二条 不得收费；\n其他。’\n下一句")
    assert [u.text for u in doc.sentences] == ["第一条 应当备案。", "第二条 不得收费；", "其他。’", "下一句"]
    assert "\n" not in _LINE_DONE
