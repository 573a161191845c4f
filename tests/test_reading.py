"""The provision reading: units, bearer, mode, stance and basis of each act."""

from __future__ import annotations

import pytest

from conftest import run_cli

from doclint.reading import read_text
from doclint.reading.provisions import provisions
from doclint.document import Document
from doclint.source import Source


def _doc(text: str) -> Document:
    return Document(Source(path="<t>", text=text, kind="txt"))


def _acts(text: str, kind: str | None = None):
    out = []
    for r in read_text(text):
        for a in r.acts:
            if kind is None or a.kind == kind:
                out.append(a)
    return out


def test_provision_keeps_semicolon_parts_together():
    text = "第五条 申请人应当提交材料；逾期不提交的，视为放弃。\n第六条 本办法自公布之日起施行。"
    provs = provisions(_doc(text))
    assert len(provs) == 2
    assert len(provs[0].parts) == 2
    assert provs[0].parts[1].text.startswith("逾期")
    # offsets stay exact
    for p in provs:
        for part in p.parts:
            assert text[part.start: part.end] == part.text


def test_list_items_carry_their_lead_in():
    text = "有下列情形之一的，由区城管局责令改正：\n（一）占道堆放建材的；\n（二）擅自搭建围挡的。\n第九条 其他事项另行规定。"
    provs = provisions(_doc(text))
    items = [p for p in provs if p.lead_in is not None]
    assert items and all("有下列情形之一的" in p.lead_in.text for p in items)
    assert any("擅自搭建围挡" in p.text for p in items)
    assert not any("其他事项" in p.text for p in items)


def test_inline_list_after_colon():
    text = "下列事项由县住建局办理：（一）备案；（二）登记。"
    provs = provisions(_doc(text))
    assert provs[0].lead_in is not None and provs[0].lead_in.text.endswith("：")


@pytest.mark.parametrize("text", [
    "设立洗车场的，须经县生态环境局审批后方可营业。",
    "在湖区开展皮划艇经营，应当报经镇人民政府同意。",
    "民宿开业前，须报街道办事处审核同意后才能接待旅客。",
])
def test_public_gate_is_set(text):
    acts = _acts(text, "approval-gate")
    assert acts
    a = acts[0]
    assert a.bearer in ("public", "unknown")
    assert a.mode == "must"
    assert a.stance == "sets"
    assert not a.basis


def test_organ_duty_is_borne_by_organ():
    acts = _acts("各乡镇人民政府应当报经县人民政府批准后组织实施。")
    assert all(a.bearer == "organ" or a.stance == "refers" for a in acts)


@pytest.mark.parametrize("text, why", [
    ("不得要求经营者事先经街道办事处同意后方可营业。", "禁止"),
    ("对依法须经批准的项目，经相关部门批准后方可开展经营活动。", "依法须"),
])
def test_mentions_refer(text, why):
    acts = _acts(text)
    assert acts, "the measure is still read"
    assert all(a.stance == "refers" for a in acts)
    assert any(why in a.why for a in acts)


def test_basis_in_first_part_covers_second_part():
    text = "依照《中华人民共和国道路运输条例》第十条的规定；从事客运经营的，须经县交通运输局批准后方可经营。"
    acts = _acts(text, "approval-gate")
    assert acts and all(a.basis for a in acts)


def test_basis_in_later_part_does_not_cover_earlier_part():
    text = "从事客运经营的，须经县交通运输局批准后方可经营；违反规定的，依照《中华人民共和国道路运输条例》第六十三条处理。"
    acts = _acts(text, "approval-gate")
    assert acts and not any(a.basis for a in acts)


def test_normative_document_and_bare_yifa_are_no_basis():
    text = "按照《县人民政府关于加强摊点管理的通知》，设置摊点的，须经街道办事处同意后方可设置。"
    acts = _acts(text, "approval-gate")
    assert acts and not any(a.basis for a in acts)


def test_explain_reading_cli():
    res = run_cli("explain", "--reading", "设立洗车场的，须经县生态环境局审批后方可营业。")
    assert res.returncode == 0, res.stderr
    assert "承受者：公民、法人或其他组织" in res.stdout
    assert "触发规则：LIC001" in res.stdout
    res = run_cli("explain", "--reading", "不得要求经营者事先经街道办事处同意后方可营业。")
    assert "只是提及" in res.stdout and "LIC001" not in res.stdout.split("未触发")[0].split("触发规则")[-1]


def test_two_line_draft_with_issuer_first_line(tmp_path):
    f = tmp_path / "draft.txt"
    f.write_text("朔州市人民政府\n第一条 设立停车场的，须经市城市管理局审批后方可营业。\n", encoding="utf-8")
    res = run_cli("check", "--format", "json", f)
    assert res.returncode == 1
    import json

    rules = {x["rule"] for x in json.loads(res.stdout)["files"][0]["findings"]}
    assert "LIC001" in rules


@pytest.mark.parametrize("text", [
    "有下列情形之一的，执法人员应当全程音像记录：（一）查封经营场所的；（二）扣押财物的。",
    "下列执法行为，行政执法机关应当进行法制审核：\n（一）拟作出吊销许可证件决定的；\n（二）拟实施查封、扣押的。",
])
def test_measures_listed_under_a_procedural_lead_in_are_mentions(text):
    acts = [a for a in _acts(text) if a.category in ("coercion", "penalty")]
    assert acts, "the measures are still read"
    assert all(a.stance == "refers" for a in acts)


def test_officials_are_not_legal_persons():
    # 执法人员 holds the characters 法人; it names officials, not the public
    acts = _acts("执法人员应当报经县市场监管局批准后方可实施。")
    assert all(a.bearer != "public" for a in acts)
