"""`doclint ledger …`: the review ledger (台账) and the register of documents in force."""

from __future__ import annotations

import datetime as _dt
import json
import os
from pathlib import Path

import click

from doclint.cli import CONTEXT_SETTINGS, _date, fail, main
from doclint.errors import DoclintError

STATUSES = ("收文", "审核中", "已出具意见", "已采纳", "退回", "已办结")
CONCLUSIONS = ("合法", "不合法", "应当予以修改")


def _target(db: str | None) -> str:
    """--db, else `ledger` of the configuration found from the current folder, else the default."""
    if db:
        return db
    from doclint.config import Resolver
    from doclint.ledger.db import default_location

    try:
        config = Resolver().config_for(".")
    except DoclintError as exc:
        fail(str(exc))
    value = config.get("ledger")
    if value:
        if "://" not in value and not os.path.isabs(value) and config.files:
            value = os.path.join(os.path.dirname(str(config.files[-1])), value)
        return value
    return default_location()


def _open(ctx: click.Context):
    from doclint.ledger.store import Ledger

    try:
        return Ledger(ctx.obj["db"])
    except DoclintError as exc:
        fail(str(exc))


def _iso(v) -> str | None:
    if isinstance(v, _dt.datetime):
        return v.astimezone().replace(microsecond=0).isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return v


@main.group("ledger", context_settings=CONTEXT_SETTINGS)
@click.option("--db", metavar="PATH|URL",
              help="台账数据库：SQLite 文件路径或 postgresql://用户@主机:端口/库名（默认：配置 ledger，或 ~/.local/share/doclint/doclint-ledger.db）。")
@click.pass_context
def ledger_group(ctx, db):
    """审核台账：登记审核、状态流转、导出，现行有效文件登记与到期清理（朔政办发〔2019〕40号 九）。"""
    ctx.obj = {"db": _target(db)}


# --- add ---------------------------------------------------------------------------------

