"""A draft is read as a draft however short: a first line that is an issuer's name is a header,
and the lines after it are body (issue 14, mechanism 6)."""

import datetime as dt

import pytest

from doclint.document import Document
from doclint.engine import Engine
from doclint.rules.base import Context
from doclint.source import Source

from conftest import run_cli

ENGINE = Engine.load()
APPROVAL = "设立停车场的，须经市城市管理局审批后方可营业。"


def run(text, ids=None):
    doc = Document(Source("t.txt", text, "txt"))
    ctx = Context(today=dt.date(2026, 1, 1))
    rules = [ENGINE.by_id[r] for r in ids] if ids else None
    return doc, (ENGINE.run(doc, ctx, rules) if rules else ENGINE.run(doc, ctx))


@pytest.mark.parametrize(
    "text",
    [
        f"朔州市人民政府\n第一条 {APPROVAL}\n",
        f"朔州市人民政府\n第一条 {APPROVAL}",  # no final newline
        f"临江市人民政府办公室\n一、{APPROVAL}\n",
        f"河口县交通运输局\n第一条 {APPROVAL}\n第二条 本办法自印发之日起施行。\n",
        f"石桥镇人民政府\n一、{APPROVAL}\n二、本通告自发布之日起施行。\n",
        f"朔州市人民政府文件\n第一条 {APPROVAL}\n",
        f"\n朔州市人民政府\n\n第一条 {APPROVAL}\n",
        f"临江市人民政府\n临政发〔2025〕3号\n第一条 {APPROVAL}\n",
    ],
)
def test_issuer_then_articles_is_a_draft(text):
    doc, fs = run(text, ["LIC001"])
    assert [f.rule for f in fs] == ["LIC001"], text
    line = fs[0].line
    assert doc.zone_at(doc.source.line_span(line)[0]) == "body"
    assert doc.zone_at(0 if text[0] != "\n" else 1) == "header"
    assert doc.structure.issuers and doc.structure.issuers[0].source == "header"


def test_headings_after_a_header_issuer_are_outline():
    doc, _ = run(f"临江市人民政府\n第一条 {APPROVAL}\n第二条 本办法自印发之日起施行。\n", ["LIC001"])
    assert [h.label for h in doc.structure.headings] == ["第一条", "第二条"]


def test_issuer_alone_or_signature_alone_is_not_body():
    doc, _ = run("朔州市人民政府\n", ["LIC001"])
    assert doc.structure.issuers[0].source == "alone"
    doc, _ = run("朔州市人民政府\n2025年3月5日\n", ["LIC001"])
    assert doc.structure.date is not None
    doc, _ = run("朔州市发展和改革委员会 朔州市财政局\n朔州市人民政府\n", ["LIC001"])
    assert all(z[2] != "body" for z in doc.structure.zones)


def test_header_issuer_is_checked_as_subject():
    _, fs = run(f"临江市夜市整治工作领导小组\n一、{APPROVAL}\n", ["SUB001"])
    assert fs and "临江市夜市整治工作领导小组" in fs[0].message


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_cli_file(tmp_path, suffix):
    p = tmp_path / f"draft{suffix}"
    p.write_text(f"朔州市人民政府\n第一条 {APPROVAL}\n", encoding="utf-8")
    r = run_cli("check", p)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "LIC001" in r.stdout


@pytest.mark.parametrize(
    "text",
    [f"朔州市人民政府\n第一条 {APPROVAL}\n", f"临江市人民政府办公室\n一、{APPROVAL}\n"],
)
def test_cli_stdin(text):
    r = run_cli("check", "-", input=text)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "LIC001" in r.stdout and ":2:" in r.stdout
