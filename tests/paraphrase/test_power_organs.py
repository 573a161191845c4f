"""Paraphrase tests for the power rules (an organ's powers come from law: 国办发〔2018〕115号 六)
and the organs rules (matters of 党委、人大、法院、检察院、监察机关: 朔政办发〔2019〕40号 五).

Rewordings written for this test — other departments, other businesses, other verbs, a
、-list — must be caught in their category; an enforcement organ doing its own work, a
department only assisting, its own system's facilities, asking a court (申请人民法院),
or mentioning 人大代表 while giving no order to the congress must stay silent.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in



def findings(text: str, category: str):
    return _findings_in(text, category)


CAUGHT = {
    # a department without enforcement power removing or closing businesses' property
    ("power", "sector-enforcement"): [
        "区文化和旅游局负责网吧、影院等娱乐场所违规灯箱的拆除。",
        "县工信局牵头负责对小型加工企业违规搭建棚屋的拆除工作。",
        "市科技局负责孵化器内入驻公司违规广告牌的清除。",
        "由县民政局负责对经营性公墓企业违规建设设施的取缔。",
    ],
    ("power", "delegate"): [
        "将渣土运输车辆的准运证核发工作委托给市渣土运输协会办理。",
        "城区门店招牌的日常检查工作交由物业公司负责实施。",
        "把电动车登记工作委托给电动车经销企业办理。",
    ],
    ("power", "shed-duty"): [
        "因申报材料不实造成的后果，受理部门不承担任何责任。",
        "项目用地权属由申请人自行核查，窗口只作形式审查。",
        "实行承诺制后，主管部门不再履行日常监管职责。",
    ],
    ("organs", "court-procuratorate"): [
        "县人民法院要对涉及农民工工资的案件优先立案。",
        "区人民检察院应当在七日内对移送案件作出决定。",
        "各级人民法院在审理涉企纠纷时，不得查封企业正常生产设备。",
    ],
    ("organs", "congress-supervision"): [
        "县人大常委会要组织人大代表对本办法的落实情况开展视察。",
        "市人大常委会应当将各部门办理人大代表建议的情况纳入专题询问。",
        "区监察委员会对未完成任务的部门负责人，一律予以立案调查。",
    ],
    ("organs", "party"): [
        "县委宣传部负责组织媒体对违法排污企业进行曝光。",
        "市委组织部要将本项工作纳入领导班子年度考核。",
        "区委政法委牵头对本办法的执行情况开展督查。",
    ],
}

SILENT = [
    ("power", "市城市管理局负责城区违法建设的拆除。"),
    ("power", "市商务局配合城管部门做好商场户外广告整治工作。"),
    ("power", "区卫生健康委负责本系统所属医院院墙拆除工作的组织实施。"),
    ("power", "不得将行政许可事项委托给企业实施。"),
    ("power", "通过政府购买服务方式委托第三方机构开展绩效评价。"),
    ("power", "有关部门不得以任何理由推诿扯皮、转嫁责任。"),
    ("organs", "当事人逾期不履行的，行政机关依法申请人民法院强制执行。"),
    ("organs", "税务部门要加强与人民法院、人民检察院的沟通协作。"),
    ("organs", "认真办理人大代表建议和政协委员提案。"),
    ("organs", "各承办单位要在三个月内答复人大代表和政协委员。"),
    ("organs", "对违纪违法的公职人员，移送纪检监察机关处理。"),
    ("organs", "在县委、县政府统一领导下，各部门分工负责。"),
]


@pytest.mark.parametrize(
    "key,text", [(k, t) for k, ts in CAUGHT.items() for t in ts], ids=lambda v: v[:14] if isinstance(v, str) else "-".join(v)
)
def test_rewording_is_caught(key, text):
    category, concept = key
    assert findings(text, category), f"{concept}: not caught in {category}: {text}"


@pytest.mark.parametrize("category,text", SILENT, ids=lambda v: v[:14])
def test_lawful_or_mentioning_form_is_silent(category, text):
    got = findings(text, category)
    assert not got, f"flagged: {text} -> {[(f.rule, f.excerpt) for f in got]}"
