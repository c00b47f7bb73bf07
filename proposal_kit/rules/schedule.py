"""Rules about the construction schedule (附件1 六.3)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from proposal_kit.findings import Severity
from proposal_kit.formats import chinese_date
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule


def period(proposal: Proposal) -> tuple[date, date] | None:
    """The construction period, when both ends are given and in order: rules that measure other dates
    against it stay silent otherwise (T001 or T004 reports the cause, once)."""
    schedule = proposal.construction.schedule
    if schedule.start and schedule.end and schedule.start <= schedule.end:
        return schedule.start, schedule.end
    return None


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
    known = period(proposal)
    if known is None:
        return
    start, end = known
    for index, phase in enumerate(proposal.construction.schedule.phases):
        outside = (phase.start and phase.start < start) or (phase.end and phase.end > end)
        if outside:
            yield (
                ("construction", "schedule", "phases", index),
                f"阶段「{phase.name}」超出建设周期（{chinese_date(start)}至{chinese_date(end)}）",
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


@rule("T004", "period-incomplete", Severity.ERROR, "附件1 六.3")
def period_incomplete(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """建设周期缺少开始日期或完成日期。

    附件1 六.3「建设周期与进度安排」：建设期从何时到何时，是分年度投资和阶段目标的依据。
    错误示例：只有 ``end``。正确示例：``start: 2025-04-01``、``end: 2027-12-31``。
    """
    schedule = proposal.construction.schedule
    if not (schedule.start or schedule.end or schedule.phases or schedule.overview):
        return  # C001 says the item is missing
    for key, label, value in (("start", "开始日期", schedule.start), ("end", "完成日期", schedule.end)):
        if value is None:
            yield ("construction", "schedule", key), f"建设周期没有{label}"


@rule("T005", "phases-not-contiguous", Severity.WARNING, "附件1 六.3")
def phases_not_contiguous(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """相邻两个阶段在时间上重叠，或中间空出了一段。

    各阶段一般首尾相接；重叠或间断要在进度说明中交代。
    错误示例：第一阶段到 2025-12-31，第二阶段从 2025-10-01 开始。正确示例：第二阶段从 2026-01-01 开始。
    """
    phases = proposal.construction.schedule.phases
    for index in range(1, len(phases)):
        before, phase = phases[index - 1], phases[index]
        if not (before.end and phase.start) or (before.start and phase.start < before.start):
            continue  # T001 reports phases out of order
        expected = before.end + timedelta(days=1)
        if phase.start < expected:
            yield (
                ("construction", "schedule", "phases", index, "start"),
                f"阶段「{phase.name}」{chinese_date(phase.start)}开始，与上一阶段（至{chinese_date(before.end)}）重叠",
            )
        elif phase.start > expected:
            yield (
                ("construction", "schedule", "phases", index, "start"),
                f"阶段「{phase.name}」{chinese_date(phase.start)}开始，与上一阶段（至{chinese_date(before.end)}）之间有空档",
            )
