from pathlib import Path

import pytest

from doclint.errors import RulesetError
from doclint.subjects import (
    BODY_KINDS,
    SENTENCE_FORBID,
    SENTENCE_SUBJECT,
    SubjectListError,
    classify_body,
    extract_issuer_candidates,
    issuer_from_doc_number,
    issuer_from_title,
    load_subjects,
    normalize_name,
    subjects_from_text,
)

ROOT = Path(__file__).resolve().parents[1]
SHUOZHOU = ROOT / "rulesets" / "subjects" / "shuozhou.yaml"


@pytest.fixture(scope="module")
def sl():
    return load_subjects(SHUOZHOU)


# --- the 朔州 list ----------------------------------------------------------------------------


def test_shuozhou_list_loads(sl):
    assert sl.jurisdiction == "朔州市"
    assert sl.province == "山西省"
    assert sl.short_name == "朔州"
    assert "怀仁市" in sl.counties and len(sl.counties) == 6
    assert sl.official is False and sl.complete is False
    assert len(sl.subjects) >= 40
    assert sl.joint_issuance.get("allowed") is True


def test_verified_flags_are_carried(sl):
    assert sl.resolve("朔州市发展和改革委员会").verified is True
    assert sl.resolve("市应急局").verified is False  # full name inferred
    assert sl.resolve("平鲁区人民政府").verified is False
    assert all(s.source for s in sl.subjects)


@pytest.mark.parametrize(
    "name, full",
    [
        ("朔州市发展和改革委员会", "朔州市发展和改革委员会"),
        ("市发改委", "朔州市发展和改革委员会"),
        ("市发展改革委", "朔州市发展和改革委员会"),
        ("市发展和改革委员会", "朔州市发展和改革委员会"),
        ("朔州市发改委", "朔州市发展和改革委员会"),
        ("朔州市 发展和改革委员会", "朔州市发展和改革委员会"),
        ("朔州市　发展和改革委员会 ", "朔州市发展和改革委员会"),
        ("市政府", "朔州市人民政府"),
        ("朔州市政府", "朔州市人民政府"),
        ("朔州市人民政府文件", "朔州市人民政府"),
        ("市政府办", "朔州市人民政府办公室"),
        ("朔州市政府办公室", "朔州市人民政府办公室"),
        ("市住建局", "朔州市住房和城乡建设局"),
        ("市卫健委", "朔州市卫生健康委员会"),
        ("市市场监管局", "朔州市市场监督管理局"),
        ("市规划和自然资源局(市林业局)", "朔州市规划和自然资源局"),
        ("市规划和自然资源局（市林业局）", "朔州市规划和自然资源局"),
        ("市金融办", "朔州市人民政府金融工作办公室"),
        ("朔城区政府", "朔城区人民政府"),
    ],
)
def test_resolve(sl, name, full):
    s = sl.resolve(name)
    assert s is not None, name
    assert s.name == full


@pytest.mark.parametrize("name", ["发展和改革委员会", "财政局", "市财政厅", "山西省人民政府", "市减灾委员会", "市税务局", ""])
def test_resolve_unknown(sl, name):
    assert sl.resolve(name) is None


def test_doc_number_prefixes(sl):
    assert issuer_from_doc_number("朔政发〔2019〕51号", sl) == "朔州市人民政府"
    assert issuer_from_doc_number("朔政办发〔2019〕40号", sl) == "朔州市人民政府办公室"
    assert issuer_from_doc_number("朔政办发[2019]40号", sl) == "朔州市人民政府办公室"
    assert issuer_from_doc_number("朔政办发 〔2019〕 40号", sl) == "朔州市人民政府办公室"
    assert issuer_from_doc_number("晋政办发〔2019〕60号", sl) == "山西省人民政府办公厅"
    assert issuer_from_doc_number("朔政函〔2019〕1号", sl) is None
    assert issuer_from_doc_number("", sl) is None


