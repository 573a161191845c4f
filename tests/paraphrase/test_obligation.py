"""Paraphrase tests for the obligation rules (立法法 on rules without basis; 国办发〔2018〕37号 一).

For each concept (a ban on the public, a duty of the public, a restricted right, a
tax-withholding duty), rewordings written for this test — other places, other bearers
(a named class of the public), other verbs, a 、-list, the measure split across "；" —
must be caught in category ``obligation``; officials' and organs' duties, bans on
wrongful acts, quoted law with its article, rights granted (有权) and negated measures
must stay silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def findings(text: str, category: str = "obligation"):
    return _findings_in(text, category)


CAUGHT = {
    "ban": [
        "禁止在镇区主街两侧晾晒粮食、堆放柴草。",
        "沿湖民宿一律不得在湖滨步道上摆放桌椅。",
        "老城区范围内，严禁饲养鸽子、鸡、鸭等禽类。",
        "为保持市容整洁，严禁货车在夜间驶入步行街；禁止在步行街两侧散发小广告。",
        "任何单位和个人不得在河道堤防上种植农作物。",
        "禁止私人在景区内兜售纪念品和饮料。",
    ],
    "duty": [
        "辖区农家乐应当安装与镇政府联网的油烟监测装置。",
        "养蜂户必须于每年三月底前到村委会登记蜂箱数量。",
        "任何单位和个人发现盗采砂石的，都应当向县水利局报告。",
        "物流园区内的快递企业须为每名分拣员购买意外伤害保险。",
        "出租房屋的房东，应当每月向社区报送租户变动情况。",
        "建设单位应当与街道办事处签订文明施工承诺书，并缴存施工保洁押金。",
    ],
    "restricted-right": [
        "被征收户对补偿结果有异议的，不得再申请复核。",
        "参保居民只能在户籍所在乡镇卫生院选择签约医生，不得自主选择。",
        "会员查阅协会财务账目的，须先经理事会同意。",
    ],
    "tax-withholding": [
        "二手房经纪公司在促成交易后应当代收代缴买卖双方的相关税款。",
        "人力资源服务公司须协助税务部门催缴临时用工人员的个人所得税。",
        "粮食收购点向农户支付粮款时，应当先扣除应缴税费。",
    ],
}

SILENT = [
    # officials' and organs' duties
    "各乡镇主要负责同志要亲自抓，分管负责同志应当具体负责。",
    "执法人员调取证据的，应当出具调取证据通知书。",
    "县市场监管局应当在五个工作日内完成核查。",
    "税务部门发现申报信息有误的，应在十日内告知同级财政部门处理。",
    "登记机关办理注销登记时，应当要求申请人提供清税证明。",
    # bans on wrongful acts, negated measures, anti-designation
    "任何单位和个人不得侵占、挪用、截留防汛资金。",
    "行政机关不得指定申请人购买特定企业的产品。",
    "各部门不得要求企业提供法律法规规定以外的材料。",
    "不得以任何名义向群众摊派费用。",
    # quoted law with its article, rights, encouragement
    "依照《中华人民共和国消防法》第十六条的规定，机关、团体、企业、事业等单位应当配置消防设施和器材。",
    "依照《中华人民共和国大气污染防治法》第七十七条，禁止在人口集中地区露天焚烧秸秆。",
    "任何单位和个人都有权举报盗采砂石的行为。",
    "鼓励快递企业在住宅小区设置智能快件箱。",
    "对代扣代缴单位按规定支付手续费。",
    "税务机关可以依法委托邮政部门代征零散税收。",
    # mentions, restating compliance, amounts owed
    "把禁止野外用火作为森林防火的首要措施。",
    "企业名称应当符合企业名称登记管理的规定。",
    "对个人需缴纳的差额部分，由人社部门推送至税务部门。",
    "涉及群众切身利益的，应当通过听证会等形式听取意见。",
]


@pytest.mark.parametrize(
    "concept,text", [(c, t) for c, ts in CAUGHT.items() for t in ts], ids=lambda v: v[:14] if isinstance(v, str) else v
)
def test_rewording_is_caught(concept, text):
    got = findings(text)
    assert got, f"{concept}: not caught: {text}"
    assert all(f.rule.startswith("OBL") for f in got)


@pytest.mark.parametrize("text", SILENT, ids=lambda v: v[:14])
def test_lawful_or_mentioning_form_is_silent(text):
    got = findings(text)
    assert not got, f"flagged: {text} -> {[(f.rule, f.excerpt) for f in got]}"
