"""What a model finding of each category says: its rule id, message and legal basis.

Written from the law (not from any corpus sentence).  Ids follow the contract's
``[A-Z]{2,4}\\d{3}`` shape so every formatter, selector and severity key takes them.
"""

from __future__ import annotations

# category -> (rule id, message, basis); the order fixes the ids and never changes
LABELS: dict[str, tuple[str, str, list[str]]] = {
    "licensing": ("MDL001", "可能自行设定行政许可或变相许可（审批、核准、备案作为前置条件等）",
                  ["《中华人民共和国行政许可法》第十四条", "《中华人民共和国行政许可法》第十七条"]),
    "penalty": ("MDL002", "可能自行设定行政处罚",
                ["《中华人民共和国行政处罚法》第十六条"]),
    "coercion": ("MDL003", "可能自行设定行政强制措施或行政强制执行",
                 ["《中华人民共和国行政强制法》第十条", "《中华人民共和国行政强制法》第十三条"]),
    "fee": ("MDL004", "可能没有法定依据设定收费、征收或要求缴纳费用",
            ["《中华人民共和国价格法》第四十七条", "国办发〔2018〕37号 一"]),
    "certificate": ("MDL005", "可能没有法定依据要求提交证明材料",
                    ["国办发〔2018〕47号 一", "国办发〔2018〕37号 一"]),
    "obligation": ("MDL006", "可能没有法律、法规依据减损公民、法人和其他组织权利或增加其义务",
                   ["《中华人民共和国立法法》第九十三条", "国办发〔2018〕37号 一"]),
    "competition": ("MDL007", "可能排除、限制竞争（限定经营、地域限制、选择性优惠、准入门槛等）",
                    ["《公平竞争审查条例》第八条", "《公平竞争审查条例》第九条", "《公平竞争审查条例》第十条"]),
    "subject": ("MDL008", "制定主体可能不适格",
                ["朔政办发〔2019〕40号 一"]),
    "organs": ("MDL009", "可能对党委、人大、法院、检察院等机关作出要求",
               ["《中华人民共和国立法法》第十一条", "朔政办发〔2019〕40号 五"]),
    "power": ("MDL010", "可能超越职权或不当免除行政机关法定职责",
              ["国办发〔2018〕37号 一"]),
    "conflict": ("MDL011", "可能与上位法抵触",
                 ["《中华人民共和国立法法》第九十三条"]),
}
PREFIX = "MDL"


def rule_id(category: str) -> str:
    return LABELS[category][0]


def message(category: str, probability: float) -> str:
    return f"模型判断：{LABELS[category][1]}（概率 {probability:.2f}）"
