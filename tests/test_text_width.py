"""Text output fitted to the terminal width, measured in display columns.

At ``COLUMNS=80`` no line of ``doclint check`` is wider than 80 columns (a full-width character
counts two), and under every quoted source line the carets start at the display column of the
finding's text and are as wide as the part of it shown.  ``--no-wrap`` (and output that is
not a terminal with no ``COLUMNS``) keeps one line per message.  A file-level notice shows even
when the file has no finding.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata

import docx
import pytest
from docx.oxml import parse_xml

from conftest import ROOT, run_cli
from doclint.formatters.text import caret_line, display_width, output_width, wrap

SAMPLES = ["samples/parking-draft.docx", "samples/parking-draft.txt", "samples/clean-notice.txt", "samples/package-gov"]

# Our own draft: one very long paragraph with the finding deep inside, wide and narrow text mixed.
LONG_DRAFT = (
    "某某县摊点管理办法（征求意见稿）\n"
    "第一条 为了规范摊点经营秩序，维护市容环境，根据有关规定，结合本县实际情况，"
    + "在广泛听取意见的基础上，" * 12
    + "制定本办法。第二条 设立摊点的，须经县城市管理局审批后方可经营，审批办法由县城市管理局另行制定，"
    + "并向社会公布（ABC-123 号公告）。" * 3
    + "\n第三条 本办法自2025年5月1日起施行。\n"
)


def wcwidth(s: str) -> int:
    """Display width computed independently of doclint: wide and full-width count two."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def column_to_index(s: str, col: int) -> int:
    """The index of the character starting at display column `col` of s."""
    w = 0
    for i, c in enumerate(s):
        if w == col:
            return i
        w += wcwidth(c)
    assert w == col, (s, col)
    return len(s)


def check_carets(out: str, findings: dict[tuple[str, int, int, str], dict]) -> int:
    """For every finding block in `out`: the caret run sits under the excerpt in the quoted line.
    Returns how many findings were seen (each must be one of `findings`)."""
    lines = out.split("\n")
    seen = 0
    head = re.compile(r"^(\S.*?):(\d+):(\d+)\s*([A-Z]{3}\d{3})")
    i = 0
    while i < len(lines):
        if not lines[i] or lines[i].startswith(" ") or lines[i].startswith("已检查"):
            i += 1
            continue
        joined = lines[i]
        i += 1
        while i < len(lines) and lines[i].startswith(" " * 8):  # the first line's continuation
            joined += lines[i][8:]
            i += 1
        m = head.match(joined)
        if not m:  # a file name heading its notices
            continue
        f = findings[(m.group(1), int(m.group(2)), int(m.group(3)), m.group(4))]
        seen += 1
        src, carets = lines[i], lines[i + 1]
        assert src.startswith("      ") and set(carets.strip()) == {"^"}, (joined, src, carets)
        src, carets = src[6:], carets[6:]
        start = len(carets) - len(carets.lstrip(" "))
        run = len(carets.strip())
        at = column_to_index(src, start)
        shown = src[at:]
        excerpt = f["excerpt"].split("\n")[0].replace("\t", " ")
        if not excerpt:  # an empty span: one caret at its place
            assert run == 1
        else:
            under = shown[: column_to_index(shown, run)]
            assert excerpt.startswith(under) and under, (src, carets, excerpt)
            if under != excerpt:  # cut: only where the window is cut
                assert shown[len(under):].startswith("…") or shown[len(under):] == "", (src, carets)
        i += 2
    return seen


def without_quotes(out: str) -> str:
    """The report with each quoted source line and its carets left out, and no whitespace."""
    lines = out.split("\n")
    keep = [x for i, x in enumerate(lines)
            if not (x.strip() and set(x.strip()) == {"^"})
            and not (i + 1 < len(lines) and lines[i + 1].strip() and set(lines[i + 1].strip()) == {"^"})]
    return re.sub(r"\s+", "", "\n".join(keep))


def findings_by_location(paths) -> dict:
    data = json.loads(run_cli("check", "--format", "json", *paths).stdout)
    return {(fd["path"], f["line"], f["column"], f["rule"]): f for fd in data["files"] for f in fd["findings"]}


