"""Rules about the construction schedule (附件1 六.3)."""

from __future__ import annotations

from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.formats import chinese_date
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule


@rule("T001", "schedule-order", Severity.ERROR, "附件1 六.3")
def schedule_order(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """建设完成早于开始，某阶段结束早于开始，或某阶段开始于上一阶段之前。

    错误示例：第二阶段 2025-01-01 开始，早于第一阶段的 2025-04-01。正确示例：各阶段依次衔接。
    """
    schedule = proposal.construction.schedule
    if schedule.start and schedule.end and schedule.start > schedule.end:
        yield (
            ("construction", "schedule", "end"),
            f"建设完成日期{chinese_date(schedule.end)}早于开始日期{chinese_date(schedule.start)}",
        )
    previous = None
    for index, phase in enumerate(schedule.phases):
        path = ("construction", "schedule", "phases", index)
        if phase.start and phase.end and phase.start > phase.end:
            yield (*path, "end"), f"阶段「{phase.name}」的结束日期早于开始日期"
        if previous and previous.start and phase.start and phase.start < previous.start:
            yield (*path, "start"), f"阶段「{phase.name}」开始于上一阶段「{previous.name}」之前"
        previous = phase


@rule("T002", "phase-outside-period", Severity.ERROR, "附件1 六.3")
def phase_outside_period(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某阶段早于建设期开始或晚于建设期结束。

    错误示例：建设期至 2027-12-31，阶段结束于 2028-06-30。正确示例：各阶段都在建设期内。
    """
    schedule = proposal.construction.schedule
    if not (schedule.start and schedule.end):
        return
    for index, phase in enumerate(schedule.phases):
        outside = (phase.start and phase.start < schedule.start) or (phase.end and phase.end > schedule.end)
        if outside:
            yield (
                ("construction", "schedule", "phases", index),
                f"阶段「{phase.name}」超出建设周期（{chinese_date(schedule.start)}至{chinese_date(schedule.end)}）",
            )


@rule("T003", "phase-without-milestone", Severity.WARNING, "附件1 六.3")
def phase_without_milestone(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """进度安排中的某阶段没有里程碑。

    里程碑是主管单位按年度考核进展的依据（第十三条）。
    错误示例：``milestones: []``。正确示例：``milestones: [中试线贯通, 良率达到 85%]``。
    """
    for index, phase in enumerate(proposal.construction.schedule.phases):
        if not phase.milestones:
            yield ("construction", "schedule", "phases", index, "milestones"), f"阶段「{phase.name}」没有里程碑"
