"""Rules about the stage goals: measurable, inside the construction period, in order (第十一条(一))."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from proposal_kit.findings import FieldPath, Severity
from proposal_kit.formats import chinese_date
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import Comparator
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.schedule import period


def _goals(proposal: Proposal) -> Iterator[tuple[FieldPath, object]]:
    goals = proposal.directions.goals
    for term in ("near_term", "mid_term"):
        for index, goal in enumerate(getattr(goals, term)):
            yield ("directions", "goals", term, index), goal


@rule("G001", "goal-not-measurable", Severity.ERROR, "第十一条(一)")
def goal_not_measurable(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """阶段目标缺少指标、目标值或完成时限。

    第十一条(一)要求阶段发展目标可测度、可考核、可实现。
    错误示例：``{metric: 提升创新能力}``。
    正确示例：``{metric: 中试良率, comparator: ≥, target: 85, unit: "%", deadline: 2026-06-30}``。
    """
    for path, goal in _goals(proposal):
        missing = [
            label
            for label, value in (("指标", goal.metric), ("目标值", goal.target), ("完成时限", goal.deadline))
            if value is None
        ]
        if missing:
            yield path, f"目标「{goal.metric or '（未命名）'}」缺少{'、'.join(missing)}，无法考核"


@rule("G002", "goal-after-period", Severity.WARNING, "附件1 六.3")
def goal_after_period(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """目标的完成时限晚于建设周期结束。

    目标按建设进度考核；晚于建设期结束的时限在建设期内无法考核，评审会问如何考核。
    错误示例：建设期至 2027-12-31，中期目标时限 2028-12-31。正确示例：时限都在建设期内。
    """
    known = period(proposal)
    if known is None:
        return
    start, end = known
    for path, goal in _goals(proposal):
        if goal.deadline and goal.deadline > end:
            yield (
                (*path, "deadline"),
                f"目标「{goal.metric}」的时限{chinese_date(goal.deadline)}晚于建设周期（{chinese_date(start)}至{chinese_date(end)}）",
            )


@rule("G005", "goal-before-start", Severity.ERROR, "第十一条(一)")
def goal_before_start(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """目标的完成时限早于编制日期或建设开始日期。

    时限已过或早于建设开始的目标无从考核（第十一条(一)：可测度、可考核、可实现），通常是年份写错了。
    错误示例：编制日期 2025-03-01，近期目标时限 2024-12-31。正确示例：时限在建设期内。
    """
    known = period(proposal)
    prepared_on = proposal.center.prepared_on
    earliest = max(prepared_on, known[0]) if known else prepared_on
    for path, goal in _goals(proposal):
        if goal.deadline and goal.deadline < earliest:
            reason = "建设开始日期" if known and earliest == known[0] else "编制日期"
            yield (
                (*path, "deadline"),
                f"目标「{goal.metric}」的时限{chinese_date(goal.deadline)}早于{reason}{chinese_date(earliest)}",
            )


_RATIO = re.compile(r"率|比例|占比|份额|覆盖|达标")


@rule("G006", "ratio-over-hundred", Severity.ERROR, "第十一条(一)")
def ratio_over_100(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """比例类目标（良率、占比等）超过 100%。

    第十一条(一)：阶段目标要可实现。良率、占比、覆盖率不会超过 100%；增长率不在此列。
    错误示例：``{metric: 中试良率, target: 120, unit: "%"}``。正确示例：``target: 85``。
    """
    for path, goal in _goals(proposal):
        metric = goal.metric or ""
        ratio = _RATIO.search(metric) and not re.search("增长|增速|提升|提高|降低|下降", metric)
        if goal.unit == "%" and ratio and goal.target is not None and goal.target > 100:
            yield (*path, "target"), f"目标「{metric}」为 {goal.target}%，比例不会超过 100%"


@rule("G007", "goal-without-unit", Severity.WARNING, "第十一条(一)")
def goal_without_unit(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """目标有目标值，没有计量单位。

    错误示例：``{metric: 通过认证的产品型号, target: 3}``。正确示例：``unit: 款``。
    """
    for path, goal in _goals(proposal):
        if goal.target is not None and not goal.unit:
            yield (*path, "unit"), f"目标「{goal.metric}」没有计量单位"


@rule("G008", "goal-already-met", Severity.WARNING, "第十一条(一)")
def goal_already_met(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """目标值不比现状值更好：目标已经达到。

    错误示例：现状良率 62%，目标「≥ 60%」。正确示例：目标高于现状。
    """
    for path, goal in _goals(proposal):
        if goal.target is None or goal.baseline is None:
            continue
        at_least = goal.comparator is Comparator.AT_LEAST and goal.target <= goal.baseline
        at_most = goal.comparator is Comparator.AT_MOST and goal.target >= goal.baseline
        if at_least or at_most:
            yield (
                (*path, "target"),
                f"目标「{goal.metric}」{goal.comparator.value} {goal.target}，现状已是 {goal.baseline}，目标已经达到",
            )


@rule("G003", "near-after-mid", Severity.WARNING, "附件1 四.4")
def near_after_mid(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """近期目标的时限晚于最早的中期目标。

    近期目标应先于中期目标完成；晚于中期目标的近期目标通常是放错了位置。
    错误示例：近期目标 2027-12-31，中期目标 2027-06-30。正确示例：近期目标时限都更早。
    """
    goals = proposal.directions.goals
    mid = [g.deadline for g in goals.mid_term if g.deadline]
    if not mid:
        return
    first_mid = min(mid)
    for index, goal in enumerate(goals.near_term):
        if goal.deadline and goal.deadline > first_mid:
            yield (
                ("directions", "goals", "near_term", index, "deadline"),
                f"近期目标「{goal.metric}」的时限晚于中期目标的最早时限{chinese_date(first_mid)}",
            )


@rule("G004", "goals-missing", Severity.ERROR, "附件1 四.4、第十一条(一)")
def goals_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """只有近期目标或只有中期目标。

    附件1 四.4 是「近期和中期目标」，两者都要有可考核的条目。
    错误示例：``mid_term: []``。正确示例：近期、中期目标各列若干条，每条有指标、目标值和时限。
    """
    goals = proposal.directions.goals
    terms: list[tuple[str, Any, str]] = [("near_term", goals.near_term, "近期"), ("mid_term", goals.mid_term, "中期")]
    if all(not items for _, items, _ in terms):
        return  # C001 says the item is missing
    for key, items, label in terms:
        if not items:
            yield ("directions", "goals", key), f"没有{label}目标：附件1 四.4 要求近期和中期目标"
