"""`doclint diff OLD NEW` (re-review, 朔政办发〔2019〕40号 四) and `review --previous`.

Drafts written here: renumbered articles, a moved paragraph, a partly fixed clause, a new
violation in an added paragraph, and a statement of reasons for a point not adopted. The
side-by-side HTML is opened in a real headless Chromium (skipped with the reason when none).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import chromium
from conftest import run_cli

from doclint.diff import align, normalise, parse_reasons, Prov

OLD = """\
某某区停车场管理办法
第一条 为规范本区停车场管理，结合本区实际，制定本办法。
第二条 本办法适用于本区范围内经营性停车场的管理。
第三条 设立经营性停车场的，须经区城市管理局审批并取得停车场经营许可证后，方可营业。
第四条 停车场经营者应当向区城市管理局缴纳停车场管理费，并交纳5万元运营保证金。
第五条 车辆在停车场内超过30日未缴纳停车费的，区城市管理局可以扣押车辆。
第六条 停车场经营者应当在入口处公示收费标准和监督电话。
第七条 本办法自印发之日起施行。
"""

# 第三条 deleted (licence fixed); 第四条 partly fixed (管理费 gone, 保证金 kept); old 第六条 moved
# up to 第二条; the old 第五条 (扣押) stays, now 第五条 after renumbering; a new 第六条 sets a fine.
NEW = """\
某某区停车场管理办法
第一条 为规范本区停车场管理，结合本区实际，制定本办法。
第二条 停车场经营者应当在入口处公示收费标准和监督电话。
第三条 本办法适用于本区范围内经营性停车场的管理。
第四条 停车场经营者应当交纳5万元运营保证金。
第五条 车辆在停车场内超过30日未缴纳停车费的，区城市管理局可以扣押车辆。
第六条 停车场经营者违反本办法规定的，由区城市管理局处1万元以上3万元以下罚款。
第七条 本办法自印发之日起施行。
"""

STATEMENT = """\
审核意见未采纳情况及理由
一、关于原第三条设定停车场经营许可的意见，已采纳，删除该条。
二、关于原第五条扣押车辆的意见，未采纳，理由：长期占用车位的车辆影响公共秩序，需要及时处置。
三、关于第四条保证金的意见，部分采纳，删除了停车场管理费，
保留运营保证金，理由：保证金用于保障停车场持续运营。
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def drafts(tmp_path):
    return write(tmp_path / "old.txt", OLD), write(tmp_path / "new.txt", NEW)


@pytest.fixture()
def packages(tmp_path):
    manifest = "level: 县直部门\nissuer: 某某区城市管理局\n"
    old, new = tmp_path / "第一次送审", tmp_path / "第二次送审"
    write(old / "package.yaml", manifest)
    write(old / "某某区停车场管理办法（送审稿）.txt", OLD)
    write(new / "package.yaml", manifest)
    write(new / "某某区停车场管理办法（修改稿）.txt", NEW)
    write(new / "未采纳意见说明.txt", STATEMENT)
    return old, new


def diff_json(old, new, *extra) -> tuple[dict, int]:
    r = run_cli("diff", old, new, "--format", "json", "--today", "2025-06-01", *extra)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout), r.returncode