@pytest.mark.parametrize("columns", [80, 100, 60])
def test_no_line_wider_than_columns_and_carets_under_their_text(tmp_path, columns):
    draft = tmp_path / "长段落.txt"
    draft.write_text(LONG_DRAFT, encoding="utf-8")
    paths = [*SAMPLES, str(draft)]
    r = run_cli("check", "--no-color", *paths, env={"COLUMNS": str(columns)})
    assert r.returncode in (1, 2), r.stderr
    widths = [wcwidth(x) for x in r.stdout.split("\n")]
    assert max(widths) <= columns, max(zip(widths, r.stdout.split("\n")))
    found = findings_by_location(paths)
    assert check_carets(r.stdout, found) == len(found)
    # the long paragraph is windowed, cut with … on both sides, and still shows its finding
    lic = next(x for x in r.stdout.split("\n") if x.startswith("      …") and "须经县城市管理局审批" in x)
    assert lic.endswith("…")


def test_unwrapped_when_not_a_terminal_and_with_no_wrap(tmp_path):
    base = run_cli("check", "--no-color", "samples/parking-draft.docx", env={"COLUMNS": ""})
    assert any(wcwidth(x) > 120 for x in base.stdout.split("\n"))  # a message on one line, as in logs
    no_wrap = run_cli("check", "--no-color", "--no-wrap", "samples/parking-draft.docx", env={"COLUMNS": "80"})
    assert no_wrap.stdout == base.stdout
    wrapped = run_cli("check", "--no-color", "samples/parking-draft.docx", env={"COLUMNS": "80"})
    # the same words, only broken differently (the quoted lines are windowed differently)
    assert without_quotes(wrapped.stdout) == without_quotes(base.stdout)
    assert output_width(no_wrap=True) is None
    assert output_width(isatty=True) is not None


def test_wrapped_lines_hang_and_keep_punctuation_with_its_text():
    text = "该条款要求相对人事先取得行政机关批准（审批、核准、同意）才能从事某项活动，属于设定行政许可；" * 3
    lines = wrap(text, 40, "x.txt:1:1  LIC001  error   ", " " * 8)
    assert all(display_width(x) <= 40 for x in lines)
    assert all(x.startswith(" " * 8) for x in lines[1:])
    for x in lines[1:]:
        assert x[8] not in "，。、；：）》」”", x  # no closing punctuation starts a line
    for x in lines[:-1]:
        assert x[-1] not in "（《「“", x  # and no opening one ends it
    assert "".join(x.strip() for x in lines).replace(" ", "") == ("x.txt:1:1LIC001error" + text)


def test_caret_window_fits_the_width_with_mixed_text():
    line = "甲" * 100 + "ABC须经批准def" + "乙" * 100
    col = 101
    for width in (20, 33, 74):
        src, carets = caret_line(line, col, col + 10, width)
        assert display_width(src) <= width and display_width(carets) <= width
        start = carets.index("^")
        assert src[column_to_index(src, start):].startswith("ABC须经批准def")
        assert carets.count("^") == display_width("ABC须经批准def")
    # a finding wider than the window is underlined as far as it is shown
    src, carets = caret_line("前言" + "须" * 80 + "后记", 3, 83, 30)
    assert display_width(src) <= 30 and src.startswith("…须") and src.endswith("…")
    assert carets.index("^") == display_width("…") and display_width(carets) <= 30


def _docx_with_revision_and_no_finding() -> bytes:
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    lines = ["某某县人民政府办公室关于做好春季植树工作的通知", "各乡镇人民政府：",
             "请各乡镇于三月底前组织开展植树活动。", "某某县人民政府办公室", "2025年3月5日"]
    paras = [d.add_paragraph(x) for x in lines]
    paras[2]._p.append(parse_xml(
        f'<w:ins {ns} w:id="9" w:author="起草人" w:date="2025-03-01T00:00:00Z"><w:r><w:t>活动结束后报送总结。</w:t></w:r></w:ins>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_file_notice_shows_when_the_file_has_no_finding(tmp_path):
    p = tmp_path / "通知.docx"
    p.write_bytes(_docx_with_revision_and_no_finding())
    data = json.loads(run_cli("check", "--no-config", "--ignore", "scope", "--format", "json", p).stdout)
    assert data["files"][0]["findings"] == [] and data["files"][0]["notices"]
    for env in ({"COLUMNS": ""}, {"COLUMNS": "80"}):
        r = run_cli("check", "--no-config", "--ignore", "scope", "--no-color", p, env=env)
        assert r.returncode == 0, r.stderr
        assert str(p) in r.stdout
        assert "注意：文档含 1 处未接受的修订" in re.sub(r"\n\s+", "", r.stdout)
        assert r.stdout.rstrip().endswith("未发现问题。")