@pytest.mark.parametrize(
    "name, expected",
    [
        ("朔州市财政局", True), ("市财政局", True), ("市委办公室", True), ("怀仁市财政局", True),
        ("平鲁区人民政府", True), ("朔州经济开发区管委会", True), ("市市场监管局", True),
        ("山西省财政厅", False), ("国务院办公厅", False), ("市场监管总局", False), ("大同市财政局", False),
        ("县财政局", False), ("", False),
    ],
)
def test_in_jurisdiction(sl, name, expected):
    assert sl.in_jurisdiction(name) is expected


@pytest.mark.parametrize(
    "name, level",
    [
        ("市发改委", "市"), ("朔城区人民政府", "县级"), ("怀仁市教育局", "县级"), ("某某镇人民政府", "乡镇"),
        ("某某街道办事处", "乡镇"), ("朔州经济开发区管委会", "开发区"), ("山西省人民政府", None),
    ],
)
def test_level_of(sl, name, level):
    assert sl.level_of(name) == level


def test_list_classify_prefers_list_data(sl):
    # a listed subject is never classified, even if the name alone would look suspicious
    assert sl.classify("市发改委") is None
    k = sl.classify("市减灾委员会")
    assert k.code == "coordination" and k.forbidden
    k = sl.classify("抗震救灾指挥部")
    assert k.code == "coordination"
    k = sl.classify("市公安局交警支队")
    assert k.code == "internal" and k.forbidden
    k = sl.classify("市税务局")
    assert k.code == "vertical" and not k.forbidden
    k = sl.classify("朔州经济开发区管委会")
    assert k.code == "government_dispatched" and not k.forbidden
    k = sl.classify("市治超事务中心")
    assert k.code == "public_institution"
    k = sl.classify("市委宣传部")
    assert k.code == "party_organ"
    # not on the list: falls back to the name
    assert sl.classify("市某某专项整治工作领导小组").code == "coordination"
    assert sl.classify("市某某工作领导组办公室").code == "coordination_office"


# --- classify_body ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        # 议事协调机构 and 临时机构
        ("市某某工作领导小组", "coordination"),
        ("市某某工作领导组", "coordination"),
        ("市某某疫情防控指挥部", "coordination"),
        ("市某某事件应急指挥部", "coordination"),
        ("某某县防汛抗旱指挥部", "coordination"),
        ("市某某工作联席会议", "coordination"),
        ("市禁毒委员会", "coordination"),
        ("市减灾委员会", "coordination"),
        ("市安全生产委员会", "coordination"),
        ("市食品安全委员会", "coordination"),
        ("市安委会", "coordination"),
        ("市某某专家咨询委员会", "coordination"),
        ("市某某创建工作专班", "temporary"),
        ("市某某会议筹备组", "temporary"),
        # their offices
        ("市某某工作领导小组办公室", "coordination_office"),
        ("市某某指挥部办公室", "coordination_office"),
        ("市某某联席会议办公室", "coordination_office"),
        ("市安全生产委员会办公室", "coordination_office"),
        ("市禁毒委员会办公室", "coordination_office"),
        ("市安委办", "coordination_office"),
        ("市食安办", "coordination_office"),
        # 部门派出机构
        ("市公安局某某派出所", "department_dispatched"),
        ("某某派出所", "department_dispatched"),
        ("某某镇司法所", "department_dispatched"),
        ("市生态环境局某某分局", "department_dispatched"),
        # 部门内设机构 / 所属单位
        ("市公安局交警支队", "internal"),
        ("市住建局城建科", "internal"),
        ("市财政局办公室", "internal"),
        ("市发展和改革委员会办公室", "internal"),
        ("市卫健委疾控科", "internal"),
        ("市人民政府办公室秘书科", "internal"),
        ("市某某局执法大队", "internal"),
        ("市城市管理综合行政执法支队", "internal"),
        ("市某某局信息中心", "internal"),
        # conditional kinds
        ("某某经济开发区管理委员会", "government_dispatched"),
        ("某某工业园区管委会", "government_dispatched"),
        ("市某某服务中心", "public_institution"),
        ("市某某检测站", "public_institution"),
        ("市委办公室", "party_organ"),
        ("中共某某市委", "party_organ"),
        ("市委宣传部", "party_organ"),
        ("市纪委监委", "party_organ"),
        ("市人大常委会", "non_administrative"),
        ("市中级人民法院", "non_administrative"),
        ("市人民检察院", "non_administrative"),
        ("市监察委员会", "non_administrative"),
        ("某某村村民委员会", "self_governing"),
        ("某某社区居委会", "self_governing"),
        ("某某市消防救援支队", "vertical"),
        ("某某银监分局", "vertical"),
        ("某某市气象局", "vertical"),
        ("国家税务总局某某市税务局", "vertical"),
        ("人行某某中心支行", "vertical"),
    ],
)
def test_classify_body(name, code):
    k = classify_body(name)
    assert k is not None, name
    assert k.code == code, (name, k)
    label, forbidden, basis, _ = BODY_KINDS[code]
    assert k.label == label and k.forbidden is forbidden and k.basis == basis
    assert k.basis_ref == "朔政办发〔2019〕40号 一"
    assert k.matched


