"""The written review opinion (合法性审核意见) as Markdown, or as plain text.

Takes a :class:`doclint.review.Review` (not a bare Report): the opinion needs
the conclusion, materials and period as well as the findings, which come from
``Finding`` objects as serialised everywhere else.
"""

from __future__ import annotations

from doclint.cnum import int_to_cn


def _num(n: int) -> str:
    return f"（{int_to_cn(n)}）" if n <= 9999 else f"（{n}）"


def render(review, plain: bool = False, **_options) -> str:
    from doclint.review import opinion

    op = opinion(review)
    out: list[str] = []

    def h(level: int, text: str) -> None:
        out.append(text if plain else f"{'#' * level} {text}")
        out.append("")

    def para(text: str) -> None:
        out.append(text)
        out.append("")

    def items(lines: list[str]) -> None:
        for line in lines:
            out.append(f"- {line}" if not plain else f"  {line}")
        out.append("")

    h(1, op.title)
    para(op.number)
    para(f"{op.addressee}：" if plain else f"**{op.addressee}：**")
    para(op.intro)

    h(2, "一、审核结论")
    para(op.conclusion_text if plain else op.conclusion_text.replace(op.conclusion, f"**{op.conclusion}**", 1))
    para(op.deciding_rule)

    h(2, "二、存在的问题和修改建议")
    if not op.problems:
        para("未发现需要修改的问题。")
    for p in op.problems:
        h(3, f"{_num(p.number)}{p.heading}")
        lines = [f"位置：{p.where}"]
        if p.excerpt:
            lines.append(f"原文：“{p.excerpt}”")
        lines += [f"问题：{p.what}", f"依据：{'；'.join(p.basis)}", f"修改建议：{p.suggestion}"]
        items(lines)
    if op.hints:
        para("以下事项供参考，不影响审核结论：")
        items([f"（提示，{p.finding.rule}）{p.where}：{p.what}" for p in op.hints])

    h(2, "三、送审材料")
    para("已报送：" if op.materials_found else "已报送：无可识别的送审材料。")
    if op.materials_found:
        items(op.materials_found)
    para("缺少：" + ("、".join(f"“{m}”" for m in op.materials_missing) if op.materials_missing else "无。"))
    if op.materials_other:
        items(op.materials_other)

    h(2, "四、审核机构")
    para(f"依照朔政办发〔2019〕40号 三，本件的审核机构：{op.reviewing_body}。")

    h(2, "五、审核期限")
    for line in op.period:
        para(line)

    if op.notes:
        h(2, "附注")
        items(op.notes)

    para(op.signer)
    para(op.date)
    return "\n".join(out).rstrip("\n") + "\n"
