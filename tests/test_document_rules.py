"""Issue 4: issuing subject, scope, GB/T 9704 form and citations, on drafts written here."""

import json
from pathlib import Path

import pytest
import yaml

from doclint.document import Document
from doclint.engine import Engine
from doclint.rules.base import Context
from doclint.source import Source

from conftest import ROOT, run_cli

ENGINE = Engine.load()
CORPUS = ROOT.parent / "shared" / "corpus"


def findings(text, rule_ids, subjects=None, today="2026-01-01"):
    import datetime as dt

    doc = Document(Source("t.txt", text, "txt"))
    ctx = Context(today=dt.date.fromisoformat(today), subjects_path=subjects)
    rules = [ENGINE.by_id[r] for r in rule_ids]
    return ENGINE.run(doc, ctx, rules)


def draft(issuer_line, body="停车场经营者应当明码标价，不得擅自提高收费标准。", title_tail="关于规范停车收费的通知"):
    return f"{issuer_line}{title_tail}\n各有关单位：\n{body}\n{issuer_line}\n2025年3月5日\n"


@pytest.mark.parametrize(
    "issuer,label",
    [
        ("朔州市城区停车整治工作领导小组", "议事协调"),
        ("朔州市城区停车整治工作领导小组办公室", "议事协调"),
        ("朔州市防汛抗旱指挥部", "指挥部"),
        ("朔州市停车管理联席会议", "联席会议"),
        ("朔州市禁毒委员会办公室", "议事协调"),
        ("朔州市城市管理局执法支队", "内设"),
        ("朔州市住房和城乡建设局城建科", "内设"),
        ("朔州市停车整治工作专班", "临时"),
    ],
)
def test_each_forbidden_kind_of_issuer(issuer, label):
    fs = findings(draft(issuer), ["SUB001"])
    assert fs, issuer
    assert all(f.severity == "error" for f in fs)
    assert any(issuer in f.message for f in fs)
    assert "40号" in " ".join(fs[0].basis)


def test_forbidden_issuer_of_an_out_of_scope_letter_is_info_only():
    text = "朔州市防汛抗旱指挥部办公室关于征求应急预案修改意见的函\n市直各有关单位：\n请于3月10日前反馈意见。\n"
    fs = findings(text, ["SUB001"])
    assert fs and {f.severity for f in fs} == {"info"}


def test_short_form_department_is_accepted_and_unknown_rejected():
    assert not findings(draft("市发改委"), ["SUB001", "SUB002"])
    assert not findings(draft("朔州市发展和改革委员会"), ["SUB001", "SUB002"])
    fs = findings(draft("朔州市停车产业促进局"), ["SUB002"])
    assert [f.rule for f in fs] == ["SUB002"] and fs[0].severity == "error"
    # another jurisdiction: no list configured for it, not judged against ours
    assert not findings(draft("大同市停车产业促进局"), ["SUB002"])


def test_joint_issuance_checks_every_issuer():
    text = (
        "朔州市城市管理局 朔州市停车产业促进局关于规范停车收费的通知\n各有关单位：\n"
        "停车场经营者应当明码标价，不得擅自提高收费标准。\n朔州市城市管理局 朔州市停车产业促进局\n2025年3月5日\n"
    )
    fs = findings(text, ["SUB002"])
    assert {f.excerpt for f in fs} == {"朔州市停车产业促进局"}


def test_issuer_quoted_alone_is_read():
    fs = findings("某某县新冠肺炎疫情防控指挥部", ["SUB001"])
    assert fs and fs[0].excerpt == "某某县新冠肺炎疫情防控指挥部"


def test_other_city_subject_list(tmp_path):
    lst = tmp_path / "other.yaml"
    src = (ROOT / "rulesets" / "subjects" / "shuozhou.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(src)
    data["jurisdiction"]["name"] = "大同市"
    data["jurisdiction"]["short_name"] = "大同"
    data["jurisdiction"]["counties"] = ["平城区"]
    data["subjects"] = [{"name": "大同市城市管理局", "short_forms": ["市城管局"], "kind": "工作部门", "level": "市", "source": ["G"]}]
    data.pop("deny", None)
    data.pop("non_subjects", None)
    lst.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    d = tmp_path / "d.txt"
    d.write_text(draft("大同市停车产业促进局"), encoding="utf-8")
    res = run_cli("check", "--format", "json", "--subjects", lst, d)
    rules = [f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]]
    assert "SUB002" in rules, res.stdout + res.stderr
    d.write_text(draft("大同市城市管理局"), encoding="utf-8")
    res = run_cli("check", "--format", "json", "--subjects", lst, d)
    assert "SUB002" not in [f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]]


def test_malformed_subject_list_is_one_line_error(tmp_path):
    lst = tmp_path / "bad.yaml"
    lst.write_text("format: doclint-subjects/1\njurisdiction: [oops\n", encoding="utf-8")
    d = tmp_path / "d.txt"
    d.write_text(draft("朔州市城市管理局"), encoding="utf-8")
    res = run_cli("check", "--subjects", lst, d)
    assert res.returncode == 2
    err = (res.stdout + res.stderr).strip()
    assert str(lst) in err and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "number,words",
    [("某政发[2025]12号", "六角括号"), ("某政发（2025）12号", "六角括号"), ("某政发【2025】12号", "六角括号"),
     ("某政发〔2025〕第12号", "第"), ("某政发〔2025〕012号", "虚位"), ("某政发〔25〕12号", "全称")],
)
def test_doc_number_form(number, words):
    fs = findings(f"某某市人民政府关于加强停车管理的通知\n{number}\n正文。\n", ["FMT001"])
    assert fs and any(words in f.message for f in fs)
    assert not findings("某某市人民政府关于加强停车管理的通知\n某政发〔2025〕12号\n正文。\n", ["FMT001"])