@ledger_group.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("package", type=click.Path(file_okay=False))
@click.option("--reviewer", metavar="姓名", help="审核人（默认 $DOCLINT_USER 或登录名）")
@click.option("--status", type=click.Choice(STATUSES), help="登记时的状态（默认：已完成审核为“已出具意见”，否则“审核中”）。")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”")
@click.option("--weekends-only", is_flag=True, help="没有节假日数据的年份只按周末计算。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def add_cmd(ctx, package, reviewer, status, today, weekends_only, fmt):
    """审核送审材料文件夹（同 doclint review，并对照台账查重复、不一致）并登记；同一文件再次登记为新一轮审核。"""
    from doclint.config import Resolver
    from doclint.engine import Engine
    from doclint.ledger.store import who
    from doclint.linter import Options
    from doclint.review import Settings, review_package

    if not Path(package).is_dir():
        fail(f"{package}: 不是文件夹（doclint ledger add 的参数是送审材料所在的文件夹）")
    ledger = _open(ctx)
    try:
        config = Resolver().config_for(package)
        engine = Engine.load(list(config.get("rulesets")))
        given = _date(today, "--today")
        settings = Settings(
            today=given or _dt.date.today(), opinion_date=given, calendar_dirs=tuple(config.get("calendar")),
            weekends_only=weekends_only, subjects_path=config.get("subjects"),
            options=Options(select=list(config.get("select")), ignore=list(config.get("ignore")),
                            severity=dict(config.get("severity") or {}), ledger=ctx.obj["db"]),
        )
        review = review_package(package, engine, settings)
        hook = None
        if os.environ.get("DOCLINT_LEDGER_TEST_PAUSE"):  # tests only: hold the open transaction (SIGKILL test)
            import time

            def hook(rid, _s=float(os.environ["DOCLINT_LEDGER_TEST_PAUSE"])):
                click.echo(f"pausing in transaction {rid}", err=True)
                time.sleep(_s)
        rec = ledger.add_review(review, who(reviewer), status, pause_hook=hook)
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    conflicts = sum(1 for fr in review.report.files for f in fr.findings if f.rule in ("CFL003", "CFL004"))
    if fmt == "json":
        click.echo(json.dumps({**rec, "conclusion": review.conclusion, "title": review.title,
                               "ledger_findings": conflicts}, ensure_ascii=False, indent=2))
        return
    link = f"，接续第 {rec['first_id']} 号的再次审核" if rec["first_id"] else ""
    click.echo(f"已登记 #{rec['id']}《{review.title}》第{rec['round']}轮审核{link}：结论“{review.conclusion}”，"
               f"状态“{rec['status']}”，{rec['materials']} 份材料，{rec['findings']} 个问题"
               f"（其中与现行有效文件重复或不一致 {conflicts} 个）。")


# --- list / show / set / export -------------------------------------------------------------

def _calendar(weekends_only: bool):
    from doclint.review import Settings

    return Settings(weekends_only=weekends_only).calendar()


def _left(due: _dt.date, today: _dt.date, calendar) -> int:
    """Working days from today (exclusive) to due (inclusive); negative when past."""
    from doclint.workdays import YearNotCovered

    if due < today:
        return -1
    n, day = 0, today
    while day < due:
        day += _dt.timedelta(days=1)
        try:
            if calendar.is_workday(day):
                n += 1
        except YearNotCovered:
            if day.weekday() < 5:
                n += 1
    return n


def _rows(ledger, status, unit, since, until, conclusion, overdue, due_within, today, weekends_only) -> list[dict]:
    rows = ledger.review_rows(list(status), unit, since, until, list(conclusion))
    calendar = _calendar(weekends_only) if (overdue or due_within is not None) else None
    out = []
    for r in rows:
        pending = r["status"] in ("收文", "审核中") and r["due"] is not None
        if overdue and not (pending and r["due"] < today):
            continue
        if due_within is not None and not (pending and r["due"] >= today and _left(r["due"], today, calendar) <= due_within):
            continue
        out.append(r)
    return out


def _plain(r: dict) -> dict:
    keep = ("id", "round", "first_id", "previous_id", "status", "title", "drafting_unit", "issuer", "level",
            "doc_number", "received", "completed", "due", "emergency", "conclusion", "reviewer", "findings",
            "package_path", "created_at", "updated_at")
    d = {k: _iso(r.get(k)) for k in keep}
    d["pauses"] = json.loads(r.get("pauses") or "[]")
    return d


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _pad(s: str, w: int) -> str:
    return s + " " * max(0, w - _width(s))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths)).rstrip()]
    for r in rows:
        lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
    return "\n".join(lines)


_filters = [
    click.option("--status", multiple=True, type=click.Choice(STATUSES), help="按状态（可多次）。"),
    click.option("--unit", metavar="单位", help="起草单位包含该文字。"),
    click.option("--from", "since", metavar="YYYY-MM-DD", help="收文日期不早于。"),
    click.option("--to", "until", metavar="YYYY-MM-DD", help="收文日期不晚于。"),
    click.option("--conclusion", multiple=True, type=click.Choice(CONCLUSIONS), help="按审核结论（可多次）。"),
    click.option("--overdue", is_flag=True, help="只列审核未完成且已超过审核期限的。"),
    click.option("--due-within", type=click.IntRange(min=0), metavar="N", help="只列审核未完成、N 个工作日内到期的。"),
    click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”。"),
    click.option("--weekends-only", is_flag=True, help="没有节假日数据的年份只按周末计算。"),
]


def filters(f):
    for opt in reversed(_filters):
        f = opt(f)
    return f


