"""Paraphrase tests for the certificate rules (国办发〔2018〕47号: no 证明事项 without a
law or regulation; 国办发〔2018〕37号 一: no 循环证明、重复证明、无谓证明; 国办发〔2020〕42号:
告知承诺 replaces proofs).

Every concept: rewordings written for this test are caught in category
``certificate``; mentioning forms (removed or replaced proofs, an organ's own duty to
issue a document, proofs named by a cited law with its article, duties of sellers to
buyers) stay silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def certificate_findings(text: str):
    return _findings_in(text, "certificate")


CAUGHT = {
    "third-party-proof": [
        "申请公租房的家庭，须提交所在街道开具的住房困难证明。",
        "在校学生申领助学补助，应当附学校盖章的在读证明。",
        "参加乡村医生招聘的，报名时提供原籍派出所出具的无违法记录证明。",
        "领取遗属补助的，由户籍所在地村（居）委会出具亲属关系证明。",
        "定居境外的退休人员，每年应当提供驻外使领馆或者当地公证机关出具的生存证明文件。",
        "经营户申请延期的，须经所在社区居委会盖章确认；逾期不予办理。",
    ],
    "require-proof": [
        "申请创业补贴的，应当提交场地租赁证明材料。",
        "老年人凭户籍证明和照片到镇便民服务中心办理敬老卡。",
        "办理车辆过户，车主须出示车辆来历证明。",
        "报考协管员的，另须提供无犯罪记录证明、婚姻状况证明。",
        "申报人应当提交近两年的完税证明；材料不全的不予受理。",
        "火化遗体，须持医疗机构出具的死亡证明。",
    ],
    "organ-demands-proof": [
        "区人社局应当要求申请人提供原单位的离职证明。",
        "受理窗口应当要求经营者补交所在商会的推荐信。",
        "县医保局要求参保人提交居住地的居住证明后，方予报销。",
    ],
    "clearance-precondition": [
        "新开办的民宿经公安、消防部门联合检查合格后，市场监管部门方可为其办理营业执照。",
        "取得街道办事处出具的同意意见，作为办理户外广告设置许可的前提。",
        "新建小区经物业主管部门验收合格后，方可办理不动产首次登记手续。",
    ],
}

SILENT = [
    # removed, replaced or forbidden proofs
    "对居住情况、亲属关系等事项推行告知承诺制，不再要求群众提交证明。",
    "能够通过部门间数据共享获取的证明材料，不得要求申请人重复提交。",
    "各单位不得要求群众到村（居）委会开具无犯罪记录证明。",
    "取消申请人户籍所在地派出所出具的无违法证明。",
    "列入告知承诺清单的事项，申请人可以自主选择提供证明材料或者作出书面承诺。",
    # an organ's own duty to issue a document
    "执法人员调取证据的，应当出具调取证据通知书。",
    "行政机关扣押财物的，应当当场交付扣押决定书和清单。",
    # proofs required by a cited law with its article; statutory proofs
    "依照《中华人民共和国母婴保健法》第二十三条，医疗保健机构应当为新生儿出具出生医学证明。",
    "依照《中华人民共和国税收征收管理法实施细则》第十五条，纳税人注销登记前应当向税务机关提交清税证明。",
    "登记机关办理企业注销登记时，应当要求申请人提供税务机关出具的清税证明。",
    # identity papers, sellers to buyers, truthfulness of material
    "申请人提交身份证明和营业执照复印件。",
    "经营者应当向消费者出具购货凭证或者服务单据。",
    "申请人应当对所提交证明材料的真实性负责。",
    # procedure lists
    "有下列情形之一的，不予受理：（一）申请材料不齐全的；（二）出具虚假证明的。",
]


@pytest.mark.parametrize(
    "concept,text", [(c, t) for c, ts in CAUGHT.items() for t in ts], ids=lambda x: x[:12] if isinstance(x, str) else x
)
def test_caught(concept, text):
    fs = certificate_findings(text)
    assert fs, f"{concept}: not caught: {text}"
    assert all(f.rule.startswith("CER") for f in fs)


@pytest.mark.parametrize("text", SILENT, ids=lambda x: x[:12])
def test_silent(text):
    fs = certificate_findings(text)
    assert not fs, f"flagged {[f.rule for f in fs]}: {text}"
