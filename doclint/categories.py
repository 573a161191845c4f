"""The fixed finding categories and severities of the report contract."""

CATEGORIES: dict[str, str] = {
    "subject": "制定主体",
    "scope": "审核范围",
    "procedure": "制定程序",
    "attachment": "送审材料",
    "deadline": "审核时限",
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fee": "行政征收/收费",
    "certificate": "证明事项",
    "obligation": "减损权益/增加义务",
    "power": "职权",
    "organs": "党委/人大/法院/检察院",
    "competition": "公平竞争",
    "consultation": "征求意见",
    "conflict": "重复/抵触",
    "citation": "引用",
    "format": "公文格式",
}

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
