"""The written review opinion (合法性审核意见) as Markdown, or as plain text.

Takes a :class:`doclint.review.Review` (not a bare Report): the opinion needs the
conclusion, materials and points as well as the findings.  The body carries no rule
ids, file names or line numbers; ``render_worksheet`` writes those (the 审核工作底稿).
"""

from __future__ import annotations

from doclint.cnum import int_to_cn


def _num(n: int) -> str:
    return f"（{int_to_cn(n)}）" if n <= 9999 else f"（{n}）"


def point_lines(p) -> list[str]:
    """The paragraphs of one point after its heading (shared with the .docx renderer)."""
    lines = []
    if p.quote:
        lines.append(f"原文：“{p.quote}”")
    several = len(p.issues) > 1
    for k, issue in enumerate(p.issues, 1):
        tag = int_to_cn(k) if several else ""
        lines.append(f"问题{tag}：{issue.what}")
        if issue.basis:
            lines.append(f"依据：{'；'.join(issue.basis)}。")
        lines.append(f"修改意见：{issue.suggestion}" if p.part != "other" else f"建议：{issue.suggestion}")
    return lines


def materials_lead(op) -> str:
    if op.materials_found:
        return f"你单位报送了{int_to_cn(len(op.materials_found))}项材料：{'；'.join(op.materials_found)}。"
    return "未收到可以识别的送审材料。"


def render(review, plain: bool = False, **_options) -> str:
    from doclint.review import opinion

    op = opinion(review)
    out: list[str] = []
    heads = iter(op.sections)

    def h(level: int, text: str) -> None:
        out.append(text if plain else f"{'#' * level} {text}")
        out.append("")

    def para(text: str) -> None:
        out.append(text)
        out.append("")

    def points(ps) -> None:
        for p in ps:
            h(3, f"{_num(p.number)}{p.heading}")
            for line in point_lines(p):
                para(line)

    h(1, op.title)
    para(op.number)
    para(f"{op.addressee}：" if plain else f"**{op.addressee}：**")
    para(op.intro)

    h(2, next(heads))
    para("本次审核依据下列规定：")
    for n, b in enumerate(op.bases, 1):
        out.append(f"{n}. {b}" if not plain else f"  {n}．{b}")
    out.append("")

    h(2, next(heads))
    marked = f"审核结论为：**{op.conclusion}**" if not plain else f"审核结论为：{op.conclusion}"
    para(op.conclusion_text.replace(f"审核结论为：{op.conclusion}", marked, 1))

    h(2, next(heads))
    if not op.points:
        para("草案内容未发现需要修改的问题。")
    points(op.points)

    h(2, next(heads))
    para(materials_lead(op))
    if not op.material_points:
        para("送审材料齐全，未发现制定程序方面的问题。")
    points(op.material_points)

    if op.other_points:
        h(2, next(heads))
        para("以下事项不影响审核结论，供你单位参考：")
        points(op.other_points)

    if op.adoption is not None:
        h(2, next(heads))
        if plain:
            for row in op.adoption:
                out.append("  " + "｜".join(row))
        else:
            out += ["| 审核意见 | 采纳情况 | 说明 |", "|---|---|---|"]
            out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in op.adoption]
        out.append("")

    para(op.closing)
    out.append("")
    para(op.signer)
    para(op.date)
    return "\n".join(out).rstrip("\n") + "\n"


def render_worksheet(review, **_options) -> str:
    from doclint.review import worksheet

    return worksheet(review)