@pytest.mark.parametrize("date,words", [("二〇二五年三月五日", "阿拉伯数字"), ("2025年03月05日", "虚位"), ("25年3月5日", "全称")])
def test_date_form(date, words):
    fs = findings(f"某某市人民政府关于加强停车管理的通知\n正文。\n某某市人民政府\n{date}\n", ["FMT002"])
    assert fs and any(words in f.message for f in fs)


def test_attachment_note_form_and_consistency():
    base = "某某市人民政府关于公布名录的通知\n现将名录印发给你们。\n{note}\n某某市人民政府\n2025年3月5日\n附件1\n城区名录\n{second}"
    fs = findings(base.format(note="附件:1.城区名录\n2.郊区名录", second="附件2\n郊区名录\n"), ["FMT003"])
    assert any("冒号" in f.message for f in fs)
    fs = findings(base.format(note="附件：1.城区名录\n2.郊区名录", second=""), ["FMT003"])
    assert any("实有1个附件" in f.message for f in fs)
    fs = findings(base.format(note="附件：1.城区名录\n2.郊区名录", second="附件2\n乡镇名录\n"), ["FMT003"])
    assert any("不一致" in f.message for f in fs)
    assert not findings(base.format(note="附件：1.城区名录\n2.郊区名录", second="附件2\n郊区名录\n"), ["FMT003"])


def test_outline_gaps_repeats_and_order():
    assert any("第三条" in f.message or "不连续" in f.message or "缺" in f.message
               for f in findings("第一条 甲。\n第二条 乙。\n第四条 丁。\n", ["FMT004"]))
    assert findings("一、甲\n二、乙\n二、丙\n", ["FMT004"])
    assert not findings("一、甲\n（一）子。\n（二）子。\n二、乙\n（一）子。\n", ["FMT004"])


def test_effective_date_checked_on_normative_documents_only():
    text = "某某市人民政府关于印发某某市停车场管理办法的通知\n第一条 停车场经营者应当明码标价，不得擅自提高收费标准。\n"
    assert findings(text, ["FMT005"])
    assert not findings(text.rstrip("\n") + "\n第二条 本办法自2025年5月1日起施行。\n", ["FMT005"])


def test_repealed_law_relative_to_the_draft_date():
    tmpl = "某某市人民政府关于加强物业管理的通知\n根据《中华人民共和国物权法》的规定，现通知如下。\n某某市人民政府\n{date}\n"
    after = findings(tmpl.format(date="2021年3月1日"), ["CIT001"])
    assert after and "2021-01-01" in after[0].message and "民法典" in after[0].message
    assert not findings(tmpl.format(date="2020年12月1日"), ["CIT001"])
    # undated draft: judged against today
    undated = "根据《中华人民共和国物权法》的规定，现通知如下。\n"
    assert findings(undated, ["CIT001"], today="2026-01-01")
    assert not findings(undated, ["CIT001"], today="2020-06-01")


def test_national_security_law_name_clash():
    tmpl = "某某市人民政府关于做好安全工作的通知\n根据《中华人民共和国国家安全法》，现通知如下。\n某某市人民政府\n{date}\n"
    assert not findings(tmpl.format(date="2024年3月1日"), ["CIT001"])
    assert findings(tmpl.format(date="2015年3月1日"), ["CIT001"])


def test_no_recognisable_structure_gives_nulls():
    res = run_cli("check", "--format", "json", "-", input="随手写的几句话没有标题也没有文号\n再写一行\n")
    data = json.loads(res.stdout)
    assert data["files"][0]["document"] == {"title": None, "doc_number": None, "issuer": None, "date": None, "kind": None}
    assert data["files"][0]["error"] is None


@pytest.mark.skipif(not (CORPUS / "gazette_labels.yaml").exists(), reason="shared corpus not present")
def test_gazette_document_fields_and_scope():
    labels = yaml.safe_load((CORPUS / "gazette_labels.yaml").read_text(encoding="utf-8"))["documents"]
    files = [str(CORPUS / d["file"]) for d in labels]
    res = run_cli("check", "--format", "json", *files)
    out = {Path(f["path"]).stem: f for f in json.loads(res.stdout)["files"]}
    wrong_scope = 0
    for d in labels:
        f = out[d["id"]]
        assert f["document"]["doc_number"] == d["wenhao"]
        assert f["document"]["issuer"] == d["issuer"]
        assert f["document"]["date"] == d["date"]
        wrong_scope += f["scope"]["normative"] != d["in_scope"]
    assert wrong_scope <= 1


def test_provision_key_drops_every_whitespace_and_listed_punctuation():
    """The duplicate-provision key is built with string scans; it must equal the regex
    definition (clause number, then every whitespace character and the punctuation dropped)."""
    import re
    import sys

    from hypothesis import given, settings, strategies as st

    from doclint.rules.document_rules import _CLAUSE_NUMBER, _KEY_PUNCT, _provision_key

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    punct = "".join(_KEY_PUNCT)
    reference = re.compile("[\\s" + re.escape(punct) + "]")
    alphabet = st.sampled_from(list(spaces + punct + "第一二三条、（1）.停车场收费标准ａ😀\u0301"))

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=40))
    def check(text):
        m = _CLAUSE_NUMBER.match(text)
        assert _provision_key(text) == reference.sub("", text[m.end():] if m else text)

    check()
