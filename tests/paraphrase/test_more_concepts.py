"""Rewordings for the concepts of rules the other paraphrase modules do not reach:
support restricted to local registrants, steering operators' business, preferential
prices, tasks handed to village committees and associations, taking property, signs,
retroactivity, tax decisions, expropriation and orders to vertically managed offices.
All clauses are written for these tests."""

from __future__ import annotations

import pytest


from tests.paraphrase._common import ENGINE, findings as _findings_in

CAUGHT = {
    "CMP005": [
        "支持对象为在静乐县注册登记并依法纳税的电商企业，可以申请扶持资金。",
        "符合条件的软件企业可以申报运营补助，申报主体为在本开发区内设立独立法人、纳税关系在本开发区的企业。",
        "在本市办理工商登记和税务登记的企业，可以享受人才公寓补贴。",
    ],
    "CMP012": [
        "全县烧烤摊点的营业时间由县商务局统一规定为十八时至二十三时。",
        "各砖厂的年度生产量由县工信局核定下达，超出部分一律停产。",
        "城区加油站的经营范围由市能源局统一调整，不得经营便利店业务。",
    ],
    "CMP072": [
        "落户孵化基地的企业使用公共实验室执行内部价。",
        "入驻物流园区的企业用水用电享受协议价。",
        "县属国有企业租赁政府闲置办公用房，按优惠价格收取租金。",
    ],
    "OBL003": [
        "各村民委员会要按每百户一人配备防火巡查员，所需经费由村集体支付。",
        "社区居委会负责为辖区独居老人统一购置烟感报警器。",
        "各居委会要在年底前建成一处电动车集中充电棚，费用自行筹措。",
    ],
    "OBL004": [
        "老城区沿街商铺的遮阳雨棚一律拆除，由镇政府统一更换为新式雨棚。",
        "各单位临街围墙全部拆除，改建为通透式绿篱。",
        "居民楼外墙的空调外机一律迁移至楼体背面，由业主自行承担费用。",
    ],
    "OBL006": [
        "本规定施行前已经领取创业补贴的个人，经复核不符合本规定条件的，应当退回补贴。",
        "本办法实施以前已经开业的民宿，也应当按照本办法补办登记手续。",
        "对二〇二〇年以前已经享受租金减免的企业，按本通知重新核算，多减部分予以追缴。",
    ],
    "OBL007": [
        "餐饮行业协会负责为会员单位统一采购油烟净化设备。",
        "物业服务企业负责承担小区内快递柜的全部建设费用。",
        "各商会要为会员企业每年组织两次消防演练，费用由商会承担。",
    ],
    "OBL010": [
        "中心街两侧店铺应当统一使用区城管局确定的门头样式和颜色。",
        "临街商户的招牌由街道办事处统一设计，统一规格、字体和材质。",
        "步行街商户的广告牌匾必须采用县住建局规定的统一式样。",
    ],
    "POW003": [
        "对新落户本县的文化创意企业，前三年免征城镇土地使用税。",
        "受洪涝灾害影响的养殖户，当年个人所得税全额予以减免。",
        "对县内新建冷链仓储项目缴纳的房产税实行先征后返。",
    ],
    "POW004": [
        "因修建乡村公路需要，镇政府可以无偿使用沿线村民的承包地。",
        "因河道治理需要，对河道管理范围内的民房予以征收。",
        "举办大型赛事期间，县体育局可以征用沿线商户的停车场。",
    ],
    "POW007": [
        "气象部门工作人员不按时报送预警信息的，由县人民政府责令改正，并给予直接责任人员处分。",
        "海关工作人员在口岸协作中推诿扯皮的，由市人民政府约谈并追究责任。",
        "金融监管派出机构不配合专项整治的，由区政府给予通报批评并问责相关人员。",
    ],
}

SILENT = [
    ("competition", "鼓励外地知名电商企业在本县设立区域运营中心。"),
    ("competition", "鼓励夜市摊点在确保安全的前提下延长营业时间。"),
    ("competition", "城乡特困人员乘坐公交车享受优惠票价。"),
    ("obligation", "街道办事处要指导村民委员会做好防火宣传工作。"),
    ("obligation", "对违法搭建的雨棚，由城管部门依法拆除。"),
    ("obligation", "本办法施行前已经取得的补贴资格继续有效。"),
    ("obligation", "鼓励行业协会组织会员开展消防培训。"),
    ("obligation", "鼓励临街商户结合店面特色自行设计招牌。"),
    ("fee", "办理户外广告设置备案不收取任何费用。"),
    ("fee", "为群众开具的各类证明一律不收费。"),
    ("power", "对符合条件的企业，按照国家有关税收优惠政策减征企业所得税。"),
    ("power", "依照《国有土地上房屋征收与补偿条例》第八条的规定，由县人民政府作出房屋征收决定。"),
    ("power", "气象部门工作人员违反本办法规定的，通报其上级主管部门依法处理。"),
]


def _findings(text: str):
    return _findings_in(text)


@pytest.mark.parametrize("rule_id, text", [(r, t) for r, ts in CAUGHT.items() for t in ts], ids=lambda v: v[:14])
def test_rewording_fires_its_rule(rule_id, text):
    # in a real run the defect is reported in the rule's category (by this rule, or by a
    # more specific one of its category that speaks for the provision)
    rule = ENGINE.by_id[rule_id]
    assert any(f.category == rule.meta.category for f in _findings(text)), f"{rule_id}: {text}"


@pytest.mark.parametrize("category, text", SILENT, ids=lambda v: v[:14])
def test_lawful_form_is_silent(category, text):
    assert not [f for f in _findings(text) if f.category == category], text
