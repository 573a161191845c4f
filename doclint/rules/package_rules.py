"""Rules about a submission package (送审材料, 制定程序, 审核时限), not about one text.

Listed in ``rulesets/structure/package.yaml`` like any Python rule.  Their input
is the :class:`doclint.review.Facts` of a package, so ``check()`` on a plain
document finds nothing; ``doclint review`` calls ``check_package(facts)``.
Their examples describe a package (package.yaml keys plus ``files``, see
:func:`doclint.review.example_facts`); ``run_example`` builds that package in a
temporary folder and reviews it, so the examples go through the real loader,
recogniser and checker.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any, Iterable, Iterator

from doclint.document import Document
from doclint.errors import RulesetError
from doclint.finding import Finding
from doclint.rules.base import Context, PythonRule, register

# doclint.package and doclint.deadline (with its holiday calendar) are imported by the
# checks that use them: every run registers these rules, only `doclint review` runs them.

Placed = tuple[str, Finding]  # (path of the report entry, finding)


class PackageRule(PythonRule):
    """A rule whose input is a whole submission package."""

    def check(self, doc: Document, ctx: Context) -> Iterable[Finding]:
        return ()  # a single document is not a package

    def check_package(self, facts) -> Iterator[Placed]:  # pragma: no cover - interface
        raise NotImplementedError

    def run_example(self, text: str, ctx: Context, engine: Any) -> list[Finding]:
        from doclint.review import example_facts

        with tempfile.TemporaryDirectory(prefix="doclint-example-") as tmp:
            try:
                facts = example_facts(text, Path(tmp) / "示例送审材料", engine, ctx)
            except RulesetError as exc:
                raise RulesetError(self.meta.source or "<规则>", None,
                                   f"规则 {self.id} 的示例不是有效的送审材料描述：{exc.reason}") from None
            return [f for _, f in self.check_package(facts)]


def _material(kind: str) -> str:
    """The name of a kind of material, as section 四 lists it."""
    from doclint.package import MATERIALS

    return MATERIALS[kind]


# Kinds whose absence a procedure rule reports (so ATT001 does not repeat them).
PROCEDURE_KINDS = ("collective_discussion", "fair_competition", "expert_opinion", "risk_assessment")


@register("missing-material")
class MissingMaterialRule(PackageRule):
    """ATT001: a material section 四 requires for this package is not in the folder."""

    def check_package(self, facts) -> Iterator[Placed]:
        level = facts.package.level
        who = ("以政府名义或经政府批准以部门名义印发的文件" if facts.package.government_name
               else f"{level}制发的文件（四 末段：除报送审核公函和部门审核意见外）")
        for kind in facts.missing:
            if kind in PROCEDURE_KINDS:
                continue
            yield facts.on_inventory(
                self.meta, f"material:{kind}",
                message=f"送审材料缺少“{_material(kind)}”：{who}应当报送该材料。",
                suggestion=f"补送“{_material(kind)}”；材料不齐全的，审核机构予以退回或者要求补送（朔政办发〔2019〕40号 四）。")


@register("explanation-elements")
class ExplanationElementsRule(PackageRule):
    """ATT002: the 起草说明 does not address one of the elements 四 lists."""

    def check_package(self, facts) -> Iterator[Placed]:
        from doclint.package import drafting_explanation_gaps

        for path in facts.package.files("explanation"):
            source = facts.texts.get(path)
            if source is None:
                yield facts.on_file(
                    self.meta, path,
                    message=f"起草说明“{facts.rel(path)}”无法读取，无法核对其是否写明依据、必要性、制定过程、主要问题和主要措施。",
                    suggestion="提交可读取的起草说明（.docx、.txt、.md 或含文字的 PDF）。")
                continue
            for element in drafting_explanation_gaps(source.text):
                yield facts.on_file(
                    self.meta, path,
                    message=f"起草说明没有写明“{ELEMENT_LABELS[element]}”。",
                    suggestion=f"在起草说明中补充{ELEMENT_LABELS[element]}。")


ELEMENT_LABELS = {
    "依据": "制定的依据",
    "必要性": "制定的必要性",
    "制定过程": "制定过程",
    "主要问题": "所要解决的主要问题",
    "主要措施": "拟采取的主要措施",
}  # one per doclint.package.EXPLANATION_ELEMENTS (checked by the tests)


@register("unrecognised-file")
class UnrecognisedFileRule(PackageRule):
    """ATT003: a file whose material kind could not be recognised."""

    def check_package(self, facts) -> Iterator[Placed]:
        for path in facts.package.unrecognised:
            rel = facts.rel(path)
            why = facts.unreadable.get(path)
            extra = "（文件无法读取）" if why else ""
            yield facts.on_inventory(
                self.meta, f"unrecognised:{rel}",
                message=f"无法从文件名或开头几行识别“{rel}”是哪一种送审材料{extra}，该文件未计入送审材料。",
                suggestion=f"在 package.yaml 的 materials 中写明其种类，如“{rel}: 起草说明”，或按材料名称重命名文件。")


@register("fair-competition")
class FairCompetitionRule(PackageRule):
    """PRO001: a draft concerning market operators' economic activity without 公平竞争审查 material."""

    OPTIONS = {
        "market_subjects": [
            "经营者", "市场主体", "企业", "商户", "个体工商户", "供应商", "投标人", "生产经营单位",
            "经营单位", "运营单位", "运营商", "承运人", "行业协会",
        ],
        "market_activities": [
            "经营", "准入", "补贴", "奖补", "奖励", "扶持资金", "招标", "投标", "采购", "特许", "价格",
            "收费", "资质", "市场", "入驻", "销售", "营业", "优惠", "贴息", "退出",
        ],
    }

    def check_package(self, facts) -> Iterator[Placed]:
        if not facts.market.related or facts.package.files("fair_competition"):
            return
        yield facts.on_inventory(
            self.meta, "material:fair_competition",
            message=(f"草案涉及经营者经济活动（{facts.market.reason}），送审材料中没有“{_material('fair_competition')}”，"
                     "不能表明起草单位已进行公平竞争审查。"))