@pytest.mark.parametrize(
    "name",
    [
        # governments, offices, departments — including the 委员会 that are departments
        "朔州市人民政府", "朔州市人民政府办公室", "市政府办", "市政府金融工作办公室", "市人民防空办公室",
        "市发展和改革委员会", "朔州市发展和改革委员会", "市卫生健康委员会", "市民族宗教事务委员会",
        "市国有资产监督管理委员会", "市城市管理委员会", "市发改委", "市卫健委", "市国资委",
        "市财政局", "市市场监督管理局", "市场监管局", "市教育局", "市规划和自然资源局(市林业局)",
        # 街道办事处 and 乡镇 issue under section 三 of the measures
        "某某街道办事处", "某某镇人民政府", "某某乡政府",
        "", "局",
    ],
)
def test_classify_body_not_flagged(name):
    assert classify_body(name) is None


def test_forbidden_kinds_quote_section_one():
    for code in ("temporary", "coordination", "coordination_office", "department_dispatched", "internal"):
        assert BODY_KINDS[code][1] is True
        assert BODY_KINDS[code][2] == SENTENCE_FORBID
    assert "严禁以临时机构、议事协调机构、部门派出机构和部门内设机构名义制发规范性文件" in SENTENCE_FORBID
    assert BODY_KINDS["public_institution"][2] == SENTENCE_SUBJECT


def test_unknown_committee_is_low_confidence():
    k = classify_body("市某某评比委员会")
    assert k.code == "coordination" and k.confidence == "low"
    assert classify_body("市禁毒委员会").confidence == "high"


# --- issuer extraction --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, names",
    [
        ("朔州市发展和改革委员会 朔州市财政局", ["朔州市发展和改革委员会", "朔州市财政局"]),
        ("朔州市发展和改革委员会　　朔州市财政局　　朔州市住房和城乡建设局",
         ["朔州市发展和改革委员会", "朔州市财政局", "朔州市住房和城乡建设局"]),
        ("市发改委、市财政局", ["市发改委", "市财政局"]),
        ("市发改委，市财政局", ["市发改委", "市财政局"]),
        ("市发改委和市财政局", ["市发改委", "市财政局"]),
        ("朔州市 发展和改革委员会", ["朔州市发展和改革委员会"]),
        ("中共 某某市委 某某市人民政府", ["中共某某市委", "某某市人民政府"]),
        ("市发展和改革委员会", ["市发展和改革委员会"]),
        ("  朔州市人民政府办公室  ", ["朔州市人民政府办公室"]),
        ("", []),
    ],
)
def test_extract_issuer_candidates(line, names):
    assert extract_issuer_candidates(line) == names


def test_extract_uses_list_places(sl):
    assert extract_issuer_candidates("应县 教育局", sl) == ["应县教育局"]


@pytest.mark.parametrize(
    "title, names",
    [
        ("朔州市人民政府办公室关于印发某某管理办法的通知", ["朔州市人民政府办公室"]),
        ("朔州市人民政府办公室 关于印发某某管理办法的通知", ["朔州市人民政府办公室"]),
        ("市发改委 市财政局关于调整某某补助标准的通知", ["市发改委", "市财政局"]),
        ("市发改委、市财政局关于调整某某补助标准的通知", ["市发改委", "市财政局"]),
        ("市政府办公室转发市发改委关于某某工作意见的通知", ["市政府办公室"]),
        ("关于做好某某工作的通知", []),
        ("某某管理办法", []),
        ("", []),
    ],
)
def test_issuer_from_title(title, names):
    assert issuer_from_title(title) == names


