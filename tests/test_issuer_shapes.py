"""Issuers recognised by what they are (body-shapes.yaml), not by a closed list of names.

朔政办发〔2019〕40号 一: 严禁以临时机构、议事协调机构、部门派出机构和部门内设机构名义制发规范性文件.
Every name below is invented (other cities, other tasks, other suffixes); none is on any list.
"""

import datetime as dt

import pytest

from doclint.document import Document
from doclint.engine import Engine
from doclint.rules.base import Context
from doclint.source import Source
from doclint.subjects import classify_body, load_shapes

ENGINE = Engine.load()


def sub001(text):
    doc = Document(Source("t.txt", text, "txt"))
    ctx = Context(today=dt.date(2026, 1, 1))
    return ENGINE.run(doc, ctx, [ENGINE.by_id["SUB001"]])


@pytest.mark.parametrize(
    "name,code",
    [
        # 议事协调机构 / 临时机构 named after a task
        ("江川市夜间经济繁荣发展领导小组", "coordination"),
        ("临河县秸秆禁烧工作领导组", "coordination"),
        ("白水县冬春森林防火总指挥部", "coordination"),
        ("南屏市老旧小区改造工作联席会议", "coordination"),
        ("青石县校园周边环境治理工作组", "coordination"),
        ("东林市乡村旅游发展工作委员会", "coordination"),
        ("北岗县重点项目建设工作专班", "temporary"),
        ("西渡市马拉松赛事筹备组", "temporary"),
        # with an order number or an act after the name
        ("白水县冬春森林防火总指挥部7号令", "coordination"),
        ("云溪县暴雨防御指挥部第2号通告", "coordination"),
        ("云溪县暴雨防御指挥部令（第4号）", "coordination"),
        # offices of such bodies
        ("江川市夜间经济繁荣发展领导小组办公室", "coordination_office"),
        ("白水县冬春森林防火指挥部办公室", "coordination_office"),
        ("南屏市突发事件应急指挥办公室", "coordination_office"),
        ("临河县湖长制办公室", "coordination_office"),
        ("东林市林长制工作办公室", "coordination_office"),
        ("西渡市全国卫生城市创建办", "coordination_office"),
        ("青石县农村人居环境整治攻坚办", "coordination_office"),
        ("北岗县招商引资项目推进办", "coordination_office"),
        ("江川市交通秩序整治办公室", "coordination_office"),
        ("河口县安委办", "coordination_office"),
        # 中共 in front does not make a coordination body a party organ
        ("中共青石县委乡村振兴工作领导小组办公室", "coordination_office"),
        ("中共南屏市老城保护工作领导小组", "coordination"),
        ("中国共产党东林市委员会城乡统筹指挥部", "coordination"),
        # 部门派出机构
        ("江川市公安局河西派出所", "department_dispatched"),
        ("临河县司法局石桥司法所", "department_dispatched"),
        ("白水县税务所", "department_dispatched"),
        ("南屏市交通运输局农村公路管理站", "department_dispatched"),
        ("东林市水利局灌区管理所", "department_dispatched"),
        # 部门内设机构
        ("江川市自然资源局办公室", "internal"),
        ("临河县教育局基础教育股", "internal"),
        ("白水县农业农村局种植业科", "internal"),
        ("南屏市商务局市场运行处", "internal"),
        ("东林市卫生健康委员会办公室", "internal"),
    ],
)
def test_forbidden_shapes_are_caught(name, code):
    kind = classify_body(name)
    assert kind is not None and kind.code == code, (name, kind)
    assert kind.forbidden


@pytest.mark.parametrize(
    "name",
    [
        "江川市人民政府", "江川市人民政府办公室", "临河县人民政府办公室", "白水县政府办公室", "南屏市人民政府办公厅",
        "江川市自然资源局", "临河县教育局", "白水县农业农村局", "东林市应急管理局", "北岗县市场监督管理局",
        "江川市发展和改革委员会", "临河县卫生健康委员会", "白水县民族宗教事务委员会", "南屏市住房和城乡建设委员会",
        "东林市发改委", "北岗县卫健委", "西渡市人民防空办公室", "江川市人民政府金融工作办公室",
        "青石县石桥镇人民政府", "南屏市河西街道办事处",
    ],
)
def test_proper_issuers_stay_silent(name):
    assert classify_body(name) is None, (name, classify_body(name))


