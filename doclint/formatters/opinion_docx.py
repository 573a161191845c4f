"""The written review opinion as a .docx laid out after GB/T 9704—2012 (党政机关公文格式).

- Page: A4 (210 × 297 mm), 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm (so 35 mm
  bottom, 26 mm right).
- 版头: the reviewing body's name (发文机关标志) centred in red 小标宋, the 文号
  placeholder 〔　〕号 centred below it, then a red separator line as wide as the 版心.
- 标题 2号小标宋 centred; 主送机关 flush left; 正文 3号仿宋, two-character first-line
  indent, fixed 29 pt lines (22 lines in the 225 mm 版心); first-level headings (一、)
  in 黑体, second-level (（一）) in 楷体, each kept with the next paragraph.
- 发文机关署名 centred over the 成文日期, the date four characters from the right
  (7.3.5.1); the closing paragraph is kept with them so a signature never stands alone.
- 页码: 4号半角宋体 "— 1 —" from a PAGE field, odd pages right, even pages left,
  one character in from the edge of the 版心 (7.5).
- Fonts are named (w:ascii, w:hAnsi and w:eastAsia), not embedded: Word substitutes what it has.
- Document properties: title, author and last-modified-by the reviewing body; no
  generator, comments or keywords; dates set to the opinion's date (deterministic).
"""

from __future__ import annotations

import datetime as _dt
import io

from doclint.cnum import int_to_cn

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
RED = "FF0000"
BODY_PT = 16      # 3号
TITLE_PT = 22     # 2号
MARK_PT = 36      # 发文机关标志 (小初); GB/T 9704 leaves the size to the issuer
LINE_PT = 29      # 225 mm / 22 lines
PAGE_NUMBER_PT = 14  # 4号


