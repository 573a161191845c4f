"""Paraphrase tests for the local-protection rules (公平竞争审查条例 art 9 (一)–(五), art 8 (四)):
local presence as a condition (CMP003), lock-in and exit barriers (CMP004), discrimination
of outside operators and goods (CMP002).

Every concept: rewordings written for this test (other places from the division table,
other verbs and orders, 、-lists, measures split across "；", list items under a lead-in)
are caught in category ``competition``; lawful look-alikes (anti-discrimination clauses,
equal terms, invitations to invest, the document's own jurisdiction, organs' procedures,
household-registration matters, quoted law with its article) stay silent there.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in
LOCAL_RULES = {"CMP002", "CMP003", "CMP004", "CMP005"}



def competition_findings(text: str):
    return _findings_in(text, "competition")


CAUGHT = {
    "presence-registration": [
        "申请市级文旅融合奖补的企业，应当在忻州市登记注册且正常经营。",
        "参与全县农村公路养护招标的单位须在繁峙县设立分公司。",
        "享受物流降本补贴的企业，注册地须在本区；未在本区纳税的，不予补贴。",
        "申报对象：（一）在某市依法登记注册的企业；（二）上年度营业收入500万元以上。",
        "入驻孵化基地的团队，须于本县办理税务登记并纳入统计。",
    ],
    "presence-office-account-record": [
        "中标人应在项目所在地设立售后服务网点，并配备驻场人员。",
        "投标单位在晋中市内有固定办公场所的方可报名。",
        "保证金须以太原市内银行开具的保函形式缴纳。",
        "供应商近三年须有在本省完成过同类工程的业绩。",
        "承接单位须在我县连续从事农机服务三年以上。",
    ],
    "lock-in": [
        "获得贴息的企业须承诺六年内不迁出怀仁市。",
        "受奖企业应当保证十年内注册地不变更，纳税关系不转出本县。",
        "企业享受租金减免期间迁离园区的，由管委会收回已减免的租金补贴。",
        "补贴对象须承诺在本市持续经营满五年；未满五年外迁的，退还全部补助资金。",
        "企业注册地迁至应县以外的，停止兑现剩余奖励。",
        "对新落户代县的商贸企业，按首年销售额的1%给予一次性奖励。",
        "三年内搬离本镇的，已享受的厂房补贴由镇政府追回。",
    ],
    "outsider-barriers": [
        "外省施工企业在本市承揽工程，须先向市住建局提交本地办公场所证明。",
        "市外生产的预制构件进入工地前，一律另行抽检。",
        "禁止外地砂石进入本县建材市场。",
        "县产小米未经批准不得销往外地。",
        "非本地注册的运输企业不得参与本区渣土清运投标。",
    ],
    "local-preference": [
        "乡镇卫生院所需耗材优先采购本县企业生产的产品。",
        "城区绿化工程所用苗木限于本地苗圃供应。",
        "政府投资项目评标时，对本市企业加3分。",
        "各村统一到县内的农资企业购买化肥。",
        "建设单位采购本区建材企业产品的，按采购额的2%给予奖励。",
        "房地产项目委托本地物业企业提供前期物业服务的，给予开发商每平方米5元补助。",
    ],
    "county-short-form": [
        "申请贷款贴息的合作社，注册地须在岢岚，并在当地开立基本账户。",
        "参与农村饮水工程投标的单位应当在偏关设有常驻项目部。",
        "物流补助的申报企业，住所应位于浑源；",
        "同等条件下，县城道路改造工程优先交由注册地在灵丘的施工企业实施。",
    ],
    "presence-in-eligibility": [
        "本细则支持的对象为在五台县范围内由市场监管部门登记注册、独立核算的外贸企业。",
        "扶持范围：在我区依法设立并纳税的软件企业，可以申报研发补助；",
        "为鼓励服务业发展，对在本市办理税务登记的会展企业给予场租补助。",
    ],
    "local-builder-reward": [
        "本县注册的施工企业承建区内市政工程的，按工程款的1%给予奖励。",
        "市内建筑企业中标本市政府投资项目的，每个项目奖励10万元。",
        "本地监理单位承接园区项目的，年度考核加2分。",
    ],
    "local-sourcing-rate": [
        "入驻企业应当提高零部件属地化采购比例，不低于40%。",
        "园区新能源整车项目须实现本地化配套率60%以上。",
        "中标企业须实行劳务用工本地化用工。",
    ],
    "local-outside-difference": [
        "市内注册的机构按交易额3%补助，市外注册的机构按1%补助。",
        "县外企业须具备二级资质，县内企业具备三级资质即可入库。",
        "在右玉县范围以外取得的奖项不予计分。",
    ],
}

SILENT = [
    # anti-discrimination clauses (negated measures)
    "不得要求经营者在本地设立分支机构或者在本地纳税。",
    "不得排斥或者限制外地经营者参加本地政府采购和招标投标活动。",
    "各部门不得限制或者阻碍企业跨区域迁移，不得要求企业承诺若干年内不迁出。",
    "严禁对外地商品设置歧视性收费项目。",
    # equal terms, invitations
    "对本地和外地企业一视同仁，适用同等的申报条件。",
    "各类经营者不论注册地，均可平等参与本县政府采购。",
    "鼓励外地优质企业在本市设立区域总部和研发中心。",
    # the document's own jurisdiction, organs' procedures
    "本市行政区域内的公共停车场建设和管理，适用本办法。",
    "在本县行政区域内从事餐饮服务的经营者，应当遵守本办法。",
    "企业在本市办理设立登记的，登记机关应当一次告知所需材料。",
    # household registration, quarantine, hazardous-chemical relocation, quoted law
    "本市户籍人口迁出的，按照户籍管理规定办理。",
    "外来务工人员子女入学，按照居住证管理规定办理。",
    "城区危险化学品生产企业搬迁改造，按照国家和省有关规定执行。",
    "从外省调入的动物，应当依照《中华人民共和国动物防疫法》第五十一条的规定附有检疫证明。",
    # places that are not divisions
    "在综合保税区内新设的加工制造企业，经评定符合标准的，直接赋予相应信用等级。",
    "鼓励各级机关在同等条件下优先采购脱贫地区农产品。",
    # county short forms that are ordinary words are not places; invitations; equal terms
    "在和平共处的基础上设立联络机制。",
    "在合作期间设立联合工作组。",
    "支持各类企业在本区设立研发中心，依法平等享受各项政策。",
    "鼓励民营企业在本县设立区域性分拨中心。",
    "各乡镇实行属地化管理，落实属地责任。",
    "本县建筑企业承建的工程发生质量事故的，依照《建设工程质量管理条例》第六十四条的规定处罚。",
]


@pytest.mark.parametrize(
    "concept,text", [(c, t) for c, ts in CAUGHT.items() for t in ts], ids=lambda v: v[:24] if isinstance(v, str) else v
)
def test_caught(concept, text):
    found = competition_findings(text)
    assert found, f"{concept}: no competition finding for {text!r}"
    assert {f.rule for f in found} & LOCAL_RULES, f"{concept}: caught only by {[f.rule for f in found]}"


@pytest.mark.parametrize("text", SILENT, ids=lambda t: t[:24])
def test_silent(text):
    found = [f for f in competition_findings(text) if f.rule in LOCAL_RULES]
    assert not found, f"flagged {[(f.rule, f.message[:20]) for f in found]} on lawful {text!r}"


def test_place_table_shapes():
    """The division names of the generated lexicon reach the act patterns: full names by shape,
    short forms by list, and non-divisions ending in 区/市 are not places."""
    from doclint.reading.concepts import load_concepts

    c = load_concepts()
    name = c.lexicon("place_name")
    for w in ["朔州市", "山阴县", "平鲁区", "鄂尔多斯市", "广西壮族自治区", "阿里地区", "成都市", "盐城市", "广西", "海口"]:
        assert name.fullmatch(w), w
    for w in ["住宅小区", "综合保税区", "贫困地区", "大城市", "全县"]:
        assert not name.fullmatch(w), w
    county = c.lexicon("place_county_short")
    for w in ["垫江", "山阴", "平鲁", "岢岚", "偏关", "浑源", "灵丘"]:
        assert county.fullmatch(w), w
    for w in ["和平", "合作", "资源", "前进", "城中", "解放"]:
        assert not county.fullmatch(w), w
