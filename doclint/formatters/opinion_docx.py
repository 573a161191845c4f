"""The written review opinion as a .docx laid out like an official 审核意见书.

Layout after GB/T 9704: A4, margins 37/35/28/26 mm; title centred in 小标宋 二号;
文号 placeholder centred below it; 主送 flush left; body in 仿宋 三号 with a
two-character first-line indent and fixed 28 pt line spacing; first-level
headings (一、) in 黑体, second-level (（一）) in 楷体; signature and date
right-aligned.  Fonts are named, not embedded: Word substitutes what it has.
"""

from __future__ import annotations

import datetime as _dt
import io

from doclint.cnum import int_to_cn

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"


def render(review, **_options) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    from doclint.review import opinion

    op = opinion(review)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run_font(run, font: str, size: float, bold: bool = False) -> None:
        run.font.name = font
        run.font.size = Pt(size)
        run.font.bold = bold
        rpr = run._element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), font)

    def paragraph(text: str, font: str = BODY_FONT, size: float = 16, align=None, indent: bool = True,
                  bold: bool = False, space_after: float = 0):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28 if size <= 16 else 36)
        fmt.space_before, fmt.space_after = Pt(0), Pt(space_after)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            p.alignment = align
        run_font(p.add_run(text), font, size, bold)
        return p

    paragraph(op.title, TITLE_FONT, 22, WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=6)
    paragraph(op.number, BODY_FONT, 16, WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
    paragraph(f"{op.addressee}：", indent=False)
    paragraph(op.intro)

    paragraph("一、审核结论", HEADING_FONT)
    paragraph(op.conclusion_text)
    paragraph(op.deciding_rule)

    paragraph("二、存在的问题和修改建议", HEADING_FONT)
    if not op.problems:
        paragraph("未发现需要修改的问题。")
    for pr in op.problems:
        paragraph(f"（{int_to_cn(pr.number)}）{pr.heading}", SUBHEADING_FONT)
        paragraph(f"位置：{pr.where}")
        if pr.excerpt:
            paragraph(f"原文：“{pr.excerpt}”")
        paragraph(f"问题：{pr.what}")
        paragraph(f"依据：{'；'.join(pr.basis)}")
        paragraph(f"修改建议：{pr.suggestion}")
    if op.hints:
        paragraph("以下事项供参考，不影响审核结论：")
        for pr in op.hints:
            paragraph(f"（提示，{pr.finding.rule}）{pr.where}：{pr.what}")

    paragraph("三、送审材料", HEADING_FONT)
    paragraph("已报送：" + ("；".join(op.materials_found) if op.materials_found else "无可识别的送审材料") + "。")
    paragraph("缺少：" + ("、".join(f"“{m}”" for m in op.materials_missing) if op.materials_missing else "无") + "。")
    for line in op.materials_other:
        paragraph(line + "。")

    paragraph("四、审核机构", HEADING_FONT)
    paragraph(f"依照朔政办发〔2019〕40号 三，本件的审核机构：{op.reviewing_body}。")

    paragraph("五、审核期限", HEADING_FONT)
    for line in op.period:
        paragraph(line)

    if op.notes:
        paragraph("附注", HEADING_FONT)
        for line in op.notes:
            paragraph(line)

    paragraph("", indent=False)
    sig = paragraph(op.signer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    sig.paragraph_format.right_indent = Pt(16 * 2)
    date = paragraph(op.date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    date.paragraph_format.right_indent = Pt(16 * 2)

    props = document.core_properties
    props.title = op.title
    props.author = "doclint"
    stamp = _dt.datetime(review.today.year, review.today.month, review.today.day)
    props.created = props.modified = stamp  # deterministic: the opinion's own date
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
