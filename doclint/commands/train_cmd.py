"""`doclint train`: a clause model from labelled clauses (docs/model.md)."""

from __future__ import annotations

import click

from doclint.cli import CONTEXT_SETTINGS, fail, main
from doclint.errors import DoclintError


@main.command("train", context_settings=CONTEXT_SETTINGS)
@click.argument("cases", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="模型文件（写出 NAME.npz 与清单 NAME.json）")
@click.option("--negatives", multiple=True, type=click.Path(exists=True),
              help="已发布文件的目录或文件，其条文作为弱反例")
@click.option("--train-only", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="只用于训练、不计入交叉验证成绩的条款文件")
@click.option("--from-suppressions", "suppressions", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="带理由的忽略指令所覆盖的发现作为被否定的条款")
@click.option("--from-ledger", "ledger", type=click.Path(), help="审核台账数据库中已采纳和否定的发现")
@click.option("--max-false-alarms", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="干净条款被标记的比例上限")
@click.option("--max-published-per10k", type=click.FloatRange(0), default=1.0, show_default=True,
              help="反例文档每万字内容发现上限（规则与模型合计）")
@click.option("--quiet", "-q", is_flag=True, help="不显示进度")
def train_cmd(cases, output, negatives, train_only, suppressions, ledger, max_false_alarms, max_published_per10k, quiet):
    """训练条款模型：CASES 为语料格式的条款文件（cases*.yaml：category、label、clause、source）。"""
    try:
        import sklearn  # noqa: F401
        import scipy  # noqa: F401
    except ImportError:
        fail("训练需要 scikit-learn：pip install 'doclint[train]'")
    ledger_rows = []
    if ledger:
        try:
            from doclint.ledger import decisions
        except ImportError:
            fail("审核台账模块（doclint.ledger）不可用，暂不能 --from-ledger；可先用 --from-suppressions")
        try:  # (clause, category, accepted): an accepted finding is a violation, a rejected one clean
            ledger_rows = [{"clause": text, "category": cat, "label": "violation" if ok else "clean", "source": f"ledger-{i}"}
                           for i, (text, cat, ok) in enumerate(decisions(ledger))]
        except DoclintError as exc:
            fail(str(exc))
    if not (cases or train_only or ledger_rows or suppressions):
        fail("没有给出条款文件（CASES、--train-only、--from-suppressions 或 --from-ledger）")
    from doclint.model.train import train

    def progress(msg: str) -> None:
        if not quiet:
            click.echo(f"doclint: {msg}", err=True)

    command = "doclint train"
    try:
        out = train(list(cases), output, list(train_only), list(negatives), list(suppressions), ledger_rows,
                    max_false_alarms, max_published_per10k, command=command, progress=progress)
    except DoclintError as exc:
        fail(str(exc))
    m = out["manifest"]
    click.echo(summary(m))
    click.echo(f"已写出模型 {out['npz']} 与清单 {out['json']}")


def summary(m: dict) -> str:
    lines = [f"分组 {m['threshold_rule']['folds']} 折交叉验证（按来源分组）："]
    lines.append(f"  {'':6s} {'违法条款检出':>12s} {'干净条款误报':>12s} {'反例每万字':>10s}")
    for key, name in (("rules", "仅规则"), ("model", "仅模型"), ("both", "规则+模型")):
        e = m["cv"][key]
        caught = f"{e['caught']}/{e['violations']} {100 * e['caught'] / e['violations']:.1f}%" if e["violations"] else "-"
        fa = f"{e['false_alarms']}/{e['clean']} {100 * e['false_alarms'] / e['clean']:.1f}%" if e["clean"] else "-"
        pub = f"{e['published_per10k']:.2f}" if e["published_per10k"] is not None else "-"
        lines.append(f"  {name:6s} {caught:>14s} {fa:>14s} {pub:>10s}")
    lines.append("阈值：" + "，".join(f"{c} {t:.3f}" if t < 1.0 else f"{c} 关闭" for c, t in m["thresholds"].items()))
    return "\n".join(lines)