@register("collective-discussion")
class CollectiveDiscussionRule(PackageRule):
    """PRO002: no record of the 集体讨论决定 among the materials."""

    def check_package(self, facts) -> Iterator[Placed]:
        if "collective_discussion" in facts.missing:
            yield facts.on_inventory(self.meta, "material:collective_discussion")


@register("major-assessment")
class MajorAssessmentRule(PackageRule):
    """PRO003: a draft marked 重大 (major: true) without 专家论证意见 or 风险评估报告."""

    def check_package(self, facts) -> Iterator[Placed]:
        for kind in ("expert_opinion", "risk_assessment"):
            if kind in facts.missing:
                yield facts.on_inventory(
                    self.meta, f"material:{kind}",
                    message=f"package.yaml 标明本件为重大规范性文件（major: true），送审材料中没有“{_material(kind)}”。",
                    suggestion=f"补送“{_material(kind)}”；如本件不属于重大事项，在 package.yaml 中改为 major: false。")


@register("period-too-short")
class PeriodTooShortRule(PackageRule):
    """DDL001: review completed in fewer than 5 working days."""

    def check_package(self, facts) -> Iterator[Placed]:
        from doclint.deadline import MIN_DAYS

        p = facts.period
        if p is not None and p.status == "too_short":
            yield facts.on_inventory(
                self.meta, "completed",
                message=(f"审核用时{p.working_days_used}个工作日，未达到一般不少于{MIN_DAYS}个工作日的要求："
                         f"{_days(p)}审核于{_cn(p.as_of)}完成。"))


@register("period-too-long")
class PeriodTooLongRule(PackageRule):
    """DDL002: review took, or has already taken, more than 15 working days."""

    def check_package(self, facts) -> Iterator[Placed]:
        from doclint.deadline import MAX_DAYS

        p = facts.period
        if p is None or p.status not in ("too_long", "overdue"):
            return
        done = (f"审核于{_cn(p.as_of)}完成" if p.status == "too_long"
                else f"截至{_cn(p.as_of)}审核尚未完成")
        yield facts.on_inventory(
            self.meta, "completed",
            message=(f"审核用时{p.working_days_used}个工作日，超过最长{MAX_DAYS}个工作日：{_days(p)}{done}。"))


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _days(p) -> str:
    from doclint.deadline import MAX_DAYS, MIN_DAYS

    paused = f"（已扣除暂停审核的{p.paused_workdays}个工作日）" if p.paused_workdays else ""
    return (f"{_cn(p.received)}收到全部材料，第1个工作日为{_cn(p.start)}，第{MIN_DAYS}个工作日为{_cn(p.earliest)}，"
            f"第{MAX_DAYS}个工作日为{_cn(p.latest)}{paused}，")


@register("unlisted-pause")
class UnlistedPauseRule(PackageRule):
    """DDL003: a pause whose reason is not one of the kinds 六 excludes from the period."""

    def check_package(self, facts) -> Iterator[Placed]:
        from doclint.deadline import PAUSE_KINDS

        listed = "、".join(PAUSE_KINDS)
        for i, pause in enumerate(facts.package.pauses):
            if pause.kind is None:
                yield facts.on_inventory(
                    self.meta, f"pause:{i}",
                    message=(f"暂停审核事由“{pause.reason}”不属于六所列不计入审核期限的情形（{listed}），"
                             "这段时间可能应计入审核期限。"))
