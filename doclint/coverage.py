"""Coverage of the content review items by the bundled content rules.

Every item the content rulesets must cover (the kinds of clause the law forbids a
normative document to set) is listed below with its legal source, the rules meant
to catch it and a probe sentence written for this table.  An item is *covered*
when at least one of its rules exists and fires on the probe.

    python -m doclint.coverage            # rewrite docs/coverage.md
    python -m doclint.coverage --check    # exit 1 if the table is stale or an item is uncovered
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "coverage.md"

CONTENT_PREFIXES = ("LIC", "PEN", "COE", "FEE", "CER", "OBL", "POW", "ORG", "CMP", "CON", "CFL")


@dataclass(frozen=True)
class Item:
    group: str
    item: str
    source: str
    rules: tuple[str, ...]
    probe: str


ITEMS: tuple[Item, ...] = (
    # -- 行政许可 ------------------------------------------------------------------
    Item("行政许可", "设定行政许可、审批（须经批准方可从事）", "行政许可法第十七条", ("LIC001", "LIC006"),
         "在城区开办室内游乐场所的，须经市文旅局批准后方可营业。"),
    Item("行政许可", "未经批准不得从事、须持有许可证件", "行政许可法第十四条、第十七条", ("LIC001", "LIC002"),
         "未经县林业局同意，任何单位不得在林区内开设农家乐。"),
    Item("行政许可", "以备案、登记、注册作为从事活动的前提（变相许可）", "行政许可法第十七条", ("LIC003",),
         "废旧电池回收网点须到市生态环境局登记后，方可开展回收业务。"),
    Item("行政许可", "前置审批、前置条件", "行政许可法第十六条、第十七条", ("LIC003", "LIC006"),
         "将消防部门出具的意见作为办理营业执照的前置条件。"),
    Item("行政许可", "增加行政许可条件", "行政许可法第十六条；国办发〔2018〕37号（一）", ("LIC004", "LIC007"),
         "申请旅馆业特种行业许可的，还应当提交所在社区出具的推荐意见。"),
    Item("行政许可", "增加行政许可程序或环节", "行政许可法第十六条；国办发〔2018〕37号（一）", ("LIC005", "LIC001"),
         "新开办的洗浴场所，须先征得所在街道同意后方可申请许可。"),
    # -- 行政处罚（行政处罚法第九条） -------------------------------------------------
    Item("行政处罚", "警告", "行政处罚法第九条第（一）项、第十六条", ("PEN006",),
         "乱贴小广告的，由城管部门给予警告。"),
    Item("行政处罚", "通报批评", "行政处罚法第九条第（一）项、第十六条", ("PEN006",),
         "对超载运输的货运企业，在全市范围内通报批评。"),
    Item("行政处罚", "罚款", "行政处罚法第九条第（二）项、第十六条", ("PEN001", "PEN008"),
         "在禁烟场所吸烟的，处五十元罚款。"),
    Item("行政处罚", "没收违法所得、没收非法财物", "行政处罚法第九条第（二）项、第十六条", ("PEN002",),
         "无证销售烟花爆竹的，没收违法所得和非法财物。"),
    Item("行政处罚", "暂扣许可证件、降低资质等级、吊销许可证件", "行政处罚法第九条第（三）项、第十六条", ("PEN003",),
         "发生安全事故的物业服务企业，吊销其营业执照。"),
    Item("行政处罚", "限制开展生产经营活动、责令停产停业、责令关闭", "行政处罚法第九条第（四）项、第十六条", ("PEN004",),
         "油烟超标排放的餐馆，责令停业整顿。"),
    Item("行政处罚", "限制从业", "行政处罚法第九条第（四）项、第十六条", ("PEN004",),
         "弄虚作假的评估人员，五年内不得从事资产评估业务。"),
    Item("行政处罚", "行政拘留", "行政处罚法第九条第（五）项、第十条", ("PEN005",),
         "冲击施工现场的，由公安机关予以拘留。"),
    Item("行政处罚", "联合惩戒、黑名单、失信名单", "行政处罚法第二条、第十六条", ("PEN007",),
         "对恶意拖欠工程款的企业，列入黑名单实施联合惩戒。"),
    Item("行政处罚", "公开曝光等类处罚惩戒", "行政处罚法第二条、第十六条", ("PEN007",),
         "对违规排污的企业在电视台公开曝光。"),
    # -- 行政强制（行政强制法第九条、第十二条） ----------------------------------------
    Item("行政强制", "限制公民人身自由", "行政强制法第九条第（一）项、第十条", ("COE002",),
         "对拒不配合调查的人员，可以强制带离现场。"),
    Item("行政强制", "查封场所、设施或者财物", "行政强制法第九条第（二）项、第十条", ("COE001", "COE004"),
         "对非法加工点，由乡镇人民政府予以查封。"),
    Item("行政强制", "扣押财物", "行政强制法第九条第（三）项、第十条", ("COE001", "COE004"),
         "对无证运输的车辆，执法人员可以扣押。"),
    Item("行政强制", "冻结存款、汇款", "行政强制法第九条第（四）项、第十条", ("COE001", "COE004"),
         "对欠缴款项的企业，可以冻结其银行账户。"),
    Item("行政强制", "其他强制措施（封存、暂扣、扣留、登记保存）", "行政强制法第九条第（五）项、第十条", ("COE001", "COE004"),
         "对来源不明的农资产品，可以先行登记保存。"),
    Item("行政强制", "加处罚款或者滞纳金", "行政强制法第十二条第（一）项、第十三条", ("COE003",),
         "逾期未缴纳占道费的，每日加收千分之五的滞纳金。"),
    Item("行政强制", "划拨存款、汇款", "行政强制法第十二条第（二）项、第十三条", ("COE003",),
         "逾期不缴纳的，由财政部门直接划拨其存款。"),
    Item("行政强制", "拍卖或者处理查封、扣押的财物", "行政强制法第十二条第（三）项、第十三条", ("COE003",),
         "逾期不接受处理的，对扣押的车辆予以拍卖。"),
    Item("行政强制", "排除妨碍、恢复原状", "行政强制法第十二条第（四）项、第十三条", ("COE003",),
         "拒不改正的，由城管部门组织强制恢复原状。"),
    Item("行政强制", "代履行", "行政强制法第十二条第（五）项、第十三条", ("COE003",),
         "逾期不清理的，由环卫部门代为清理，费用由当事人承担。"),
    Item("行政强制", "其他强制执行（强制拆除、停水停电等）", "行政强制法第十二条第（六）项、第十三条",
         ("COE003", "COE005"), "对拒不搬迁的经营户，由供电企业停止供电。"),
    # -- 行政征收、收费 ---------------------------------------------------------------
    Item("行政收费", "设立收费项目或确定收费标准", "价格法第四十七条；财综〔2004〕100号 第四条", ("FEE001", "FEE002"),
         "进入夜市经营的摊点，每晚收取管理费10元。"),
    Item("行政收费", "设立政府性基金", "财综〔2010〕80号 第三条", ("FEE002",),
         "向辖区内建设项目征收城市发展基金。"),
    Item("行政收费", "保证金、押金", "价格法第四十七条；行政许可法第五十八条", ("FEE003",),
         "承接物业服务项目的企业须缴纳履约风险金。"),
    Item("行政收费", "摊派", "价格法第四十七条；立法法第十一条", ("FEE004",),
         "节日亮化费用向沿街商户摊派。"),
    Item("行政收费", "集资", "价格法第四十七条；立法法第十一条", ("FEE004",),
         "学校校舍维修所需资金向学生家长集资解决。"),
    Item("行政收费", "强制赞助、捐赠", "价格法第四十七条；立法法第十一条", ("FEE004",),
         "各商会要按下达的指标组织会员企业捐款。"),
    Item("行政收费", "政府定价、收费标准的制定", "价格法第十九条、第四十七条", ("FEE005",),
         "城区出租汽车运价实行政府定价，由市交通局核定收费标准。"),
    # -- 证明事项 --------------------------------------------------------------------
    Item("证明事项", "要求到村（居）委会、单位等开具证明", "国办发〔2018〕47号；国办发〔2018〕37号（一）", ("CER001",),
         "申请廉租房须提交街道出具的无房证明。"),
    Item("证明事项", "要求提交法律法规未规定的证明", "国办发〔2018〕47号；国办发〔2018〕37号（一）", ("CER002", "CER004"),
         "申请人须提供近一年的个人收入证明。"),
    Item("证明事项", "以其他部门的检查结论、意见作为办事前提（循环证明）", "国办发〔2018〕47号；国办发〔2018〕37号（一）",
         ("CER003",), "经卫健部门检查合格后，市场监管部门方可为其办理营业执照。"),
    # -- 减损权益、增加义务 ------------------------------------------------------------
    Item("减损权益/增加义务", "无依据的禁止性规定", "国办发〔2018〕115号（六）；立法法第九十三条", ("OBL001",),
         "禁止在城区街道两侧摆摊设点。"),
    Item("减损权益/增加义务", "无依据增加公民义务", "国办发〔2018〕115号（六）；立法法第九十三条", ("OBL002",),
         "全体市民必须每月参加一次义务植树。"),
    Item("减损权益/增加义务", "给村（居）民委员会派定任务和费用", "国办发〔2018〕115号（六）", ("OBL003",),
         "各居委会要自行承担楼道照明改造费用。"),
    Item("减损权益/增加义务", "给行业协会商会、物业服务企业派定义务", "国办发〔2018〕115号（六）；优化营商环境条例第六十四条",
         ("OBL007",), "物业服务企业应当为小区免费安装充电桩。"),
    Item("减损权益/增加义务", "限制财产权（拆除、更换合法设施）", "国办发〔2018〕37号（一）", ("OBL004", "OBL010"),
         "沿街商铺的遮阳篷一律拆除。"),
    Item("减损权益/增加义务", "以停止办理、停止供应等挂钩限制权益", "国办发〔2018〕115号（六）", ("OBL005",),
         "拒不配合入户调查的家庭，不予办理低保。"),
    Item("减损权益/增加义务", "溯及既往的负担", "国办发〔2018〕115号（六）；立法法第九十三条", ("OBL006",),
         "本办法施行前已开业的网吧，也应当按照本办法补办手续。"),
    Item("减损权益/增加义务", "强制购买、安装或承担费用", "优化营商环境条例第六十四条", ("OBL008",),
         "强制要求出租车安装指定型号的计价器。"),
    Item("减损权益/增加义务", "限制查阅、申请、投诉、选择等权利", "国办发〔2018〕37号（一）；立法法第九十三条", ("OBL011",),
         "业主查阅物业服务合同的，须先经业主委员会书面同意。"),
    Item("减损权益/增加义务", "无依据设定扣缴、代征税费义务", "立法法第十一条", ("OBL009",),
         "停车场经营者应当代收代缴车船税。"),
    # -- 职权 ------------------------------------------------------------------------
    Item("职权", "减少本单位法定职责（免责、转嫁核查义务）", "国办发〔2018〕115号（六）", ("POW001",),
         "因材料虚假造成的后果，登记机关不承担任何责任。"),
    Item("职权", "增加本单位权力（检查、取缔、最终认定、排除救济）", "国办发〔2018〕115号（六）", ("POW002",),
         "市城管局有权随时进入商户经营场所检查。"),
    Item("职权", "超越职权作出税收决定", "税收征收管理法第三条；立法法第十一条", ("POW003",),
         "对入驻企业前两年免征房产税。"),
    Item("职权", "超越职权规定征收、征用", "立法法第十一条", ("POW004",),
         "因修建停车场需要，可以征用沿线商户的场地。"),
    Item("职权", "把行政职权委托给企业", "国办发〔2018〕115号（六）", ("POW005",),
         "将燃气经营许可的受理工作交由燃气公司办理。"),
    Item("职权", "行业部门行使其没有的执法权", "国办发〔2018〕115号（六）", ("POW006",),
         "市商务局负责加油站违规广告牌的拆除工作。"),
    Item("职权", "处理垂直管理部门及其工作人员", "国办发〔2018〕115号（六）", ("POW007",),
         "气象部门工作人员未按要求发布预警的，由市政府追究其责任。"),
    Item("职权", "规定应由市场调节的事项（干预经营）", "优化营商环境条例第六十四条", ("CMP012",),
         "全市商场的营业时间统一调整为早十时至晚十时。"),
    # -- 党委、人大、法院、检察院 --------------------------------------------------------
    Item("党委/人大/法院/检察院", "对人民法院职权事项作出规定", "立法法第十一条；朔政办发〔2019〕40号 五", ("ORG001",),
         "市中级人民法院要对涉企案件快立快审。"),
    Item("党委/人大/法院/检察院", "对人民检察院职权事项作出规定", "立法法第十一条；朔政办发〔2019〕40号 五", ("ORG001",),
         "市人民检察院应当对征收补偿工作开展法律监督。"),
    Item("党委/人大/法院/检察院", "对人大及其常委会职权事项作出规定", "立法法第十一条；朔政办发〔2019〕40号 五", ("ORG002",),
         "市人大常委会要每年听取本项工作报告。"),
    Item("党委/人大/法院/检察院", "对监察委员会职权事项作出规定", "立法法第十一条；朔政办发〔2019〕40号 五", ("ORG002",),
         "市监委负责对各部门落实本办法情况进行监督。"),
    Item("党委/人大/法院/检察院", "对党委及其工作机关派定任务", "朔政办发〔2019〕40号 五", ("ORG003",),
         "市委组织部负责将本项工作纳入干部考核。"),
    # -- 公平竞争审查条例第八条至第十一条 ------------------------------------------------
    Item("公平竞争", "8(一) 负面清单以外违法设置审批程序", "公平竞争审查条例第八条第（一）项", ("LIC001", "LIC006"),
         "对全市范围内的新能源汽车销售实行审批管理，须经市商务局批准。"),
    Item("公平竞争", "8(二) 违法设置或者授予特许经营权", "公平竞争审查条例第八条第（二）项", ("CMP055", "CMP056"),
         "城区公交广告实行特许经营，授予市公交公司专营权。"),
    Item("公平竞争", "8(三) 限定经营、购买、使用特定经营者的商品", "公平竞争审查条例第八条第（三）项；反垄断法第三十九条",
         ("CMP050", "CMP051"), "新建小区的门禁系统须向市住建局指定的企业购买。"),
    Item("公平竞争", "8(四) 不合理或者歧视性的准入、退出条件", "公平竞争审查条例第八条第（四）项", ("CMP060", "CMP004"),
         "参与城区绿化养护的企业，注册资本须达到一千万元以上方可投标。"),
    Item("公平竞争", "9(一) 限制外地商品进入、阻碍本地经营者迁出", "公平竞争审查条例第九条第（一）项", ("CMP002", "CMP004"),
         "享受本政策的企业八年内不得将注册地迁出本市。"),
    Item("公平竞争", "9(二) 强制外地经营者在本地投资或设立分支机构", "公平竞争审查条例第九条第（二）项", ("CMP003", "CMP005"),
         "承接本市物业项目的企业须在本市设立分公司。"),
    Item("公平竞争", "9(三) 排斥外地经营者参加本地政府采购、招标投标", "公平竞争审查条例第九条第（三）项", ("CMP002", "CMP003"),
         "县城道路维修项目限于本县施工企业投标。"),
    Item("公平竞争", "9(四) 对外地商品歧视性收费、价格或者补贴", "公平竞争审查条例第九条第（四）项", ("CMP002",),
         "外地运输车辆进入本市须另行缴纳道路维护费。"),
    Item("公平竞争", "9(五) 资质标准、监管执法方面歧视外地经营者", "公平竞争审查条例第九条第（五）项", ("CMP002",),
         "外地建筑企业进入本市须额外检验其资质证书。"),
    Item("公平竞争", "10(一) 给予特定经营者税收优惠（税收返还、先征后返）", "公平竞争审查条例第十条第（一）项", ("CMP065",),
         "对入驻园区的企业，增值税地方留成部分先征后返。"),
    Item("公平竞争", "10(二) 选择性、差异化的财政奖励或者补贴", "公平竞争审查条例第十条第（二）项", ("CMP066", "CMP050"),
         "对市政府确定的五户骨干企业，每户给予100万元奖励。"),
    Item("公平竞争", "10(三) 要素获取、收费、基金、社保费等方面的优惠", "公平竞争审查条例第十条第（三）项", ("CMP067",),
         "对新引进的项目，城市基础设施配套费全额减免。"),
    Item("公平竞争", "11(一) 强制或者变相强制经营者实施垄断行为", "公平竞争审查条例第十一条第（一）项", ("CMP071",),
         "由市商务局组织各加油站统一价格。"),
    Item("公平竞争", "11(二) 超越权限定价、为特定经营者提供优惠价格", "公平竞争审查条例第十一条第（二）项", ("CMP072", "FEE005"),
         "各机关单位在定点宾馆住宿享受协议价。"),
    Item("公平竞争", "11(三) 违法干预实行市场调节价的商品价格", "公平竞争审查条例第十一条第（三）项", ("CMP070",),
         "全市瓶装液化气统一执行每瓶95元的零售价。"),
    # -- 征求意见 --------------------------------------------------------------------
    Item("征求意见", "涉及企业、行业协会商会权利义务而未见征求意见", "优化营商环境条例第六十二条；朔政办发〔2019〕40号 五",
         ("CON001",), "城区快递企业必须在每个小区设置智能快件箱。"),
)


@dataclass(frozen=True)
class ReviewPoint:
    """One of the review points listed in section 五 of 朔政办发〔2019〕40号."""

    point: str
    rules: tuple[str, ...]
    probe: str  # a clause, a draft, or (for package rules) a package description


_PACKAGE_PROBE = """# 市政府名义印发，没有会议纪要等集体讨论决定的材料
level: 市政府
files:
  示例办法（送审稿）.txt:
  起草说明.txt:
