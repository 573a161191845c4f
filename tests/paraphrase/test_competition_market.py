"""Paraphrase tests for the fair-competition rules of part B (公平竞争审查条例 arts 8, 10, 11
and the art 12 exception): designating operators, brands or models; exclusivity and
lock-out of rivals; thresholds unrelated to the work; selective benefits; price and
market conduct.

Every concept: rewordings written for this test (other places, organs, verbs, order,
、-lists, the measure split across "；", company names and models recognised by shape)
must be caught in category ``competition``; lawful look-alikes (anti-designation
clauses, open procurement, equal-terms subsidies, art 12 exceptions with purpose and
term, government pricing under 价格法 with its article, development targets) must stay
silent in that category.
"""

import pytest


from tests.paraphrase._common import findings as _findings_in
MINE = {f"CMP{n:03d}" for n in range(50, 100)}



def competition_findings(text: str):
    return _findings_in(text, "competition")


CAUGHT = {
    "designation": [
        "全乡农家乐的燃气灶具须统一向丰源燃气设备有限公司购买。",
        "各幼儿园校车的GPS终端一律安装BD-680型设备。",
        "小区充电桩的建设，由县住建局、县发改局共同指定的企业承担。",
        "河东区老旧小区加装电梯，统一交由安达电梯工程有限公司施工。",
        "县直单位的办公家具优先采购市属国有企业生产的产品。",
        "新建农贸市场的电子秤一律选用“公平”牌计量器具。",
        "各医院的医疗废物由某环保公司负责收集处置。",
        "具有安装资质的单位为华岳消防技术有限公司、鼎力安防科技有限公司。",
        "参训人员须持卧龙农村商业银行的银行卡领取补贴。",
    ],
    "supplier-pool": [
        "乡镇污水管网维护单位从县市政服务商名录库中择优选定。",
        "未入围市级检测机构名单的机构，不得承接本市房屋安全检测业务；",
        "列入区家政服务企业备选库的企业方可承接政府购买服务项目。",
    ],
    "single-provider": [
        "新农合保费由镇农村信用社统一代收，年底一次性上缴。",
        "各商户的经营性垃圾由街道环卫所组织统一收集处置。",
        "城区宾馆、饭店的布草洗涤由县机关服务中心统一配送。",
    ],
    "exclusivity": [
        "在合作期内，管委会不再在园区内引进同类锂电池隔膜企业。",
        "乙方在景区内享有观光车独家经营权。",
        "县城区的户外LED广告由县文旅投资集团独家经营；期限十五年。",
        "特许经营期内，不再审批同类垃圾焚烧项目。",
        "协议到期后，乙方可优先续签运营合同。",
    ],
    "threshold": [
        "参加城区绿化养护项目投标的企业，注册资金不少于1000万元。",
        "申请文旅融合发展补助的企业，上年度主营业务收入须达到3000万元以上。",
        "承接片区开发的企业应为国有控股企业。",
        "申请人应当具备下列条件：（一）资产总额5000万元以上；（二）具有相应资质。",
        "支持范围：获评全国百强物业服务企业的企业。",
    ],
    "agreement-exclusivity": [
        "甲方承诺乙方在合作期内享有城区充电桩的优先投放权和独家运营。",
        "镇政府保证合作企业在全镇范围内优先经营快递末端网点。",
        "甲方在协议有效期内不再引进其他同类冷链物流企业；乙方负责建设运营。",
        "管委会不另行批准同类的光伏运维服务商入园。",
    ],
    "franchise-to-named": [
        "全县城乡供水特许经营权授予县水务投资有限公司，期限三十年。",
        "城区停车泊位由宏达停车管理有限公司特许经营。",
        "明确鼎城环境科技有限公司为县域餐厨垃圾处理特许经营单位。",
        "县城集中供热由热力公司特许经营，期限二十五年。",
    ],
    "market-handed-over": [
        "全县中小学食堂食材配送通过购买服务整体交给县粮油集团有限公司。",
        "各乡镇卫生院之间的影像诊断业务由县远程影像中心统一管理运营。",
        "政府投资建设的社区菜店交县供销合作社统一经营；",
        "街道建成的便民市场移交城发集团运营管理。",
    ],
    "main-undertaker": [
        "以某康养集团为主体承接全区居家养老上门服务。",
        "在养老机构去世的老人，由机构直接通知县殡仪馆接运。",
        "县卫健局协助乙方与辖区内各社区卫生服务中心签订家庭医生服务协议。",
    ],
    "joint-operation": [
        "全区农贸市场、社区菜店实行一体化经营，由区农投公司负责。",
        "将全县校园安保、物业保洁业务统一经营；由县城发集团实施。",
        "引导全县茶叶企业组建联合公司，在产供销各环节统一协作。",
    ],
    "key-firm-tilt": [
        "财政奖补资金向市级龙头企业倾斜。",
        "同等条件下，技改资金申报优先支持“链主”企业。",
        "加大对县级重点培育企业的政策倾斜支持力度。",
        "对入选白名单企业按设备投资额的5%给予补助。",
    ],
    "pool-only": [
        "各单位委托审计业务只能从区中介机构名录库中选取。",
        "列入诚信红名单的家政企业，在政府购买养老服务时予以优先考虑。",
        "装修工程限定从推荐名单中选择施工企业。",
    ],
    "tax-linked": [
        "对新落户的金融机构，按其实缴企业所得税县级留成部分的50%给予奖励。",
        "企业年度入库税收达到2000万元的，给予一次性奖励50万元。",
        "补助标准为企业上年度实际缴纳增值税的10%。",
        "对入驻孵化器的企业，税收实行先征后返；返还期限三年。",
    ],
    "selective-subsidy": [
        "对规模以上物流企业，运输量每增长20%给予3万元奖补。",
        "对纳入拟上市企业资源库的入库企业，给予中介费用补助。",
        "区级科技扶持资金重点向培育库内企业倾斜。",
        "对华创光电股份有限公司给予一事一议支持，实行特殊政策。",
    ],
    "cost-preference": [
        "对总部落户的企业，土地出让金实行先征后返。",
        "入园企业的城市基础设施配套费减半收取。",
        "列入省级重点的风电项目，森林植被恢复费按标准的30%征收。",
    ],
    "price": [
        "全县殡葬服务统一执行每场6000元的收费标准，各殡仪服务企业不得低价竞争。",
        "城区洗车行的洗车服务价格不得低于每次30元。",
        "各民宿执行镇旅游协会制定的行业自律价；旺季上浮幅度不得超过20%。",
        "由县商务局组织各加油站统一报价。",
        "将城区划分为东西两个片区，分别由两家公司负责供应桶装水。",
        "园区企业使用标准厂房享受协议价。",
    ],
}