def _display_width(text: str) -> float:
    """Width in body characters: half-width digits and letters count one half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


def render(review, **_options) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    from doclint.formatters.opinion_md import materials_lead, point_lines
    from doclint.review import opinion

    op = opinion(review)
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # the number's top about 7 mm below the 版心

    def set_fonts(rpr, font: str) -> None:
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]

    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), BODY_FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)

    def run_font(run, font: str, size: float, bold: bool = False, color: str | None = None) -> None:
        run.font.name = font
        run.font.size = Pt(size)
        run.font.bold = bold
        if color:
            run.font.color.rgb = RGBColor.from_string(color)
        set_fonts(run._element.get_or_add_rPr(), font)

    def paragraph(text: str, font: str = BODY_FONT, size: float = BODY_PT, align=None, indent: bool = True,
                  keep: bool = False, line: float | None = None, color: str | None = None):
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line or (LINE_PT if size <= BODY_PT else size * 1.5))
        fmt.space_before, fmt.space_after = Pt(0), Pt(0)
        fmt.widow_control = True
        if indent:
            fmt.first_line_indent = Pt(BODY_PT * 2)
        if align is not None:
            p.alignment = align
        if keep:
            fmt.keep_with_next = True
        if text:
            run_font(p.add_run(text), font, size, color=color)
        return p

    def blank(keep: bool = False):
        return paragraph("", indent=False, keep=keep)

    def heading(text: str):
        return paragraph(text, HEADING_FONT, keep=True)

    def subheading(text: str):
        return paragraph(text, SUBHEADING_FONT, keep=True)

    def border_below(p, color: str = RED, size_eighths: int = 12) -> None:
        ppr = p._p.get_or_add_pPr()
        bdr = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for k, v in (("w:val", "single"), ("w:sz", str(size_eighths)), ("w:space", "6"), ("w:color", color)):
            bottom.set(qn(k), v)
        bdr.append(bottom)
        ppr.append(bdr)

    # 版头
    mark = paragraph(op.mark, TITLE_FONT, MARK_PT, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=MARK_PT * 1.4,
                     color=RED)
    mark.paragraph_format.space_before = Pt(0)
    blank()
    number = paragraph(op.number, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    border_below(number)
    blank()
    blank()
    # 主体
    paragraph(op.title, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=LINE_PT + 6)
    blank()
    paragraph(f"{op.addressee}：", indent=False)
    paragraph(op.intro)

    heads = iter(op.sections)
    heading(next(heads))
    paragraph("本次审核依据下列规定：", keep=True)
    for n, b in enumerate(op.bases, 1):
        paragraph(f"{n}．{b}" + ("；" if n < len(op.bases) else "。"))

    heading(next(heads))
    paragraph(op.conclusion_text)

    def points(ps) -> None:
        for p in ps:
            subheading(f"（{int_to_cn(p.number)}）{p.heading}")
            for k, line in enumerate(point_lines(p)):
                paragraph(line, keep=line.startswith("原文："))

    heading(next(heads))
    if not op.points:
        paragraph("草案内容未发现需要修改的问题。")
    points(op.points)

    heading(next(heads))
    paragraph(materials_lead(op))
    if not op.material_points:
        paragraph("送审材料齐全，未发现制定程序方面的问题。")
    points(op.material_points)

    if op.other_points:
        heading(next(heads))
        paragraph("以下事项不影响审核结论，供你单位参考：", keep=True)
        points(op.other_points)

    if op.adoption is not None:
        heading(next(heads))
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        for row_cells, values in [(table.rows[0].cells, ("审核意见", "采纳情况", "说明"))] + [
                (table.add_row().cells, row) for row in op.adoption]:
            for cell, value in zip(row_cells, values):
                cell.text = ""
                run_font(cell.paragraphs[0].add_run(value), BODY_FONT, 14)

    paragraph(op.closing, keep=True)
    # 署名 centred over the date; the date four characters from the right edge (7.3.5.1)
    blank(keep=True)
    blank(keep=True)
    date_right = 4.0
    sig_right = max(0.0, date_right + (_display_width(op.date) - _display_width(op.signer)) / 2)
    sig = paragraph(op.signer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, keep=True)
    sig.paragraph_format.right_indent = Pt(BODY_PT * sig_right)
    date = paragraph(op.date, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    date.paragraph_format.right_indent = Pt(BODY_PT * date_right)

    # 页码: — N — in 4号宋体, odd pages right and even pages left, one character in
    document.settings.odd_and_even_pages_header_footer = True

    def page_number(footer, align, side: str) -> None:
        p = footer.paragraphs[0]
        p.alignment = align
        if side == "right":
            p.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        else:
            p.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
        run_font(p.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = p.add_run()
            run_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_PT)
            if kind:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == " PAGE ":
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._r.append(instr)
            else:
                t = OxmlElement("w:t")
                t.text = text
                run._r.append(t)
        run_font(p.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_PT)

    section.footer.is_linked_to_previous = False
    page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right")
    page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")

    props = document.core_properties
    props.title = op.title
    props.subject = "合法性审核意见"
    props.author = props.last_modified_by = op.signer
    props.comments = props.keywords = props.category = props.content_status = ""
    props.revision = 1
    stamp = _dt.datetime(review.today.year, review.today.month, review.today.day)
    props.created = props.modified = stamp  # deterministic: the opinion's own date
    buf = io.BytesIO()
    document.save(buf)
    return _clean_package(buf.getvalue())


def _clean_package(data: bytes) -> bytes:
    """What python-docx's template leaves behind, removed: its docProps/app.xml (another
    program's name), its thumbnail of an unrelated page, and empty core properties."""
    import re
    import zipfile

    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
           'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
           '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><SharedDoc>false</SharedDoc>'
           '<HyperlinksChanged>false</HyperlinksChanged></Properties>')
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "docProps/thumbnail.jpeg":
                continue
            body = src.read(item.filename)
            if item.filename == "docProps/app.xml":
                body = app.encode("utf-8")
            elif item.filename == "_rels/.rels":
                body = re.sub(rb'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"/>', b"", body)
            elif item.filename == "docProps/core.xml":
                body = re.sub(rb"<(\w+:\w+)(?: [^>]*)?></\1>|<\w+:\w+(?: [^>]*)?/>", b"", body)
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()
