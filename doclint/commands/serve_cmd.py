"""`doclint serve`: the reviewers' web page and JSON API on uvicorn (registered on doclint.cli.main)."""

from __future__ import annotations

import click

from doclint.cli import CONTEXT_SETTINGS, _date, fail, main


@main.command("serve", context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只允许本机访问）")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口")
@click.option("--db", metavar="DB", help="审核台账（SQLite 文件或 postgresql://…），用于存入和查看台账")
@click.option("--max-size", type=click.IntRange(1, 100), default=20, show_default=True, metavar="MB",
              help="单次上传大小上限")
@click.option("--upload-dir", type=click.Path(file_okay=False), help="上传文件的临时目录（默认新建私有临时目录）")
@click.option("--today", metavar="YYYY-MM-DD", help="固定“今天”（意见落款日期、期限计算）")
def serve_cmd(host, port, db, max_size, upload_dir, today):
    """启动本机网页：上传草案或送审材料，逐条采纳、不采纳或修改，生成审核意见；并提供 JSON 接口。"""
    try:
        import uvicorn

        from doclint.server.app import Config, create_app
    except ImportError as exc:
        fail(f"doclint serve 需要 starlette、uvicorn 和 python-multipart（pip install doclint 会安装）：{exc}")
    hosts = ["127.0.0.1", "localhost", "[::1]", "::1"]
    if host not in hosts:
        hosts.append(host)
        if host in ("0.0.0.0", "::"):
            hosts = ["*"]
            click.echo("doclint: 注意：监听所有地址，局域网内的其他计算机也能访问本页面", err=True)
    if db:
        from doclint.errors import DoclintError
        from doclint.ledger import open_ledger

        try:
            open_ledger(db).close()
        except DoclintError as exc:
            fail(str(exc))
    cfg = Config(db=db, upload_root=upload_dir, max_upload=max_size * 1024 * 1024, allowed_hosts=hosts,
                 today=_date(today, "--today"))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"doclint serve：在浏览器中打开 http://{shown}:{port}/ （Ctrl+C 停止）", err=True)
    try:
        uvicorn.run(create_app(cfg), host=host, port=port, log_level="warning", server_header=False)
    except OSError as exc:
        fail(f"无法在 {host}:{port} 监听（{exc.strerror or exc}）")
    finally:
        cfg.area.close()