@ledger_group.command("list", context_settings=CONTEXT_SETTINGS)
@filters
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def list_cmd(ctx, status, unit, since, until, conclusion, overdue, due_within, today, weekends_only, fmt):
    """列出台账中的审核记录 / list reviews."""
    today_d = _date(today, "--today") or _dt.date.today()
    ledger = _open(ctx)
    try:
        rows = _rows(ledger, status, unit, _date(since, "--from"), _date(until, "--to"), conclusion, overdue,
                     due_within, today_d, weekends_only)
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps([_plain(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("台账中没有符合条件的审核记录。")
        return
    table = [[str(r["id"]), str(r["round"]), r["status"], _iso(r["received"]) or "-", _iso(r["due"]) or "-",
              r["conclusion"], str(r["findings"]), r["drafting_unit"] or "-", r["title"]] for r in rows]
    click.echo(_table(["编号", "轮次", "状态", "收文日期", "审核期限", "结论", "问题", "起草单位", "标题"], table))
    click.echo(f"共 {len(rows)} 条。")


@ledger_group.command("show", context_settings=CONTEXT_SETTINGS)
@click.argument("rid", metavar="ID", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def show_cmd(ctx, rid, fmt):
    """显示一条审核记录：材料、问题、各轮审核、状态历史 / show one review."""
    ledger = _open(ctx)
    try:
        r = ledger.review(rid)
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    if fmt == "json":
        d = _plain({**r, "findings": len(r["findings"])})
        d["opinion"] = r["opinion"]
        d["materials"] = [{k: m[k] for k in ("kind", "name", "sha256", "size")} for m in r["materials"]]
        d["findings"] = [{"id": f["id"], "path": f["path"], "decision": f["decision"], "clause": f["clause"],
                          **{k: f[k] for k in ("reason", "edited", "remark") if f.get(k)},
                          **json.loads(f["data"])} for f in r["findings"]]
        d["stored"] = bool(r.get("stored"))
        d["history"] = [{k: _iso(h[k]) for k in ("at", "who", "status_from", "status_to", "note")} for h in r["history"]]
        d["rounds"] = [{k: _iso(x[k]) for k in ("id", "round", "status", "conclusion", "created_at")} for x in r["rounds"]]
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
        return
    out = [f"#{r['id']}《{r['title']}》第{r['round']}轮审核",
           f"状态：{r['status']}    结论：{r['conclusion']}    审核人：{r['reviewer']}",
           f"起草单位：{r['drafting_unit'] or '未写明'}    制定机关：{r['issuer'] or '未写明'}    文号：{r['doc_number'] or '无'}",
           f"收文：{_iso(r['received']) or '未写明'}    完成：{_iso(r['completed']) or '未完成'}    审核期限：{_iso(r['due']) or '未计算'}"
           + (f"    紧急情形：{r['emergency']}" if r["emergency"] else "")]
    for p in json.loads(r["pauses"] or "[]"):
        out.append(f"暂停：{p['start']} 至 {p['end']}（{p['reason']}）")
    out.append(f"送审材料：{r['package_path']}")
    out.append("材料（sha256 前 12 位，字节数）：")
    for m in r["materials"]:
        out.append(f"  {m['name']}  {m['sha256'][:12]}  {m['size']}")
    out.append(f"问题（{len(r['findings'])} 个）：")
    for f in r["findings"]:
        d = json.loads(f["data"])
        verdict = {True: "  [采纳]", False: "  [不采纳]", None: ""}[f["decision"]]
        if f.get("decision") is False and f.get("reason"):
            verdict = f"  [不采纳：{f['reason']}]"
        elif f.get("decision") and f.get("edited"):
            verdict = "  [修改]"
        out.append(f"  [{f['id']}] {f['path']}:{d['line']} {d['rule']} {d['severity']}：{d['message'][:120]}{verdict}")
        if f.get("decision") and f.get("edited"):
            out.append(f"      修改为：{f['edited']}")
        if f.get("remark"):
            out.append(f"      备注：{f['remark']}")
    if len(r["rounds"]) > 1:
        out.append("各轮审核：" + "；".join(f"第{x['round']}轮 #{x['id']} {x['conclusion']} {x['status']}" for x in r["rounds"]))
    out.append("状态历史：")
    for h in r["history"]:
        change = f"{h['status_from']} → {h['status_to']}" if h["status_from"] and h["status_from"] != h["status_to"] else h["status_to"]
        out.append(f"  {_iso(h['at'])}  {h['who']}  {change}" + (f"  {h['note']}" if h["note"] else ""))
    click.echo("\n".join(out))


@ledger_group.command("set", context_settings=CONTEXT_SETTINGS)
@click.argument("rid", metavar="ID", type=int)
@click.option("--status", type=click.Choice(STATUSES), help="新状态。")
@click.option("--note", metavar="说明", help="说明（记入历史）。")
@click.option("--by", metavar="姓名", help="操作人（默认 $DOCLINT_USER 或登录名）。")
@click.option("--accept", multiple=True, type=int, metavar="问题编号", help="起草单位采纳了该问题（可多次）。")
@click.option("--reject", multiple=True, type=int, metavar="问题编号", help="该问题未被采纳（可多次）。")
@click.pass_context
def set_cmd(ctx, rid, status, note, by, accept, reject):
    """更改状态或记录说明；每次变更连同操作人和时间记入历史，不可改写 / change status (append-only history)."""
    from doclint.ledger.store import who

    if status is None and not note and not accept and not reject:
        fail("请至少给出 --status、--note、--accept 或 --reject 之一")
    ledger = _open(ctx)
    try:
        res = ledger.set_status(rid, status, note, who(by), tuple(accept), tuple(reject))
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    change = f"{res['status_from']} → {res['status_to']}" if res["status_from"] != res["status_to"] else f"仍为“{res['status_to']}”"
    click.echo(f"#{rid} 状态：{change}" + (f"；说明：{note}" if note else ""))


EXPORT_COLUMNS = [("id", "编号"), ("round", "轮次"), ("first_id", "首轮编号"), ("status", "状态"), ("title", "标题"),
                  ("drafting_unit", "起草单位"), ("issuer", "制定机关"), ("doc_number", "文号"), ("received", "收文日期"),
                  ("completed", "完成日期"), ("due", "审核期限"), ("emergency", "紧急情形"), ("conclusion", "结论"),
                  ("findings", "问题数"), ("reviewer", "审核人"), ("created_at", "登记时间"), ("updated_at", "更新时间")]


@ledger_group.command("export", context_settings=CONTEXT_SETTINGS)
@filters
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "json"]), required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="写入文件（xlsx 必须指定）。")
@click.pass_context
def export_cmd(ctx, status, unit, since, until, conclusion, overdue, due_within, today, weekends_only, fmt, output):
    """导出台账（csv 用 UTF-8 BOM，Excel 可直接打开；xlsx；json）/ export the ledger."""
    if fmt == "xlsx" and not output:
        fail("--format xlsx 需要用 --output 指定 .xlsx 文件")
    today_d = _date(today, "--today") or _dt.date.today()
    ledger = _open(ctx)
    try:
        rows = [_plain(r) for r in _rows(ledger, status, unit, _date(since, "--from"), _date(until, "--to"),
                                         conclusion, overdue, due_within, today_d, weekends_only)]
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    for r in rows:
        r["pauses_text"] = "；".join(f"{p['start']}至{p['end']} {p['reason']}" for p in r["pauses"])
    cols = EXPORT_COLUMNS + [("pauses_text", "暂停审核")]
    try:
        if fmt == "json":
            text = json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
            _write_text(text, output)
        elif fmt == "csv":
            import csv
            import io

            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow([c[1] for c in cols])
            for r in rows:
                w.writerow(["" if r.get(k) is None else r.get(k) for k, _ in cols])
            _write_text(("\ufeff" if output else "") + buf.getvalue(), output)
        else:
            from openpyxl import Workbook

            wb = Workbook()
            ws = wb.active
            ws.title = "审核台账"
            ws.append([c[1] for c in cols])
            for r in rows:
                ws.append([r.get(k) for k, _ in cols])
            ws.freeze_panes = "A2"
            wb.save(output)
    except OSError as exc:
        fail(f"{output}: 无法写入（{exc.strerror or exc.__class__.__name__}）")
    if output:
        click.echo(f"已导出 {len(rows)} 条审核记录：{output}", err=True)


def _write_text(text: str, output: str | None) -> None:
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        click.echo(text, nl=False)


# --- documents in force ------------------------------------------------------------------

@ledger_group.command("register", context_settings=CONTEXT_SETTINGS)
@click.argument("paths", nargs=-1, required=True)
@click.option("--doc-number", metavar="文号", help="文号（覆盖正文中识别的；只能用于一个文件）。")
@click.option("--issuer", metavar="机关", help="制定机关。")
@click.option("--title", metavar="标题", help="标题（只能用于一个文件）。")
@click.option("--written", metavar="YYYY-MM-DD", help="成文日期。")
@click.option("--effective", metavar="YYYY-MM-DD", help="施行日期。")
@click.option("--expires", metavar="YYYY-MM-DD", help="有效期届满日（最后一个有效日）。")
@click.option("--by", metavar="姓名", help="登记人。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def register_cmd(ctx, paths, doc_number, issuer, title, written, effective, expires, by, fmt):
    """登记现行有效的规范性文件（文号、制定机关、成文日期、施行日期、有效期取自正文，可用选项覆盖），供查重复、不一致。"""
    from doclint.ledger.store import published_fields, who
    from doclint.linter import expand_paths

    files = []
    for p in paths:
        if not os.path.exists(p):
            fail(f"{p}: 文件不存在")
        files.extend(expand_paths([p]))
    if not files:
        fail("没有找到可登记的文件（.docx、.txt、.md、.pdf 等）")
    if len(files) > 1 and (doc_number or title):
        fail("--doc-number 和 --title 只能用于登记一个文件")
    over = {"doc_number": doc_number, "issuer": issuer, "title": title, "written": _date(written, "--written"),
            "effective": _date(effective, "--effective"), "expires": _date(expires, "--expires")}
    ledger = _open(ctx)
    done = []
    try:
        for f in files:
            fields = published_fields(Path(f))
            fields.update({k: v for k, v in over.items() if v is not None})
            how, did = ledger.register(Path(f), fields, who(by))
            done.append({"id": did, "how": how, "path": f, **{k: _iso(v) for k, v in fields.items()}})
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    if fmt == "json":
        click.echo(json.dumps(done, ensure_ascii=False, indent=2))
        return
    words = {"added": "已登记", "updated": "已更新（同文号重新登记）", "same": "已登记过，未变"}
    for d in done:
        click.echo(f"{words[d['how']]} #{d['id']}《{d['title']}》{d['doc_number'] or '无文号'}，"
                   f"成文 {d['written'] or '未识别'}，施行 {d['effective'] or '未识别'}，有效期至 {d['expires'] or '未写明'}")


@ledger_group.command("expiring", context_settings=CONTEXT_SETTINGS)
@click.option("--days", type=click.IntRange(min=0), default=90, show_default=True, help="N 天内有效期届满的。")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”。")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def expiring_cmd(ctx, days, today, fmt):
    """列出有效期在 N 天内届满或已经届满的现行文件（清理）/ documents whose validity ends soon or has ended."""
    today_d = _date(today, "--today") or _dt.date.today()
    ledger = _open(ctx)
    try:
        rows = ledger.expiring(today_d, days)
    except DoclintError as exc:
        fail(str(exc))
    finally:
        ledger.close()
    items = []
    for r in rows:
        left = (r["expires"] - today_d).days
        state = f"已于 {r['expires']} 届满，应予清理" if left < 0 else ("今日届满" if left == 0 else f"{left} 天后届满")
        items.append({"id": r["id"], "doc_number": r["doc_number"], "title": r["title"], "issuer": r["issuer"],
                      "expires": _iso(r["expires"]), "days_left": left, "expired": left < 0, "state": state})
    if fmt == "json":
        click.echo(json.dumps(items, ensure_ascii=False, indent=2))
        return
    if not items:
        click.echo(f"没有 {days} 天内届满或已届满的现行文件。")
        return
    click.echo(_table(["编号", "文号", "有效期至", "状况", "标题"],
                      [[str(i["id"]), i["doc_number"] or "-", i["expires"], i["state"], i["title"]] for i in items]))
    click.echo(f"共 {len(items)} 件。")
