"""Text output: carets line up under full-width text, long paragraphs are windowed."""

from doclint.formatters.text import caret_line, display_width


def test_carets_under_full_width_text():
    src, carets = caret_line("第三条 须经市住建局批准。", 5, 12)
    assert src == "第三条 须经市住建局批准。"
    start = carets.index("^")
    assert start == display_width("第三条 ")
    assert len(carets) - start == display_width("须经市住建局批")


def test_long_paragraph_is_windowed_around_the_finding():
    line = "甲" * 500 + "须经批准" + "乙" * 500
    src, carets = caret_line(line, 501, 505)
    assert src.startswith("…") and src.endswith("…")
    assert len(src) < 80
    start = carets.index("^")
    assert src[len("…") + (start - display_width("…")) // 2:].startswith("须经批准")
    assert carets.count("^") == display_width("须经批准")


def test_tabs_count_as_one_column():
    src, carets = caret_line("序号\t事项\t须经批准", 7, 11)
    assert "\t" not in src
    assert carets.index("^") == display_width("序号 事项 ")


def test_fitted_window_keeps_the_carets_under_full_width_text():
    line = "第三条 " + "设立经营性停车场的，" * 8 + "须经市城市管理局审批" + "并取得许可证后方可营业。" * 5
    col = line.index("须经") + 1
    src, carets = caret_line(line, col, col + len("须经市城市管理局审批"), 40)
    assert display_width(src) <= 40 and src.startswith("…") and src.endswith("…")
    start = carets.index("^")
    shown, w = "", 0
    for ch in src:  # the characters from the caret's display column on
        if w >= start:
            shown += ch
        w += display_width(ch)
    assert shown.startswith("须经市城市管理局审批")
    assert carets.count("^") == display_width("须经市城市管理局审批")
