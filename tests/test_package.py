"""Submission packages: manifest, recognition, required materials (四), reviewer (三).
All document text here is invented for the tests."""

from datetime import date

import docx
import pytest

from doclint.deadline import Pause
from doclint.errors import DoclintError, RulesetError
from doclint.package import (
    MATERIALS, drafting_explanation_gaps, load_package, missing_materials, recognise,
    required_materials, reviewing_body,
)

FULL_EXPLANATION = """关于《朔州市示例停车场管理办法（送审稿）》的起草说明
一、制定依据。根据《中华人民共和国道路交通安全法》等法律法规，结合本市实际。
二、制定的必要性。近年来停车需求快速增长，亟需规范停车场管理。
三、起草过程。市示例局开展了专题调研，两次书面征求有关部门和企业意见，召开座谈会一次。
四、所要解决的主要问题。停车场建设不足、收费不规范等问题较为突出。
五、拟采取的主要措施。办法共五章二十条，明确了规划建设、经营服务和监督管理要求。
"""

# One file per kind, named the way drafting offices name them.
NAMED = {
    "关于提请审核《朔州市示例停车场管理办法（送审稿）》的请示.txt": "request_letter",
    "朔州市示例停车场管理办法（送审稿）.txt": "draft",
    "起草说明.txt": "explanation",
    "制定依据汇编.txt": "legal_basis",
    "合法性审核意见.txt": "legality_opinion",
    "征求意见汇总及采纳情况.txt": "consultation",
    "局务会议纪要.txt": "collective_discussion",
    "法律顾问意见书.txt": "legal_adviser",
    "公平竞争审查表.txt": "fair_competition",
    "专家论证意见.txt": "expert_opinion",
    "社会稳定风险评估报告.txt": "risk_assessment",
}


def make(folder, files, manifest=None):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "package.yaml").write_text(manifest, encoding="utf-8")
    return folder


# --- recognition ---------------------------------------------------------------

@pytest.mark.parametrize("name, kind", list(NAMED.items()) + [
    ("关于《朔州市示例办法（草案）》的起草说明.docx", "explanation"),
    ("关于《示例办法》的说明.txt", "explanation"),
    ("示例办法（征求意见稿）.docx", "draft"),
    ("示例办法征求意见情况汇总.xlsx", "consultation"),
    ("关于报送示例办法合法性审核的函.pdf", "request_letter"),
    ("律师事务所法律意见书.pdf", "legal_adviser"),
    ("市政府常务会议纪要（第5次）.pdf", "collective_discussion"),
    ("照片.jpg", None),
])
def test_recognise_by_name(name, kind):
    assert recognise(name)[0] == kind


def test_recognise_by_first_lines():
    assert recognise("附件1.txt", "朔州市示例局\n关于《示例办法》的合法性审核意见\n经审核……") == ("legality_opinion", "text")
    # The title line decides, even though a later line mentions a legal basis.
    draft = "朔州市示例停车场管理办法\n（送审稿）\n第一条 为规范停车场管理，依据《中华人民共和国道路交通安全法》，制定本办法。"
    assert recognise("材料2.txt", draft) == ("draft", "text")
    assert recognise("材料3.txt", "2025年第3次局务会议纪要\n会议研究了……") == ("collective_discussion", "text")
    assert recognise("材料4.txt", "会议通知\n请各单位准时参会。") == (None, None)


def test_folder_without_manifest(tmp_path):
    files = {name: "正文\n" for name in NAMED}
    files["附件一.txt"] = "关于《示例办法》的法律意见书\n……"
    files["扫描件.jpg"] = "not an image"
    pkg = load_package(make(tmp_path / "pkg", files))
    by_name = {m.path.name: (m.kind, m.how) for m in pkg.materials}
    assert by_name["附件一.txt"] == ("legal_adviser", "text")
    assert by_name["起草说明.txt"] == ("explanation", "name")
    assert pkg.unrecognised == [tmp_path / "pkg" / "扫描件.jpg"]
    assert pkg.kinds == set(MATERIALS) - {"review_response"}  # a statement of a later round only
    assert pkg.manifest is None and pkg.level is None
    # No level: held to the full list.
    assert missing_materials(pkg, market_related=True) == []