def by_rule(entries: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for e in entries:
        out.setdefault(e["rule"], []).append(e)
    return out


# --- alignment --------------------------------------------------------------------

def prov(i, text, section):
    return Prov(i, 0, 0, text, normalise(text), section, i + 1)


def test_normalise_drops_own_labels_and_reference_numbers():
    assert normalise("第十二条　违反本办法第五条规定的") == normalise("第九条 违反本办法第三条规定的")
    assert normalise("（三）营业执照；") == normalise("（一）营业执照；")
    assert normalise("二、工作要求") == "工作要求"


def test_renumbered_and_moved_provisions_align_by_text():
    old = [prov(0, "第一条 甲乙丙丁戊己庚辛。", "第一条"), prov(1, "第二条 子丑寅卯辰巳午未。", "第二条"),
           prov(2, "第三条 天地玄黄宇宙洪荒。", "第三条")]
    new = [prov(0, "第一条 天地玄黄宇宙洪荒。", "第一条"), prov(1, "第二条 甲乙丙丁戊己庚辛。", "第二条"),
           prov(2, "第三条 子丑寅卯辰巳午未，新增。", "第三条")]
    pairs = {(p.old.section if p.old else None): p for p in align(old, new)}
    assert pairs["第一条"].new.section == "第二条" and pairs["第一条"].renumbered and not pairs["第一条"].modified
    assert pairs["第三条"].new.section == "第一条" and pairs["第三条"].moved
    assert pairs["第二条"].new.section == "第三条" and pairs["第二条"].modified
    assert 0.5 <= pairs["第二条"].ratio < 1


def test_unrelated_provisions_are_deleted_and_added():
    pairs = align([prov(0, "第一条 甲乙丙丁戊己庚辛。", "第一条")], [prov(0, "第一条 天地玄黄宇宙洪荒。", "第一条")])
    assert [p.change for p in pairs] == ["deleted", "added"]  # a deleted one before what follows it


# --- findings ---------------------------------------------------------------------

def test_diff_of_drafts(drafts):
    old, new = drafts
    data, code = diff_json(old, new)
    d = data["diff"]
    fixed, remaining, added = by_rule(d["fixed"]), by_rule(d["remaining"]), by_rule(d["new"])
    # deleted clause: the licence is fixed
    lic = fixed["LIC001"][0]
    assert lic["provision"]["old_section"] == "第三条" and lic["provision"]["change"] == "deleted"
    # partly fixed clause: the fee is gone, the deposit remains, in the same aligned provision
    assert fixed["FEE002"][0]["provision"]["old_section"] == "第四条"
    dep = remaining["FEE003"][0]
    assert dep["provision"]["old_section"] == dep["provision"]["new_section"] == "第四条"
    assert dep["provision"]["change"] == "modified" and "管理费" in dep["provision"]["old_text"]
    assert dep["previous"]["rule"] == "FEE003" and "管理费" not in dep["provision"]["new_text"]
    # moved paragraph: its finding remains, found under its new number
    moved = [e for e in d["remaining"] if e["provision"] and e["provision"]["moved"]]
    assert moved and all(e["provision"]["old_section"] == "第六条" and e["provision"]["new_section"] == "第二条"
                         for e in moved)
    # the clause kept word for word still has its finding
    assert remaining["COE001"][0]["provision"]["change"] == "unchanged"
    # new violation in an added paragraph
    pen = added["PEN001"][0]
    assert pen["provision"]["change"] == "added" and pen["provision"]["new_section"] == "第六条"
    assert pen["provision"]["old_text"] is None
    # every entry is a finding of the report contract plus its provision
    for key in ("fixed", "remaining", "new"):
        for e in d[key]:
            assert {"rule", "category", "severity", "message", "line", "offset", "excerpt", "section", "basis"} <= set(e)
    assert d["summary"] == {"fixed": len(d["fixed"]), "remaining": len(d["remaining"]), "new": len(d["new"]),
                            "changed": len(d["changed"])}
    assert data["files"][0]["path"] == str(new)  # the report of the new version stays as in the contract
    assert code == 1  # COE001 remains and PEN001 is new, both errors


def test_changed_provision_without_findings(tmp_path):
    old = write(tmp_path / "a.txt", "某某办法\n第一条 为规范本区停车场管理，结合本区实际，制定本办法。\n第二条 本办法自印发之日起施行。\n")
    new = write(tmp_path / "b.txt", "某某办法\n第一条 为规范本区公共停车场管理，结合本区实际，制定本办法。\n"
                                   "第二条 本办法自2025年7月1日起施行。\n")
    data, code = diff_json(old, new)
    d = data["diff"]
    assert not d["fixed"] and not d["remaining"] and not d["new"]
    changed = {c["old_section"]: c for c in d["changed"]}
    assert changed["第一条"]["change"] == "modified" and "公共" in changed["第一条"]["new_text"]
    assert code == 0
    text = run_cli("diff", old, new).stdout
    assert "其他修改的条款（无发现，2 处）" in text and "合计：已修改 0 处，仍存在 0 处，新增 0 处" in text


def test_exit_code_follows_fail_on(tmp_path):
    old = write(tmp_path / "a.txt", OLD)
    fixed_all = write(tmp_path / "b.txt", "某某区停车场管理办法\n第一条 为规范本区停车场管理，结合本区实际，制定本办法。\n"
                                         "第二条 本办法自印发之日起施行。\n")
    data, code = diff_json(old, fixed_all)
    assert code == 0 and "COE001" in {e["rule"] for e in data["diff"]["fixed"]}
    _data, code = diff_json(old, write(tmp_path / "c.txt", NEW), "--fail-on", "error")
    assert code == 1


def test_text_output_in_chinese(drafts):
    old, new = drafts
    r = run_cli("diff", old, new)
    assert r.returncode == 1, r.stderr
    out = r.stdout
    for heading in ("已修改的问题", "仍存在的问题", "新增的问题", "其他修改的条款"):
        assert heading in out
    assert "第六条 → 第二条" in out and "第三条（已删除）" in out and "第六条（新增）" in out


# --- packages and the statement of reasons ---------------------------------------

def test_statement_of_reasons_is_attached(packages):
    old, new = packages
    data, _code = diff_json(old, new)
    remaining = by_rule(data["diff"]["remaining"])
    coe = remaining["COE001"][0]
    assert [r["reason"] for r in coe["reasons"]] == ["长期占用车位的车辆影响公共秩序，需要及时处置。"]
    assert coe["reasons"][0]["path"].endswith("未采纳意见说明.txt") and coe["reasons"][0]["line"] == 3
    dep = remaining["FEE003"][0]
    assert [r["reason"] for r in dep["reasons"]] == ["保证金用于保障停车场持续运营。"]
    moved = [e for e in data["diff"]["remaining"] if e["provision"] and e["provision"]["moved"]]
    assert moved and all(e["reasons"] == [] for e in moved)  # nothing said about it
    # the adopted point (已采纳) is attached to nothing
    assert all("许可" not in r["text"] for e in data["diff"]["remaining"] for r in e["reasons"])
    # package findings are compared too: still missing materials remain
    assert any(e["scope"] == "package" for e in data["diff"]["remaining"])


def test_parse_reasons_names_and_quotes():
    text = ("一、关于现第二条的意见，不予采纳，原因是该条系上级文件原文。\n"
            "二、关于“可以扣押车辆”的意见未采纳，理由：另有规定。\n"
            "三、第七条已按意见修改。\n")
    points = parse_reasons("说明.txt", text)
    assert [(p.line, p.articles, p.reason) for p in points] == [
        (1, [("new", 2)], "该条系上级文件原文。"), (2, [], "另有规定。")]
    assert points[1].quotes == ["可以扣押车辆"]


def test_review_previous_puts_adoption_table_in_opinion(packages, tmp_path):
    old, new = packages
    r = run_cli("review", new, "--previous", old, "--format", "markdown", "--today", "2025-06-01")
    assert r.returncode in (0, 1), r.stderr
    head = next(line for line in r.stdout.splitlines() if line.endswith("、上次审核意见的采纳情况"))
    table = r.stdout.split(head, 1)[1]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| 审核意见")]
    assert any(row.startswith("| 第三条：行政许可：") and "| 已采纳 |" in row for row in rows)
    assert any(row.startswith("| 第五条：行政强制：") and "| 未采纳 |" in row and "需要及时处置" in row for row in rows)
    assert any(row.startswith("| 原第六条（现第二条）：") and "未说明理由" in row for row in rows)
    r = run_cli("review", new, "--previous", old, "--format", "json", "--today", "2025-06-01")
    adoption = json.loads(r.stdout)["review"]["adoption"]
    assert len(adoption) == len(rows) and {a["status"] for a in adoption} == {"已采纳", "未采纳"}
    out = tmp_path / "意见.docx"
    r = run_cli("review", new, "--previous", old, "--format", "docx", "-o", out, "--today", "2025-06-01")
    assert r.returncode in (0, 1), r.stderr
    import docx

    tables = docx.Document(str(out)).tables
    assert any([c.text for c in t.rows[0].cells] == ["审核意见", "采纳情况", "说明"] and len(t.rows) == len(rows) + 1
               for t in tables)
    r = run_cli("review", new, "--format", "markdown", "--today", "2025-06-01")
    assert "采纳情况" not in r.stdout.split("送审材料和制定程序", 1)[0] and "上次审核意见的采纳情况" not in r.stdout
    r = run_cli("review", new, "--previous", tmp_path / "没有.txt")
    assert r.returncode == 2 and "Traceback" not in r.stderr


# --- bad input --------------------------------------------------------------------

def test_bad_input_one_line_chinese(tmp_path, drafts):
    old, _new = drafts
    r = run_cli("diff", old, tmp_path / "没有这个文件.txt")
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "不存在" in r.stderr and "Traceback" not in r.stderr
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    r = run_cli("diff", old, bad)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "坏.docx" in r.stderr
    empty = tmp_path / "空文件夹"
    empty.mkdir()
    r = run_cli("diff", empty, old)
    assert r.returncode == 2 and "没有草案" in r.stderr


# --- HTML in a real browser -------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def test_html_side_by_side_in_browser(browser, packages, tmp_path):
    old, new = packages
    # a draft line with markup must show as text
    write(new / "某某区停车场管理办法（修改稿）.txt", NEW.replace("第七条", "第八条 <script>alert(1)</script>停车场应当整洁。\n第七条"))
    page = tmp_path / "diff.html"
    r = run_cli("diff", old, new, "--format", "html", "-o", page, "--today", "2025-06-01")
    assert r.returncode == 1, r.stderr
    data, _code = diff_json(old, new)
    browser.set_window_size(1400, 1000)
    browser.get_log("browser")
    browser.get(page.resolve().as_uri())
    info = browser.execute_script("""
        const q = s => Array.from(document.querySelectorAll(s));
        const shown = el => el.getClientRects().length > 0 && el.getBoundingClientRect().width > 50;
        const count = k => Number(document.getElementById('count-' + k).dataset.count);
        const text = k => document.getElementById('count-' + k).querySelector('b').textContent;
        return {
          olds: q('.pair .cell.old .tx').filter(shown).length,
          news: q('.pair .cell.new .tx').filter(shown).length,
          sameRow: q('.pair').filter(p => p.querySelector('.old .tx') && p.querySelector('.new .tx')).every(p => {
              const a = p.querySelector('.old').getBoundingClientRect(), b = p.querySelector('.new').getBoundingClientRect();
              return Math.abs(a.top - b.top) < 1 && a.right <= b.left + 1; }),
          counts: {fixed: count('fixed'), remaining: count('remaining'), new: count('new'), changed: count('changed')},
          shownCounts: {fixed: text('fixed'), remaining: text('remaining'), new: text('new')},
          entries: {fixed: q('[data-entry="fixed"]').length, remaining: q('[data-entry="remaining"]').length,
                    new: q('[data-entry="new"]').length},
          scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
          scripts: q('script').length,
          hasMarkup: document.body.innerText.includes('<script>alert(1)</script>'),
          reasons: q('.reason').map(r => r.textContent),
          dels: q('del').length, inss: q('ins').length,
        };
    """)
    d = data["diff"]
    want = {k: len(d[k]) for k in ("fixed", "remaining", "new")}
    assert info["olds"] > 5 and info["news"] > 5 and info["sameRow"]
    assert {k: info["counts"][k] for k in want} == want and info["counts"]["changed"] == len(d["changed"])
    assert info["shownCounts"] == {k: str(v) for k, v in want.items()}
    assert info["entries"] == want
    assert info["scroll"] <= info["width"], "horizontal overflow at 1400 px"
    assert info["scripts"] == 0 and info["hasMarkup"]
    assert any("需要及时处置" in t for t in info["reasons"])
    assert info["dels"] and info["inss"]
    assert not [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    artifacts = Path(__file__).resolve().parents[1] / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    browser.save_screenshot(str(artifacts / "diff.png"))
