"""Paraphrase tests for the licensing rules (行政许可法 arts 2, 14-17: a normative
document may not set a licence nor add conditions or procedures to one; 国办发〔2018〕37号
一: no licence in the guise of 备案、登记、年检).

Every concept: rewordings written for this test are caught in category
``licensing``; mentioning forms (licences restated with their law and article,
forbidden or removed approvals, organs' own duties, internal sign-off, subsidy
conditions, procedure lists) stay silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def licensing_findings(text: str):
    return _findings_in(text, "licensing")


CAUGHT = {
    "approval-gate": [
        "在湖区开展游船经营的，须报经旗文旅局批准后方可营业。",
        "未经镇人民政府同意，任何单位不得在集镇道路设置摊点。",
        "举办马拉松赛事，主办方应当先取得区体育局的核准；核准后再发布报名公告。",
        "开设电竞酒店前，经营者须经公安分局审核通过，方能接待顾客。",
    ],
    "obtain-licence": [
        "进入老城区送货的三轮车须持有区城管局核发的通行证。",
        "摊贩取得街道颁发的准营证后方可出摊。",
        "开办托管班的，应当先向区教育局提出申请。",
    ],
    "filing-gate": [
        "外地监理企业须到县住建局备案后，方可承揽本县工程。",
        "未在乡镇农经站登记的收购商，不得收购烤烟。",
        "新设汽车租赁网点的，应当先向区交通局办理备案手续。",
    ],
    "added-condition": [
        "申请燃气经营许可的，除法定材料外，还须提交所在街道的同意函。",
        "申请网约车驾驶员证的，同时须具备本市户籍。",
        "从事渣土运输的企业，应自有新型密闭运输车不少于20辆。",
        "申请设立典当行的，注册资本不低于3000万元。",
        "新建住宅项目未按本通知要求配建快递柜的，一律不予竣工验收备案。",
        "开办电竞馆应当具备下列条件：",
    ],
    "added-procedure": [
        "申请临时占道的，须先经街道、交警、城管联合踏勘后，方予受理。",
        "开办养老机构的，经专家评审通过后方可收住老人。",
        "对全县营运的客运三轮车实行年检。",
        "农家乐经乡镇核查无误后，再办理经营登记。",
    ],
    "review-content": [
        "县自然资源局办理用地审批时，对企业的本地纳税情况一并把关。",
        "各审批部门在核发许可过程中，将申请人是否参加行业培训作为审查内容。",
        "区住建局在发放施工许可环节对项目是否使用本地建材做好管控。",
    ],
    "licensing-regime": [
        "对城区内的共享电单车经营实行许可管理。",
        "对收购旧手机的经营户实行准入制度。",
        "将取得社区同意意见作为办理装修许可的前置条件。",
    ],
}

SILENT = [
    # licences restated with their law and article
    "依照《中华人民共和国城乡规划法》第四十条的规定，建设单位应当申请办理建设工程规划许可证。",
    "依照《中华人民共和国道路运输条例》第十条，从事客运经营的，应当取得道路运输经营许可证。",
    # forbidden, removed or qualified approvals and conditions
    "各级审批部门不得在法定条件之外增设许可条件。",
    "取消营运车辆年审，改为企业自主维护。",
    "对依法须经批准的项目，经相关部门批准后方可开展经营活动。",
    "不得将环境影响评价审批作为办理其他手续的前置条件。",
    "各部门在办理许可过程中，不得增加申请材料和审查内容。",
    # organs' own duties and internal sign-off
    "市自然资源局负责建设用地的审批工作。",
    "各乡镇执法中队应配备不少于5名执法人员。",
    "新闻通稿须经秘书长审定后发布。",
    "各区要将本地实施方案报市人民政府批准后组织实施。",
    "资产损失按规定报经批准后予以核销。",
    # subsidy and recognition conditions (not licences)
    "年纳税额达到500万元以上的企业，给予一次性奖励20万元。",
    "申请认定市级工程技术研究中心应当具备以下条件：",
    # applicant's refusal for legal reasons; procedure lists
    "申请人不符合法定条件的，行政机关依法作出不予许可的书面决定。",
    "有下列情形之一的，行政机关应当依法办理有关行政许可的注销手续：（一）行政许可有效期届满未延续的；（二）法人依法终止的。",
]


@pytest.mark.parametrize(
    "concept,text", [(c, t) for c, ts in CAUGHT.items() for t in ts], ids=lambda x: x[:12] if isinstance(x, str) else x
)
def test_caught(concept, text):
    fs = licensing_findings(text)
    assert fs, f"{concept}: not caught: {text}"
    assert all(f.rule.startswith("LIC") for f in fs)


@pytest.mark.parametrize("text", SILENT, ids=lambda x: x[:12])
def test_silent(text):
    fs = licensing_findings(text)
    assert not fs, f"flagged {[f.rule for f in fs]}: {text}"
