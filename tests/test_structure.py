"""Structure: the GB/T 9704 parts and the section of every offset."""

from doclint.document import Document
from doclint.readers import read_path
from doclint.source import Source

from conftest import SAMPLES


def doc_of(text):
    return Document(Source("t.txt", text, "txt"))


def section_of_line(doc, line):
    start, _ = doc.source.line_span(line)
    return doc.section_at(start)


def test_sample_parts():
    doc = Document(read_path(str(SAMPLES / "parking-draft.txt")))
    st = doc.structure
    assert st.title == "朔州市城市管理局朔州市城区停车管理工作领导小组办公室关于印发《朔州市城区机动车停车场管理办法》的通知" or st.title.endswith("管理办法》的通知")
    assert st.doc_number == "朔城管发[2025]第05号"
    assert st.kind == "通知"
    assert st.recipients.startswith("各县（市、区）")
    assert [i.name for i in st.issuers if i.source == "signature"] == ["朔州市城市管理局"]
    assert st.date and st.date.isoformat() == "2025-03-05"
    assert [a.name for a in st.attachment_note] == ["停车场经营许可申请表。", "停车场收费标准表"]
    assert [(a.index, a.title) for a in st.attachments] == [(1, "停车场经营许可申请表")]
    assert st.issued_title == "朔州市城区机动车停车场管理办法"


def test_outline_sections():
    text = "\n".join([
        "关于加强停车管理的意见",
        "一、总体要求",
        "（一）基本原则。坚持依法管理。",
        "1.分类施策。按区域管理。",
        "（1）中心城区。从严控制。",
        "二、主要任务",
        "（二）跳号示例。",
    ])
    doc = doc_of(text)
    assert section_of_line(doc, 1) is None
    assert section_of_line(doc, 2) == "一、"
    assert section_of_line(doc, 3) == "一、（一）"
    assert section_of_line(doc, 4) == "一、（一）1."
    assert section_of_line(doc, 5) == "一、（一）1.（1）"
    assert section_of_line(doc, 7) == "二、（二）"


def test_article_paragraphs_and_items():
    text = "\n".join([
        "某某管理办法",
        "第一条 为了规范管理，制定本办法。",
        "第二条 经营者应当遵守下列规定：",
        "（一）明码标价；",
        "（二）开具票据。",
        "违反前款规定的，依法处理。",
        "第三条 本办法自印发之日起施行。",
    ])
    doc = doc_of(text)
    assert section_of_line(doc, 2) == "第一条"
    assert section_of_line(doc, 3) == "第二条第一款"
    assert section_of_line(doc, 4) == "第二条第一款第（一）项"
    assert section_of_line(doc, 6) == "第二条第二款"
    assert section_of_line(doc, 7) == "第三条"


def test_attachment_sections():
    text = "\n".join([
        "关于印发停车场名录的通知",
        "正文内容。",
        "附件：1.城区停车场名录",
        "2.郊区停车场名录",
        "某某局",
        "2025年3月5日",
        "附件1",
        "城区停车场名录",
        "一、东区",
        "附件2",
        "郊区停车场名录",
    ])
    doc = doc_of(text)
    st = doc.structure
    assert [(a.index, a.name) for a in st.attachment_note] == [(1, "城区停车场名录"), (2, "郊区停车场名录")]
    assert [(a.index, a.title) for a in st.attachments] == [(1, "城区停车场名录"), (2, "郊区停车场名录")]
    assert section_of_line(doc, 8) == "附件1"
    assert section_of_line(doc, 9) == "附件1 一、"
    assert section_of_line(doc, 11) == "附件2"
    assert doc.zone_at(doc.source.line_span(9)[0]) == "attachments"


def test_messy_input_has_no_structure_but_does_not_break():
    for text in ["", "\n\n", "随便写的一句话", "第", "附件", "（", "一、", "2019年13月45日", "〔〕号"]:
        doc = doc_of(text)
        st = doc.structure
        assert st.title is None or isinstance(st.title, str)
        for i in range(1, doc.source.line_count + 1):
            doc.section_at(doc.source.line_span(i)[0])


def test_one_line_title_and_issuer_alone():
    doc = doc_of("某某市人民政府关于加强停车管理的通知")
    assert doc.structure.title == "某某市人民政府关于加强停车管理的通知"
    assert doc.zone_at(0) == "title"
    doc = doc_of("某某市交通运输局")
    assert [i.name for i in doc.structure.issuers] == ["某某市交通运输局"]
    doc = doc_of("停车场经营者须经批准后方可营业。")
    assert doc.zone_at(0) == "body"


def test_chinese_date_and_page_break_continuation():
    text = "\n".join([
        "关于某事的通知",
        "为进一步加强城区停车场的规范化管理工作，切实维护良好的停车秩序和",
        "",
        "市容环境，现通知如下。",
        "某某局",
        "二〇二五年三月五日",
    ])
    doc = doc_of(text)
    assert doc.structure.date.isoformat() == "2025-03-05"
    sent = [u.text for u in doc.sentences]
    assert any("停车秩序和" in s and "市容环境" in s for s in sent)


def test_notice_issuing_several_texts_restarts_numbering():
    text = "\n".join([
        "某某市人民政府办公室关于印发停车管理办法等两个办法的通知",
        "现将两个办法印发给你们。",
        "某某市人民政府办公室",
        "2025年3月5日",
        "某某市停车场管理办法",
        "第一条 甲。",
        "第二条 乙。",
        "某某市停车收费管理办法",
        "第一条 丙。",
        "第二条 丁。",
    ])
    doc = doc_of(text)
    assert [h.document for h in doc.structure.headings] == [1, 1, 2, 2]
    assert section_of_line(doc, 9) == "第一条"
    from doclint.form import check_outline_sequence

    assert check_outline_sequence(doc.structure.headings) == []


def test_suppression_comments_are_not_paragraphs():
    text = "\n".join([
        "第一条 甲。",
        '<!-- doclint: disable-next-paragraph=FEE reason="依照批准文件收费" -->',
        "第二条 停车场收取管理费。",
        "第三条 丙。",
        "<!-- doclint: enable=FEE -->",
        "第四条 丁。",
    ])
    doc = doc_of(text)
    assert section_of_line(doc, 3) == "第二条"
    assert section_of_line(doc, 4) == "第三条"
