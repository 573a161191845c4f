"""Is the draft a normative document at all?  Section 二 of 朔政办发〔2019〕40号.

A normative document binds unspecified citizens, legal persons or other
organisations, generally and repeatedly.  Section 二 excludes internal
management rules, work systems, 机构编制, 会议纪要, 工作计划, 请示报告, 人事任免,
表彰奖惩, 合作协议, 商洽性工作函, technical standards, 便民通告, notices and
replies on specific persons or matters, and enforcement decisions; work plans
(工作方案) and guidance opinions (指导意见) are out unless their content binds
unspecified parties.
"""

from __future__ import annotations

import re
from doclint.document import Document

# (pattern on the title or issued-text title, reason) — excluded kinds of section 二
EXCLUDED = [(re.compile(rx), label) for rx, label in [
    (r"纪要", "会议纪要"),
    (r"请示|报告$", "请示报告"),
    (r"批复", "就特定事项作出的批复"),
    (r"任免|任职|免职|聘任", "人事任免"),
    (r"表彰|嘉奖|通报表扬|通报批评|奖励.{0,10}决定", "表彰奖惩"),
    (r"合作协议|框架协议|战略合作", "合作协议"),
    (r"标准$|技术规范|操作规程|技术规程", "技术标准、技术规范、技术操作规程"),
    (r"启用.{0,30}(印章|专用章)|(印章|专用章).{0,6}启用", "就特定事项发布的通知（印章启用）"),
    (r"机构编制|职能配置|内设机构和人员编制|三定", "机构编制"),
    (r"(工作|行动|年度|推进)计划|工作要点|计划$", "工作计划"),
    (r"(目标责任|绩效|工作)考核|考核(制度|办法|细则|方案)", "内部考核制度（工作制度）"),
    (r"(内部|机关).{0,8}(管理|工作)(制度|规定|办法|规范)|工作规则|议事规则", "行政机关内部执行的管理规范、工作制度"),
    (r"审核机制|工作机制", "行政机关内部执行的工作制度"),
    (r"办事(时间|地点)|便民", "公布办事时间、地点等事项的便民通告"),
]]
CONDITIONAL = [(re.compile(rx), label) for rx, label in [
    (r"方案$|实施方案|工作方案|行动方案", "工作方案"),
    (r"指导意见", "指导意见"),
]]
# Kinds that regulate by their nature (a 办法 or 规定 is written to be applied repeatedly to anyone)
REGULATORY_KIND = re.compile(r"(办法|规定|细则|规则|通告)(（[^）]{1,8}）)?$")
ISSUE_RE = re.compile(r"(?:印发|转发|批转)[《]?(?P<inner>.+?)[》]?的通知")
FUNC_LETTER_RE = re.compile(r"(征求|商洽|征询).{0,20}(意见|建议).{0,4}的?函$|函$")

LICENCE_CHANGE = re.compile(r"(取消|下放|承接|调整).{0,20}行政许可|行政许可.{0,20}(取消|下放|承接)")


def _issued_title(doc: Document) -> str:
    st = doc.structure
    title = st.title or ""
    m = ISSUE_RE.search(title)
    if m:
        return m.group("inner")
    return st.issued_title or title


_WHITESPACE = re.compile(r"\s+")


def binding_sentences(doc: Document, limit: int = 5) -> list[str]:
    """Provisions that impose duties on, or forbid acts of, unspecified outside parties: the
    provision readings' public-borne duties and prohibitions with no basis that already
    binds them (doclint.reading.read.binding_parts), whatever the document is called."""
    from doclint.reading.read import binding_parts

    # without their own closing 。； so that reasons can join them with "；"
    return [_WHITESPACE.sub("", text)[:60].rstrip("。；;") for _s, _e, text in binding_parts(doc, limit=limit)]


def classify(doc: Document) -> dict:
    st = doc.structure
    title = st.title or ""
    issued = _issued_title(doc)
    reasons: list[str] = []
    binding = binding_sentences(doc)
    licence_change = bool(LICENCE_CHANGE.search(title)) or bool(LICENCE_CHANGE.search(issued))

    if title and re.search(r"^[^关]*关于转发", title) and not binding:
        return {"normative": False, "reasons": ["转发上级文件的通知，未另行设定权利义务"]}
    if st.kind == "函" or (title and FUNC_LETTER_RE.search(title)):
        return {"normative": False, "reasons": ["公文种类为函（商洽、征求意见等），不是规范性文件（第二节：商洽性工作函）"]}
    for rx, label in EXCLUDED:
        if rx.search(issued) or (issued != title and rx.search(title) and label != "工作计划"):
            reasons.append(f"属于第二节所列不是规范性文件的“{label}”（标题：{issued[:40]}）")
            if binding and label in ("工作计划",):
                reasons.append("但内容含约束不特定对象的条款：" + "；".join(binding[:2]))
                return {"normative": True, "reasons": reasons}
            return {"normative": False, "reasons": reasons}
    for rx, label in CONDITIONAL:
        if rx.search(issued):
            if binding:
                return {
                    "normative": True,
                    "reasons": [f"{label}原则上不是规范性文件，但内容对不特定公民、法人或其他组织的权利义务产生影响：" + "；".join(binding[:2])],
                }
            return {"normative": False, "reasons": [f"{label}，内容只部署行政机关自身工作，未对不特定对象设定权利义务" + _organ_examples(doc)]}
    if licence_change:
        return {"normative": True, "reasons": ["调整行政许可事项的实施（取消、下放或承接），影响不特定申请人的权利义务"]}
    if binding:
        return {"normative": True, "reasons": ["内容涉及不特定公民、法人或其他组织的权利义务：" + "；".join(binding[:2])]}
    if not title:
        return {"normative": None, "reasons": ["未识别出标题，无法判断是否属于规范性文件"]}
    if REGULATORY_KIND.search(issued):
        return {
            "normative": True,
            "reasons": [f"以“{REGULATORY_KIND.search(issued).group(0)}”形式制定，面向不特定对象反复适用"
                        "（未找到具体的约束条款，请审核人员确认）"],
        }
    return {
        "normative": False,
        "reasons": ["内容只部署行政机关自身工作，未发现对不特定公民、法人或其他组织设定权利义务的条款" + _organ_examples(doc) + "（请审核人员确认）"],
    }


def _organ_examples(doc: Document) -> str:
    """"：如……；……" naming up to two provisions that bind only organs (what decided it)."""
    from doclint.reading.read import binding_parts

    found = binding_parts(doc, limit=2, bearer="organ")
    if not found:
        return ""
    return "。据以判断的条款如：" + "；".join(_WHITESPACE.sub("", t).rstrip("。；;")[:40] for _s, _e, t in found)
