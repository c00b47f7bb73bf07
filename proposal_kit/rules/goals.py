"""Rules about the stage goals: measurable, inside the construction period, in order (第十一条(一))."""

from __future__ import annotations

from collections.abc import Iterator

from proposal_kit.findings import FieldPath, Severity
from proposal_kit.formats import chinese_date
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule


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


@rule("G002", "goal-outside-period", Severity.WARNING, "附件1 六.3")
def goal_outside_period(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """目标的完成时限不在建设周期内。

    目标按建设进度考核；晚于建设期结束的时限在建设期内无法考核。
    错误示例：建设期至 2027-12-31，中期目标时限 2028-12-31。正确示例：时限都在建设期内。
    """
    schedule = proposal.construction.schedule
    if not (schedule.start and schedule.end):
        return
    for path, goal in _goals(proposal):
        if goal.deadline and not schedule.start <= goal.deadline <= schedule.end:
            period = f"{chinese_date(schedule.start)}至{chinese_date(schedule.end)}"
            yield (
                (*path, "deadline"),
                f"目标「{goal.metric}」的时限{chinese_date(goal.deadline)}不在建设周期（{period}）内",
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