SILENT = [
    # anti-designation, negated measures
    "行政机关不得指定或者变相指定经营者提供的商品和服务。",
    "不得以名录库、备选库等方式限定经营者。",
    "严禁授予经营者独家经营权，不得签订排他性协议。",
    "不得设置与项目无关的注册资本、营业收入等门槛。",
    "全面清理违规出台的财政返还、先征后返政策。",
    "严禁行业协会组织会员统一价格、划分市场。",
    # open procurement by law
    "城区环卫作业服务依照《中华人民共和国政府采购法》第二十六条的规定，通过公开招标方式确定。",
    "物业服务企业由业主大会自主选择。",
    "中标供应商应当按照合同约定履行义务。",
    "居民可自愿选择农商银行、邮储银行等网点缴纳医保费。",
    "各单位办公用品由本单位通过政府采购统一采购。",
    # equal-terms subsidies, art 12 exceptions, non-selective wording
    "对符合条件的各类经营者，按照公开、统一的标准给予技术改造补助。",
    "对重点项目实行顶格服务、一事一议协调解决用地问题。",
    "为保护环境，对规模以上企业实施超低排放改造给予补贴，实施期限至2026年12月31日。",
    "小微企业按照国家规定享受行政事业性收费减免政策。",
    # government pricing with its basis; lawful bans
    "依照《中华人民共和国价格法》第十八条的规定，城市供水价格实行政府定价。",
    "经营者不得以低于成本的价格倾销商品，不得哄抬价格。",
    "医疗服务收费按照价格主管部门核定的项目和标准收取。",
    # officials' duties, targets, statistics, generic organisational forms
    "各部门指定专人负责公平竞争审查工作。",
    "力争到2027年全县规模以上工业企业营业收入突破500亿元。",
    "做好规模以上工业企业统计监测工作。",
    "经营性文化事业单位转制为企业，依法登记为有限责任公司或股份有限公司。",
    "支持农机合作社等服务组织改善生产条件。",
    "推荐单位应当及时审核专家信息。",
    "依法保护农户的土地承包经营权。",
    "不再审批新增钢铁、水泥产能项目。",
    # key enterprises named by the state, open support, franchise chosen by tender, own services
    "加大对国家文化出口重点企业和项目的扶持力度。",
    "鼓励龙头企业带动农户发展特色种植。",
    "培育一批资源综合利用骨干企业。",
    "城市供水特许经营者通过公开招标方式选择，特许经营权授予中标人。",
    "政务服务事项由区政务服务中心统一受理。",
    "不得授予经营者特许经营权以外的独家经营权。",
    "对纳入守信红名单的企业，在行政审批中实行容缺受理。",
    "甲方负责协调项目用地，乙方负责项目建设运营。",
    "对全县农村集体经营性资产实行统一经营管理。",
    "鼓励农户以土地经营权入股合作社统一经营。",
    "支持企业与高校、科研院所签订产学研合作协议。",
    "组建以企业为主体的创新联合体。",
    "管道燃气特许经营由县住建局依照《市政公用事业特许经营管理办法》第八条的规定通过招标方式选择经营者。",
    "市场监管部门协助经营者与消费者达成和解协议。",
]


@pytest.mark.parametrize(
    "concept,text", [(c, t) for c, ts in CAUGHT.items() for t in ts], ids=lambda x: x[:24] if isinstance(x, str) else x
)
def test_caught(concept, text):
    fs = competition_findings(text)
    assert fs, f"{concept}: not caught: {text}"
    assert any(f.rule in MINE for f in fs), f"{concept}: caught only by {[f.rule for f in fs]}: {text}"


@pytest.mark.parametrize("text", SILENT, ids=lambda x: x[:24])
def test_silent(text):
    fs = competition_findings(text)
    assert not [f for f in fs if f.rule in MINE], f"flagged {[f.rule for f in fs]}: {text}"
