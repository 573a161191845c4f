"""Paraphrase tests for the fee rules (价格法 art 47; 财综〔2004〕100号: fee items and
standards are approved at central and provincial level only).

Setting a fee, a fund, a deposit, an apportionment or a price without a named approval,
in wordings written for this test, must be caught in category ``fee``; a fee set by a
named approval with its 文号, exemptions (免收), bans (不得收取), costs borne by the
budget and voluntary donations must stay silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def findings(text: str):
    return _findings_in(text, "fee")


CAUGHT = {
    "fee-with-amount": [
        "进入农贸市场的流动摊贩，由市场服务中心每日收取卫生费10元。",
        "申请临时占用人行道的，按每平方米每天2元缴纳占用费。",
        "景区观光车服务收费标准为每人次15元。",
    ],
    "fee-item": [
        "在水库库区内经营游船的，应当向库区管理站缴纳水域使用费。",
        "外地运输车辆进入矿区的，由矿区管委会收取道路维护费。",
        "参加导游资格培训的人员应当缴纳培训费和教材费。",
    ],
    "deposit": [
        "外地装修企业进入本县承接工程，须预先缴纳20万元履约信誉金。",
        "参加夏令营的学生须预交安全押金300元。",
        "共享电单车运营企业应当向县交通运输局缴存运营保证金。",
    ],
    "apportionment": [
        "村内道路硬化资金由沿路农户按宅基地面积分摊。",
        "各商会要组织会员企业按下达的指标认捐。",
        "对辖区内规模以上企业按年销售额摊派防汛经费。",
    ],
    "price": [
        "城区公共停车场的停放费用由县发展和改革局核定为每小时3元。",
        "全县农贸市场摊位实行政府定价，由县商务局核定收费标准。",
        "县城管局负责对户外广告位使用收费标准进行定价。",
    ],
}

SILENT = [
    "城镇污水处理费按照晋发改收费发〔2019〕88号文件确定的标准收取。",
    "对小微企业一律免收登记费、证照费。",
    "严禁向企业乱收费、乱罚款、乱摊派。",
    "各部门不得收取清单以外的费用。",
    "整治工作所需经费纳入县级财政预算予以保障。",
    "鼓励企业和个人自愿捐赠，支持慈善事业发展。",
    "列入地方定价目录的公用事业价格，由价格主管部门依法制定。",
    "严禁向企业收取没有法律法规依据的保证金，已收取的一律退还。",
]


@pytest.mark.parametrize(
    "concept,text", [(c, t) for c, ts in CAUGHT.items() for t in ts], ids=lambda v: v[:14] if isinstance(v, str) else v
)
def test_rewording_is_caught(concept, text):
    assert findings(text), f"{concept}: not caught: {text}"


@pytest.mark.parametrize("text", SILENT, ids=lambda v: v[:14])
def test_lawful_or_mentioning_form_is_silent(text):
    got = findings(text)
    assert not got, f"flagged: {text} -> {[(f.rule, f.excerpt) for f in got]}"
