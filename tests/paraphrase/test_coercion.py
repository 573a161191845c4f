"""Paraphrase tests for the coercion rules (行政强制法 art 9 measures, art 12 means;
arts 10, 11, 13 on who may set them; art 43 on 停水停电).

Every concept: rewordings written for this test must be caught in category
``coercion``; mentioning forms (procedure lists, officials' duties, time limits and
release of a measure, quoted law with its article, negated measures, applications to
the court) must stay silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def coercion_findings(text: str):
    return _findings_in(text, "coercion")


CAUGHT = {
    "seizure": [
        "对无证加工的豆制品作坊，由市场监管所予以查封，扣押其生产设备。",
        "发现违规运输渣土的车辆，城管执法人员可以暂扣车辆。",
        "对检查中发现的不合格电动车，执法人员可以先行封存。",
        "对违规停放的共享单车，由街道办事处拖至指定地点集中存放。",
        "对拒不停止施工的，县水务局可以将施工机械扣留。",
        "违反前款规定的，对违规饲养的犬只可以予以扣押。",
    ],
    "freeze": [
        "涉嫌非法吸收公众存款的，冻结涉案企业及其实际控制人名下的银行账户。",
        "拒不缴纳的，社保经办机构可以冻结其存款。",
        "对转移资产的，由金融办冻结其在本地金融机构开立的资金账户。",
    ],
    "restrict-liberty": [
        "对拒不配合调查的人员，稽查人员可予以留置十二小时。",
        "在征收现场阻挠施工的人员，由社区组织人员将其带离现场并集中看管。",
        "在接待大厅滞留不走的，由保安人员强制带离。",
        "欠缴物业费的业主，可以限制其出境。",
    ],
    "enforcement": [
        "逾期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。",
        "逾期未缴纳污水处理费的，按日加收千分之五的滞纳金。",
        "当事人逾期不自行拆除的，由镇人民政府组织强制拆除，费用由当事人承担。",
        "逾期不清理河道障碍物的，由水务站代为清除。",
        "拒不履行的，由行业主管部门代履行，费用由违法行为人承担。",
        "逾期未缴纳的，从其银行账户中直接扣划。",
        "拒不恢复植被的，由林草部门组织强制恢复原状。",
    ],
    "utility-cut": [
        "对逾期未腾退的商户，一律采取停水、停电措施。",
        "拒不缴纳市场管理费的摊位，由市场服务中心暂停供电直至缴清。",
        "拒不整改的小作坊，由供电公司对其停止供电。",
    ],
    "blanket-demolition": [
        "对国道沿线的违章搭建一律拆除。",
        "河道管理范围内违规设置的网箱于年底前全部清除。",
        "景区周边私搭乱建的棚屋要坚决予以取缔。",
    ],
    "bare-yifa-still-sets": [
        "对拒不缴纳污水处理费的洗车店，由水务部门依法查封其经营场所。",
        "违法搭建的彩钢棚，由镇人民政府依法予以强制拆除。",
        "拒不停止违法采砂的，水利站可以依法扣押采砂船只。",
    ],
    "measure-split-across-parts": [
        "未经许可从事客运的，由交通运输局责令停止经营；拒不停止的，可以扣押其车辆。",
        "违反本办法第八条规定的，责令限期改正；逾期不改正的，由城管部门强制拆除。",
    ],
}

SILENT = {
    "restated-with-law-and-article": [
        "对不符合食品安全标准的食品，依照《中华人民共和国食品安全法》第一百一十条的规定查封、扣押。",
        "依照《中华人民共和国城乡规划法》第六十八条的规定，县级以上地方人民政府可以责成有关部门采取查封施工现场、强制拆除等措施。",
        "依照《中华人民共和国税收征收管理法》第三十八条的规定，税务机关可以书面通知银行冻结纳税人的存款；逾期仍未缴纳的，可以扣押其商品、货物。",
        "海关可以按照《中华人民共和国海关法》第六十条的规定采取强制措施。",
    ],
    "procedure-lists-and-officials-duties": [
        "下列执法行为应当全程音像记录：（一）查封场所、设施的；（二）扣押财物的。",
        "执法人员扣押财物的，应当当场交付扣押决定书和清单。",
        "执法人员查封场所的，应当制作现场笔录。",
        "查封、扣押的期限不得超过三十日。",
        "对违法行为人处以罚款、暂扣机动车驾驶证的，应当适用一般程序。",
    ],
    "negated-released-or-court": [
        "各执法部门不得随意查封、扣押企业正常经营的财物。",
        "行政机关不得对居民生活采取停止供水、供电的方式迫使当事人履行。",
        "当事人逾期不履行的，作出决定的机关依法申请人民法院强制执行。",
        "对已查明与违法行为无关的财物，应当及时解除扣押。",
    ],
    "look-alike-words": [
        "供水企业因管网检修需要停止供水的，应当提前二十四小时通知用户。",
        "严格执行机动车强制报废标准。",
        "危险化学品应当密封存放、专人保管。",
        "受送达人拒绝签收的，送达人可以采用留置送达。",
        "考试结束后，试卷由教育局统一封存。",
        "对违规出台的规范性文件全部予以清理。",
    ],
}


@pytest.mark.parametrize("text", [t for ts in CAUGHT.values() for t in ts])
def test_coercion_rewordings_caught(text):
    found = coercion_findings(text)
    assert found, f"coercion not caught: {text}"
    assert all(f.rule.startswith("COE") for f in found)


@pytest.mark.parametrize("text", [t for ts in SILENT.values() for t in ts])
def test_coercion_mentions_silent(text):
    found = coercion_findings(text)
    assert not found, f"coercion falsely flagged ({[f.rule for f in found]}): {text}"


def test_bare_yifa_is_the_unstated_basis_warning():
    found = coercion_findings("违法搭建的彩钢棚，由镇人民政府依法予以强制拆除。")
    assert [f.rule for f in found] == ["COE004"]
    assert found[0].severity == "warning"


def test_finding_on_the_measure_span():
    text = "对未办理登记的运输车辆，由交通执法大队予以扣押。"
    found = coercion_findings(text)
    assert len(found) == 1 and found[0].rule == "COE001"
    assert text[found[0].offset:found[0].end_offset] == "扣押"