def test_normalize_name():
    assert normalize_name(" 朔州市 人民政府 ") == "朔州市人民政府"
    assert normalize_name("市局(试点)") == "市局（试点）"
    assert normalize_name("朔州市人民政府文件") == "朔州市人民政府"
    assert normalize_name("朔州市人民政府（印章）") == "朔州市人民政府"
    assert normalize_name(None) == ""


# --- validation errors ----------------------------------------------------------------------------

MINIMAL = """\
format: doclint-subjects/1
jurisdiction:
  name: 某某市
  counties: [甲县]
subjects:
  - {name: 某某市人民政府, short_forms: [市政府], kind: 人民政府, level: 市, doc_number_prefixes: [某政发], verified: true}
  - {name: 某某市财政局, short_forms: [市财政局], kind: 工作部门, level: 市}
"""


def test_minimal_list_from_text():
    sl = subjects_from_text(MINIMAL)
    assert sl.resolve("市政府").name == "某某市人民政府"
    assert sl.resolve("某某市政府").name == "某某市人民政府"
    assert sl.resolve("市财政局").verified is False  # verified defaults to false
    assert sl.body_for_prefix("某政发") == "某某市人民政府"
    assert sl.in_jurisdiction("甲县教育局")


def _write(tmp_path, text):
    p = tmp_path / "list.yaml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        (MINIMAL + "extra: 1\n", 8, "未知的键 'extra'"),
        (MINIMAL.replace("  name: 某某市\n", "  province: 某省\n"), 2, "缺少必填键 'name'"),
        (MINIMAL.replace("kind: 工作部门", "kind: 科室"), 7, "kind '科室'"),
        (MINIMAL.replace("level: 市}", "level: 地级}"), 7, "level '地级'"),
        (MINIMAL.replace("verified: true", "verified: 是"), 6, "verified"),
        (MINIMAL.replace("short_forms: [市财政局]", "short_forms: [市政府]"), 7, "同时指向"),
        (MINIMAL.replace(", kind: 工作部门, level: 市}", ", kind: 工作部门, level: 市, colour: red}"), 7, "未知的键 'colour'"),
        (MINIMAL + "deny:\n  patterns:\n    - {regex: '领导(小组', kind: coordination}\n", 10, "正则无效"),
        (MINIMAL + "deny:\n  names:\n    - {name: 某某领导小组, kind: 别的}\n", 10, "kind '别的'"),
        (MINIMAL.replace("subjects:\n", "subjects: []\nx:\n"), None, None),
        ("jurisdiction: [1, 2]\nsubjects: []\n", 1, "jurisdiction 应为映射"),
        ("format: other/1\n" + MINIMAL.split("\n", 1)[1], 1, "format"),
        ("jurisdiction:\n  name: 某某市\nsubjects:\n  - {name: 甲, kind: 人民政府\n", None, "YAML 语法错误"),
        ("", None, "文件为空"),
    ],
)
def test_malformed_lists(tmp_path, text, line, fragment):
    p = _write(tmp_path, text)
    with pytest.raises(SubjectListError) as ei:
        load_subjects(p)
    err = ei.value
    assert isinstance(err, RulesetError)
    msg = str(err)
    assert "\n" not in msg
    assert msg.startswith(str(p))
    if line is not None:
        assert err.line == line, msg
        assert f"{p}:{line}: " in msg
    if fragment is not None:
        assert fragment in msg, msg


def test_unknown_source_key(tmp_path):
    text = MINIMAL.replace("jurisdiction:", "sources: {G: 某公报}\njurisdiction:").replace(
        "level: 市}", "level: 市, source: X}")
    p = _write(tmp_path, text)
    with pytest.raises(SubjectListError) as ei:
        load_subjects(p)
    assert "source 'X'" in str(ei.value) and ei.value.line == 8


def test_missing_file(tmp_path):
    with pytest.raises(SubjectListError) as ei:
        load_subjects(tmp_path / "nope.yaml")
    assert "\n" not in str(ei.value)