def test_docx_first_lines_are_read(tmp_path):
    folder = make(tmp_path / "pkg", {})
    document = docx.Document()
    document.add_paragraph("朔州市示例局")
    document.add_paragraph("关于《示例办法》的起草说明")
    document.save(folder / "附件3.docx")
    assert load_package(folder).materials[0].kind == "explanation"


# --- manifest ------------------------------------------------------------------

MANIFEST = """\
issuer: 朔州市示例局
level: 市直部门
in_government_name: true
drafting_department: 朔州市示例局
received: 2025-09-26
pauses:
  - {start: 2025-09-30, end: 2025-10-10, reason: 返回起草部门修改补充}
emergency: null
completed: '2025-10-24'
major: true
materials:
  附件1.txt: draft
  附件2.txt: 起草说明
"""


def test_manifest(tmp_path):
    folder = make(tmp_path / "pkg", {"附件1.txt": "x", "附件2.txt": "y", "请示.txt": "z"}, MANIFEST)
    pkg = load_package(folder)
    assert (pkg.issuer, pkg.level, pkg.in_government_name, pkg.major) == ("朔州市示例局", "市直部门", True, True)
    assert (pkg.received, pkg.completed, pkg.emergency) == (date(2025, 9, 26), date(2025, 10, 24), None)
    assert pkg.pauses == [Pause(date(2025, 9, 30), date(2025, 10, 10), "返回起草部门修改补充")]
    kinds = {m.path.name: (m.kind, m.how) for m in pkg.materials}
    assert kinds == {"附件1.txt": ("draft", "manifest"), "附件2.txt": ("explanation", "manifest"),
                     "请示.txt": ("request_letter", "name")}
    assert pkg.manifest == folder / "package.yaml"


@pytest.mark.parametrize("change, line, words", [
    (("major: true\n", "major: true\nsigner: 张三\n"), 11, ["未知的键", "signer"]),
    (("level: 市直部门", "level: 省直部门"), 2, ["level"]),
    (("in_government_name: true", "in_government_name: 是"), 3, ["in_government_name", "true 或 false"]),
    (("received: 2025-09-26", "received: 九月"), 5, ["received", "日期"]),
    (("reason: 返回起草部门修改补充}", "reason: 座谈会, note: x}"), 7, ["pauses", "note"]),
    (("{start: 2025-09-30, end: 2025-10-10,", "{start: 2025-10-30, end: 2025-10-10,"), 7, ["end 早于 start"]),
    (("  附件2.txt: 起草说明", "  附件2.txt: 说明书"), 13, ["未知的材料种类", "说明书"]),
    (("  附件2.txt: 起草说明", "  附件9.txt: 起草说明"), 13, ["附件9.txt", "不在"]),
], ids=["unknown-key", "bad-level", "bad-bool", "bad-date", "pause-key", "pause-order", "bad-kind", "no-file"])
def test_bad_manifest_names_file_and_line(tmp_path, change, line, words):
    folder = make(tmp_path / "pkg", {"附件1.txt": "x", "附件2.txt": "y"}, MANIFEST.replace(*change))
    with pytest.raises(RulesetError) as info:
        load_package(folder)
    assert str(info.value).startswith(f"{folder / 'package.yaml'}:{line}: ")
    for word in words:
        assert word in info.value.reason


# --- required materials (四) -------------------------------------------------

CORE = ["request_letter", "draft", "explanation", "legal_basis", "legality_opinion",
        "consultation", "collective_discussion", "legal_adviser"]
DEPARTMENT = ["draft", "explanation", "legal_basis", "consultation", "collective_discussion", "legal_adviser"]


@pytest.mark.parametrize("manifest, market, major, expected", [
    ("level: 市政府\n", False, False, CORE),
    ("level: 县政府办公室\n", False, False, CORE),
    ("level: 市直部门\nin_government_name: true\n", False, False, CORE),
    ("level: 市直部门\n", False, False, DEPARTMENT),
    ("level: 县直部门\nin_government_name: false\n", True, False, DEPARTMENT + ["fair_competition"]),
    ("level: 乡镇\n", False, True, DEPARTMENT + ["expert_opinion", "risk_assessment"]),
    ("level: 市政府办公室\n", True, True, CORE + ["fair_competition", "expert_opinion", "risk_assessment"]),
])
def test_required_materials(tmp_path, manifest, market, major, expected):
    if major:
        manifest += "major: true\n"
    pkg = load_package(make(tmp_path / "pkg", {}, manifest))
    assert required_materials(pkg, market_related=market) == expected


