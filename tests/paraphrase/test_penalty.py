"""Paraphrase tests for the penalty rules (行政处罚法 art 9 kinds; arts 10–16 on who may set them).

Every concept: rewordings written for this test (other places, organs, verbs, order,
、-lists, the sanction split across "；", the basis in another part) must be caught in
category ``penalty``; mentioning or lawful forms (procedure rules, officials' duties,
the sanction restated with its law and article, generic deferrals, internal
accountability) must stay silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def penalty_findings(text: str):
    return _findings_in(text, "penalty")


CAUGHT = {
    "fine": [
        "在湖区垂钓区外擅自捕鱼的，由渔政站处以三百元罚款。",
        "占用盲道停放车辆的，可以由交警大队对驾驶人处二百元以上五百元以下的罚款。",
        "经营者未明码标价的，责令改正；拒不改正的，处五千元罚款。",
        "未按规定张贴禁烟标识的，对经营单位罚款一千元。",
        "擅自占用绿地的，按照占用面积每平方米处二十元罚款。",
    ],
    "confiscation": [
        "无证销售烟花爆竹的，没收其全部烟花爆竹。",
        "对无照收购旧手机的摊点，由市场监管所收缴其违法所得。",
        "在禁渔期捕捞的，渔政部门可以没收渔船、渔网和渔获物。",
    ],
    "licence-sanction": [
        "一年内两次发生食品安全事故的餐馆，吊销其食品经营许可证。",
        "驾驶员拒载三次以上的，由客运管理所暂扣其从业资格证三个月。",
        "发生重大质量事故的监理单位，由住建委降低其资质等级。",
        "拒不整改的，责令停业整顿；仍不改正的，由发证部门收回其经营许可证。",
    ],
    "business-restriction": [
        "多次超标排放的砂石场，由区生态环境分局责令停产整治。",
        "违规接送学生的校车运营企业，两年内不得在本县承接学生接送业务。",
        "对无证办学的机构一律予以取缔。",
        "存在重大隐患拒不整改的烟花爆竹仓库，责令关闭。",
        "对违规收费的停车场经营者，暂停其经营三个月。",
    ],
    "detention": [
        "阻挠测量人员进场的，由公安派出所予以拘留。",
        "在集市强买强卖的，处十日以下行政拘留。",
        "殴打执法人员的，可以给予拘留处罚。",
    ],
    "warning-criticism": [
        "商铺违规摆放招牌的，由城管中队给予警告。",
        "对不按规定分类投放垃圾的物业企业，在全区范围内通报批评。",
        "网吧接纳未成年人的，予以通报批评，并记入信用档案。",
        "违反规定的，由教育局责令改正，可以通报批评、给予警告。",
    ],
    "credit-sanction": [
        "对拒不支付货款的采购企业，列入黑名单并在政府网站公布。",
        "对违规倾倒渣土的运输公司，在市电视台点名通报。",
        "围标串标的投标人，三年内不得参与本市国有资金投资项目投标。",
        "对多次违规的中介机构实施多部门联合惩戒。",
        "对占用消防通道的车主，公开其姓名和车牌号并予以曝光。",
    ],
    "basis-in-other-part-does-not-cover-unrelated-measure": [
        "违反本办法第十条规定的，由镇人民政府责令改正；逾期未改正的，处二千元罚款。",
        "违反本规定第五条的，没收违法所得；情节严重的，吊销其营业执照。",
    ],
    "bare-yifa-still-sets": [
        "对拒不停止违规排污的养殖场，由县生态环境局依法责令关闭。",
        "在林区违规用火的，林业部门可以依法处五百元罚款。",
        "对屡次超载的货运车辆驾驶人，依法暂扣其驾驶证。",
    ],
}

SILENT = {
    "restated-with-law-and-article": [
        "违反本办法规定的，依照《中华人民共和国大气污染防治法》第一百一十九条的规定处罚。",
        "擅自采砂的，依照《中华人民共和国河道管理条例》第四十四条的规定没收违法所得，并处罚款。",
        "拒不改正的，由原发证机关依照《中华人民共和国建筑法》第六十五条的规定降低资质等级。",
        "依照《中华人民共和国安全生产法》第一百一十三条的规定，责令停产停业整顿；情节严重的，予以关闭。",
    ],
    "basis-in-earlier-part": [
        "依照《中华人民共和国食品安全法》第一百二十二条的规定，由市场监管部门没收违法所得；违法生产经营的食品货值金额不足一万元的，并处五万元以上十万元以下罚款。",
        "按照《中华人民共和国矿产资源法》的规定，对无证开采的，给予吊销采矿许可证等行政处罚。",
        "违反规定的，依照有关法律、行政法规的规定予以处罚；构成犯罪的，依法追究刑事责任。",
    ],
    "generic-deferral": [
        "对违反本通知的行为，由有关部门依法予以处理。",
        "对拒不配合的，将依法追究其法律责任。",
        "加强执法监督，依法处罚违法行为。",
    ],
    "procedure-and-officials-duties": [
        "执法部门作出罚款决定前，应当告知当事人陈述、申辩的权利。",
        "对当事人处以二千元以上罚款、吊销许可证件的，应当适用一般程序。",
        "当场收缴罚款的，执法人员应当出具专用票据。",
        "作出责令停产停业决定前，应当告知当事人有要求听证的权利。",
        "下列执法决定应当经过法制审核：（一）吊销许可证件的；（二）处以较大数额罚款的。",
    ],
    "negated-or-removed": [
        "各执法部门不得以罚代管，严禁下达罚款指标。",
        "行政机关不得没收当事人的合法财产。",
        "环保督查中不得对合规企业采取一刀切式关停。",
        "不得将一般合同违约行为列入失信名单。",
    ],
    "internal-accountability": [
        "对工作推进不力的县（市、区）予以通报批评。",
        "对考核排名末位的责任单位及其主要负责人进行通报批评，并严肃问责。",
        "对年度考核不合格的乡镇予以公开通报。",
        "加快信用平台建设，为开展联合惩戒创造条件。",
        "对抽查发现的失信行为依法依规实施联合惩戒。",
        "降低市场主体准入门槛，压缩企业开办时间。",
    ],
}


@pytest.mark.parametrize("text", [t for ts in CAUGHT.values() for t in ts])
def test_penalty_rewordings_caught(text):
    found = penalty_findings(text)
    assert found, f"penalty not caught: {text}"
    assert all(f.rule.startswith("PEN") for f in found)


@pytest.mark.parametrize("text", [t for ts in SILENT.values() for t in ts])
def test_penalty_mentions_silent(text):
    found = penalty_findings(text)
    assert not found, f"penalty falsely flagged ({[f.rule for f in found]}): {text}"


def test_bare_yifa_is_the_unstated_basis_warning():
    found = penalty_findings("对拒不停止违规排污的养殖场，由县生态环境局依法责令关闭。")
    assert [f.rule for f in found] == ["PEN008"]
    assert found[0].severity == "warning"


def test_one_finding_per_provision_on_the_measure_span():
    text = "擅自经营网约车的，暂扣其驾驶证，没收违法所得，并处一万元罚款。"
    found = penalty_findings(text)
    assert len(found) == 1
    span = text[found[0].offset:found[0].end_offset]
    assert span.startswith("暂扣") and "驾驶证" in span