"""

SECTION_5: tuple[ReviewPoint, ...] = (
    ReviewPoint("制定主体是否合法", ("SUB001", "SUB002", "SUB003"),
                "某某县停车整治工作领导小组关于规范停车收费的通告\n停车场经营者应当明码标价。"),
    ReviewPoint("是否违反规范性文件制定程序", ("PRO001", "PRO002", "PRO003", "CON001"), _PACKAGE_PROBE),
    ReviewPoint("是否超越制定机关法定职权", ("POW002", "POW005", "POW006"),
                "市商务局负责对加油站违规设置的广告牌予以拆除。"),
    ReviewPoint("是否符合宪法、法律、法规、规章和国家政策规定", ("CFL002", "CIT001"),
                "国家和省有关规定与本办法不一致的，以本办法为准。"),
    ReviewPoint("是否违法设立行政许可", ("LIC001", "LIC002", "LIC003", "LIC006"),
                "在城区开办室内游乐场所的，须经市文旅局批准后方可营业。"),
    ReviewPoint("是否违法设立行政处罚", ("PEN001", "PEN002", "PEN003", "PEN004", "PEN005", "PEN006", "PEN007", "PEN008"),
                "在禁烟场所吸烟的，处五十元罚款。"),
    ReviewPoint("是否违法设立行政强制", ("COE001", "COE002", "COE003", "COE005"),
                "对无证运输的车辆，执法人员可以扣押。"),
    ReviewPoint("是否违法设立行政征收、行政收费", ("FEE001", "FEE002", "FEE003", "FEE004", "FEE005"),
                "进入夜市经营的摊贩每月缴纳管理费100元。"),
    ReviewPoint("是否违法增加办理行政许可、行政审批的程序或者条件", ("LIC004", "LIC005", "LIC007"),
                "申请旅馆业特种行业许可的，还应当提交所在社区出具的推荐意见。"),
    ReviewPoint("是否违法规定证明事项", ("CER001", "CER002", "CER003"),
                "申请人办理低保时，须提供村委会出具的家庭困难证明。"),
    ReviewPoint("是否没有法律、法规依据减损合法权益或者增加义务", tuple(f"OBL{n:03d}" for n in range(1, 12)),
                "车主应当每年参加不少于8学时的文明驾驶培训。"),
    ReviewPoint("是否没有法律、法规依据增加本单位权力或者减少本单位法定职责", ("POW001", "POW002", "POW007"),
                "因申报材料不实造成的一切后果，审批部门不承担任何责任。"),
    ReviewPoint("是否对党委、人大、法院、检察院职权范围的事项作出规定", ("ORG001", "ORG002", "ORG003"),
                "市中级人民法院应当设立专门审判庭审理物业纠纷案件。"),
    ReviewPoint("是否违法制定排除或限制公平竞争的措施、干预市场主体生产经营、设置准入和退出条件",
                ("CMP002", "CMP003", "CMP004", "CMP005", "CMP012", "CMP050", "CMP051", "CMP052", "CMP055", "CMP056", "CMP060",
                 "CMP065", "CMP066", "CMP067", "CMP070", "CMP071", "CMP072"),
                "参加本县政府采购的供应商，须在本县注册登记并设有固定经营场所。"),
    ReviewPoint("涉及企业和行业协会商会的，是否按规定征求意见", ("CON001",),
                "城区快递企业必须在每个小区设置智能快件箱。"),
    ReviewPoint("是否与现行有关规范性文件重复或者抵触", ("CFL001", "CFL002", "CFL003", "CFL004"),
                "第一条 停车场经营者应当在出入口显著位置公示收费项目、收费标准和监督电话。\n"
                "第二条 停车场经营者应当在出入口显著位置公示收费项目、收费标准和监督电话。"),
)


def _engine():
    from doclint.engine import Engine

    return Engine.load()


def _evaluate(entries, engine) -> list:
    """For each entry: (entry, listed rules that exist, listed rules that report its probe).

    A probe is run like a rule's own example (Engine.example_findings): through the
    trigger prefilter, and as a package description for package rules.
    """
    out = []
    for e in entries:
        present = [r for r in e.rules if r in engine.by_id]
        firing = [r for r in present if engine.example_findings(engine.by_id[r], e.probe)]
        out.append((e, present, firing))
    return out


def evaluate(engine=None) -> list[tuple[Item, list[str], list[str]]]:
    """Coverage of the legal items (行政许可法 … 公平竞争审查条例)."""
    return _evaluate(ITEMS, engine or _engine())


def evaluate_section5(engine=None) -> list[tuple[ReviewPoint, list[str], list[str]]]:
    """Coverage of the review points of section 五."""
    return _evaluate(SECTION_5, engine or _engine())


def content_rules(engine=None):
    engine = engine or _engine()
    return sorted((r for r in engine.rules if r.id.startswith(CONTENT_PREFIXES)), key=lambda r: r.id)


def _cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def render(engine=None) -> str:
    engine = engine or _engine()
    results = evaluate(engine)
    rules = content_rules(engine)
    listed = {r for it in ITEMS for r in it.rules} | {r for rp in SECTION_5 for r in rp.rules}
    lines = [
        "# 内容规则覆盖表 / Content-rule coverage",
        "",
        "<!-- 本文件由 `python -m doclint.coverage` 生成，请勿手工编辑；tests/test_coverage_table.py 检查其是否最新。 -->",
        "",
        "每一项是规范性文件不得自行规定的一类条款（依据见“来源”列），“规则”列是负责发现它的规则，"
        "“探针”是为本表编写的示例条款；探针触发所列规则之一，该项即为已覆盖。",
        "",
        "| 类别 | 审查事项 | 来源 | 规则 | 探针（本表示例） | 覆盖 |",
        "|---|---|---|---|---|---|",
    ]
    for it, present, firing in results:
        ok = "是" if firing else "**否**"
        rules_cell = "、".join(f"{r}{'' if r in present else '（缺）'}" for r in it.rules)
        lines.append(f"| {_cell(it.group)} | {_cell(it.item)} | {_cell(it.source)} | {rules_cell} | {_cell(it.probe)} | {ok} |")
    covered = sum(1 for _, _, f in results if f)
    lines += [
        "",
        f"共 {len(results)} 项，已覆盖 {covered} 项。",
        "",
        "## 规则一览 / Rules",
        "",
        "| 编号 | 名称 | 类别 | 级别 | 法律依据 | fail 示例 | pass 示例 | 覆盖事项数 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        m = r.meta
        n_items = sum(1 for it in ITEMS if m.id in it.rules)
        lines.append(
            f"| {m.id} | {m.name} | {m.category} | {m.severity} | {_cell('；'.join(m.basis))} | "
            f"{len(m.examples.get('fail', []))} | {len(m.examples.get('pass', []))} | {n_items} |"
        )
    s5 = evaluate_section5(engine)
    lines += [
        "",
        "## 第五节审核要点 / Review points of section 五",
        "",
        "朔政办发〔2019〕40号“五、严格审核内容”所列每一项审核要点及负责的规则；探针触发所列规则之一即为已覆盖"
        "（制定程序一项的探针是一套送审材料的描述，由送审材料规则检查）。",
        "",
        "| 审核要点 | 规则 | 触发探针的规则 | 覆盖 |",
        "|---|---|---|---|",
    ]
    for rp, present, firing in s5:
        ok = "是" if firing else "**否**"
        rules_cell = "、".join(f"{r}{'' if r in present else '（缺）'}" for r in rp.rules)
        lines.append(f"| {_cell(rp.point)} | {rules_cell} | {'、'.join(firing) or '—'} | {ok} |")
    lines += ["", f"共 {len(s5)} 项，已覆盖 {sum(1 for _, _, f in s5 if f)} 项。"]
    unlisted = [r.id for r in rules if r.id not in listed]
    lines += ["", f"共 {len(rules)} 条内容规则" + (f"；未列入以上两表的规则：{'、'.join(unlisted)}。" if unlisted else "。"), ""]
    return "\n".join(lines)


def problems(engine=None) -> list[str]:
    """Uncovered items and review points; content rules lacking examples or whose examples misbehave."""
    engine = engine or _engine()
    out = []
    checked = [(f"{it.group}/{it.item}", it.rules, present, firing) for it, present, firing in evaluate(engine)]
    checked += [(f"第五节/{rp.point}", rp.rules, present, firing) for rp, present, firing in evaluate_section5(engine)]
    for label, rules, present, firing in checked:
        missing = [r for r in rules if r not in present]
        if missing:
            out.append(f"{label}: 规则不存在 {', '.join(missing)}")
        if not firing:
            out.append(f"{label}: 探针未触发所列规则 {', '.join(rules)}")
    content = content_rules(engine)
    for r in content:
        ex = r.meta.examples
        if len(ex.get("fail", [])) < 2 or len(ex.get("pass", [])) < 2:
            out.append(f"{r.id}: fail/pass 示例各需至少 2 条")
    ids = {r.id for r in content}
    # examples run as in a normal check (prefilter included): a fail that stays silent or a pass that fires
    out += [p for p in engine.verify_examples(strict_pass=True) if any(f"规则 {rid} " in p for rid in ids)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成或检查 docs/coverage.md")
    ap.add_argument("--check", action="store_true", help="只检查：表格过期或有未覆盖事项时退出码为 1")
    ap.add_argument("--output", type=Path, default=DOC)
    args = ap.parse_args(argv)
    engine = _engine()
    text = render(engine)
    errs = problems(engine)
    if args.check:
        stale = not args.output.exists() or args.output.read_text(encoding="utf-8") != text
        if stale:
            errs.insert(0, f"{args.output} 已过期，请运行 python -m doclint.coverage")
        for e in errs:
            print(e, file=sys.stderr)
        return 1 if errs else 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    for e in errs:
        print(e, file=sys.stderr)
    print(f"wrote {args.output}")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