def test_material_names_follow_the_measures():
    assert MATERIALS["request_letter"] == "部门主要负责人签发的报请市政府审核的请示公函"
    assert MATERIALS["consultation"] == "征求意见、加盖部门公章的征求意见汇总及采纳情况"
    assert MATERIALS["legal_adviser"] == "起草部门法律顾问意见书"


def test_missing_materials(tmp_path):
    files = {"示例办法（送审稿）.txt": "x", "起草说明.txt": FULL_EXPLANATION, "局务会议纪要.txt": "x"}
    gov = load_package(make(tmp_path / "gov", files, "level: 市政府\nmajor: true\n"))
    assert missing_materials(gov, market_related=True) == [
        "request_letter", "legal_basis", "legality_opinion", "consultation", "legal_adviser",
        "fair_competition", "expert_opinion", "risk_assessment"]
    dept = load_package(make(tmp_path / "dept", files, "level: 市直部门\n"))
    assert missing_materials(dept) == ["legal_basis", "consultation", "legal_adviser"]


# --- 起草说明 ------------------------------------------------------------------

def test_complete_explanation_has_no_gaps():
    assert drafting_explanation_gaps(FULL_EXPLANATION) == []


@pytest.mark.parametrize("text, gaps", [
    ("本办法共三章十五条，主要内容包括登记和服务要求。", ["依据", "必要性", "制定过程", "主要问题"]),
    ("为解决停车难问题，根据有关法律法规，制定本办法。", ["必要性", "制定过程", "主要措施"]),
    ("起草过程中征求了企业意见。办法明确了收费标准。", ["依据", "必要性", "主要问题"]),
    ("制定背景：城市停车供需矛盾突出。依照《示例条例》，提出以下举措。", ["制定过程"]),
    ("", ["依据", "必要性", "制定过程", "主要问题", "主要措施"]),
])
def test_explanation_gaps(text, gaps):
    assert drafting_explanation_gaps(text) == gaps


def test_every_explanation_element_has_a_label_for_findings():
    from doclint.package import EXPLANATION_ELEMENTS
    from doclint.rules.package_rules import ELEMENT_LABELS

    assert set(ELEMENT_LABELS) == set(EXPLANATION_ELEMENTS)


# --- reviewing body (三) --------------------------------------------------------

@pytest.mark.parametrize("manifest, expected", [
    ("level: 市政府\ndrafting_department: 市示例局\n",
     "先由起草部门（市示例局）内部法制机构或承担法制工作的机构审核，再由同级司法行政部门（市司法行政部门）审核"),
    ("level: 县直部门\nin_government_name: true\n",
     "先由起草部门内部法制机构或承担法制工作的机构审核，再由同级司法行政部门（县（市、区）司法行政部门）审核"),
    ("level: 市直部门\nissuer: 朔州市示例局\n", "朔州市示例局的内部审核机构"),
    ("level: 县直部门\nhas_review_body: true\n", "本部门审核机构"),
    ("level: 县直部门\nhas_review_body: false\n", "县（市、区）司法行政部门"),
    ("level: 县直部门\n", "县（市、区）司法行政部门（package.yaml 未写明 has_review_body，按未明确审核机构处理）"),
    ("level: 乡镇\n", "县（市、区）司法行政部门"),
    ("level: 街道\n", "县（市、区）司法行政部门"),
])
def test_reviewing_body(tmp_path, manifest, expected):
    assert reviewing_body(load_package(make(tmp_path / "pkg", {}, manifest))) == expected


def test_reviewing_body_needs_a_level(tmp_path):
    with pytest.raises(DoclintError, match="level"):
        reviewing_body(load_package(make(tmp_path / "pkg", {"起草说明.txt": "x"})))


@pytest.mark.parametrize("name", ["关于审核意见采纳情况的说明", "未采纳意见说明", "合法性审核意见采纳情况"])
def test_review_response_is_not_explanation_or_consultation(name):
    from doclint.package import recognise

    assert recognise(name)[0] == "review_response"


@pytest.mark.parametrize("name, kind", [("关于《某办法》的起草说明", "explanation"), ("征求意见汇总及采纳情况", "consultation")])
def test_explanation_and_consultation_still_recognised(name, kind):
    from doclint.package import recognise

    assert recognise(name)[0] == kind
