"""`doclint explain --reading "…"`: the reading of a clause, and the rules it satisfies."""

from __future__ import annotations

BEARER = {"public": "公民、法人或其他组织", "organ": "行政机关及其工作人员", "party": "党委、人大、法院、检察院或监察机关", "unknown": "未能确定"}
MODE = {"must": "应当（义务）", "must-not": "不得（禁止）", "may": "可以（授权）", "encouraged": "鼓励（倡导）", "none": "无"}


def explain_reading(text: str, engine) -> list[str]:
    """Lines describing the provisions of `text`, their acts, and which rules fire on each act."""
    from doclint.document import Document
    from doclint.rules.reading_rule import ReadingRule, readings
    from doclint.source import Source

    doc = Document(Source(path="<text>", text=text, kind="txt"))
    rules = [r for r in engine.rules if isinstance(r, ReadingRule)]
    out: list[str] = []
    rs = readings(doc)
    if not rs:
        return ["（没有可读的条文）"]
    for n, r in enumerate(rs, 1):
        p = r.provision
        out.append(f"条文 {n}（第 {p.start + 1}–{p.end} 字）：{r.text.strip()}")
        if p.lead_in is not None:
            out.append(f"  引导语：{p.lead_in.text.strip()}")
        if len(p.parts) > 1:
            for i, part in enumerate(p.parts, 1):
                out.append(f"  第 {i} 分句：{part.text.strip()}")
        if not r.acts:
            out.append("  未读出任何措施。")
        for a in r.acts:
            out.append(f"  · {a.label}（{a.kind}，类别 {a.category}）：“{text[a.start:a.end]}”")
            out.append(f"      承受者：{BEARER[a.bearer]}；行为模式：{MODE[a.mode]}；"
                       f"{'设定该措施' if a.stance == 'sets' else '只是提及：' + a.why}")
            if a.basis:
                out.append("      依据：" + "；".join(f"《{b.text}》" + ("（写明条文）" if b.article else "") if not b.text.startswith(("依照", "依据", "根据", "按照")) else b.text for b in a.basis))
            else:
                out.append("      依据：无")
            fired = [rule.id for rule in rules if rule.applies(a, r)]
            near = [rule.id for rule in rules if a.kind in rule.acts and rule.id not in fired]
            if fired:
                out.append(f"      触发规则：{'、'.join(fired)}")
            if near:
                out.append(f"      未触发（条件不符）：{'、'.join(near)}")
    return out