@pytest.mark.parametrize(
    "name",
    ["中共江川市委政法委员会", "中共临河县委机构编制委员会办公室", "中共白水县直属机关工作委员会", "南屏市委宣传部"],
)
def test_party_organs_stay_party_organs(name):
    kind = classify_body(name)
    assert kind is not None and kind.code == "party_organ", (name, kind)


def test_other_kinds_are_not_forbidden():
    assert classify_body("临河县经济技术开发区管理委员会").code == "government_dispatched"
    assert classify_body("白水县石桥村民委员会").code == "self_governing"


@pytest.mark.parametrize(
    "text,name",
    [
        ("云溪县暴雨防御指挥部第2号通告\n一、沿河商户应当于汛期前搬离低洼地带。\n", "云溪县暴雨防御指挥部"),
        ("白水县冬春森林防火总指挥部7号令\n一、林区内禁止野外用火。\n", "白水县冬春森林防火总指挥部"),
        ("中共青石县委乡村振兴工作领导小组办公室关于规范农家乐经营的通知\n各经营者应当办理备案。\n",
         "中共青石县委乡村振兴工作领导小组办公室"),
        ("南屏市突发事件应急指挥办公室关于加强商场安全管理的通知\n各商场经营者应当配齐应急照明。\n",
         "南屏市突发事件应急指挥办公室"),
        ("临河县湖长制办公室关于规范湖区垂钓的通告\n一、垂钓者不得在禁钓区垂钓。\n", "临河县湖长制办公室"),
        ("西渡市全国卫生城市创建办关于规范门店招牌的通告\n一、沿街商户应当统一设置门头招牌。\n",
         "西渡市全国卫生城市创建办"),
    ],
)
def test_sub001_fires_on_shaped_issuers(text, name):
    fs = sub001(text)
    assert fs, text
    assert any(name in f.message for f in fs)
    assert fs[0].severity == "error"


@pytest.mark.parametrize(
    "text",
    [
        "江川市人民政府关于规范夜间经营的通告\n一、夜间经营者应当遵守噪声管理规定。\n",
        "临河县卫生健康委员会关于加强诊所管理的通知\n各诊所应当公示收费标准。\n",
        "江川市人民政府关于成立夜间经济繁荣发展领导小组的通知\n领导小组办公室设在市商务局。\n",
        "江川市人民政府\n第一条 经营者应当明码标价。\n",
    ],
)
def test_sub001_silent_on_proper_issuers(text):
    assert sub001(text) == []


def test_shapes_are_data_with_sources():
    from doclint.ruleset import bundled_file
    from doclint.yamlutil import load_yaml

    raw = load_yaml(str(bundled_file("subjects", "body-shapes.yaml")))
    assert "40号" in raw["sources"]["G40"] and "37号" in raw["sources"]["GB37"]
    for key in ("coordination", "temporary", "coordination_office", "department_dispatched", "internal"):
        assert raw[key]["source"], key
    assert load_shapes().coord_body.search("某某指挥部")


def test_malformed_shapes_file_is_a_one_line_error(tmp_path):
    from doclint.errors import RulesetError

    bad = tmp_path / "shapes.yaml"
    bad.write_text("format: doclint-body-shapes/1\norder_suffix: '('\n", encoding="utf-8")
    with pytest.raises(RulesetError):
        load_shapes(bad)


def test_a_unit_named_in_the_text_is_not_the_issuer():
    text = "江川市人民政府关于规范夜间经营的通告\n根据市商务局办公室印发的工作要点，现通告如下。\n一、夜间经营者应当遵守噪声管理规定。\n"
    assert sub001(text) == []
