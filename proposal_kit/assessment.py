"""The 附件2 self-assessment as numbers: scores, subtotals, the capped bonus, the total, and each figure
as the evidence registries count it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from proposal_kit.guideline import Indicator, indicator_system
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Level, ProjectKind, Role
from proposal_kit.model.sections import AssessmentEntry, SelfAssessment

_HIGH_LEVELS = (Level.NATIONAL, Level.PROVINCIAL)  # 「省级及以上」: Chongqing's municipal level is provincial


@dataclass(frozen=True)
class Totals:
    """What the form adds up: per first-level indicator, the bonus before and after its cap, the total."""

    subtotals: dict[str, Decimal]
    bonus_raw: Decimal
    bonus: Decimal
    total: Decimal


def entries_by_code(assessment: SelfAssessment) -> dict[str, AssessmentEntry]:
    """The applicant's entries keyed by indicator code (the first one where a code repeats)."""
    found: dict[str, AssessmentEntry] = {}
    for entry in assessment.entries:
        found.setdefault(entry.code, entry)
    return found


def _score(entries: dict[str, AssessmentEntry], indicator: Indicator) -> Decimal:
    entry = entries.get(indicator.code)
    return entry.score if entry else Decimal(0)


def totals(assessment: SelfAssessment) -> Totals:
    """Sum the self-scores the way the form does: by first-level indicator, then the bonus up to its cap."""
    system = indicator_system()
    entries = entries_by_code(assessment)
    subtotals = {
        first.code: sum((_score(entries, t) for second in first.children for t in second.children), Decimal(0))
        for first in system.indicators
    }
    bonus_raw = sum((_score(entries, b) for b in system.bonus), Decimal(0))
    bonus = min(bonus_raw, system.bonus_cap)
    return Totals(subtotals, bonus_raw, bonus, sum(subtotals.values(), Decimal(0)) + bonus)


def window_start(proposal_date: date) -> date:
    """The first day of 「近3年」: three years before the proposal's date."""
    try:
        return proposal_date.replace(year=proposal_date.year - 3)
    except ValueError:  # 29 February
        return proposal_date.replace(year=proposal_date.year - 3, day=28)


def _in_window(year: int | None, proposal_date: date) -> bool:
    """A year falls in 「近3年」 if any part of it lies between the window's start and the proposal's date."""
    return year is not None and window_start(proposal_date).year <= year <= proposal_date.year


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return part * 100 / whole if whole else None


def counted_figures(proposal: Proposal) -> dict[str, Decimal | None]:
    """Each 附件2 figure as the evidence registries give it, keyed as the indicator data names it."""
    evidence = proposal.evidence
    today = proposal.center.prepared_on
    recent = [p for p in evidence.projects if _in_window(p.year, today)]
    research = [p for p in recent if p.kind is ProjectKind.RESEARCH]
    led_high = [p for p in research if p.role is Role.LEAD and p.level in _HIGH_LEVELS]
    patents = [p for p in evidence.patents if window_start(today) <= p.granted_on <= today]
    finances = [f for f in evidence.finances if _in_window(f.year, today)]
    income = sum((f.total_income for f in finances), Decimal(0))
    return {
        "research_projects_3y": Decimal(len(research)),
        "led_provincial_projects_3y": Decimal(len(led_high)),
        "led_provincial_projects_amount_3y": sum((p.amount or Decimal(0) for p in led_high), Decimal(0)),
        "provincial_promotion_projects_3y": Decimal(
            sum(p.kind is ProjectKind.PROMOTION and p.level in _HIGH_LEVELS for p in recent)
        ),
        "led_standards": Decimal(sum(s.led for s in evidence.standards)),
        "patents_3y": Decimal(len(patents)),
        "high_value_patents_3y": Decimal(sum(p.high_value for p in patents)),
        "products": Decimal(len(evidence.products)),
        "incubated_companies": Decimal(len(evidence.incubated_companies)),
        "equity_investment_amount": sum((i.amount for i in evidence.equity_investments), Decimal(0)),
        "transfer_income_share_3y": _percent(
            sum((f.transfer_income + f.share_sale_income for f in finances), Decimal(0)), income
        ),
        "cooperations_3y": Decimal(sum(_in_window(c.year, today) for c in evidence.cooperations)),
        "joint_platforms_3y": Decimal(
            sum(_in_window(p.year, today) and p.level in _HIGH_LEVELS for p in evidence.platforms)
        ),
        "social_capital_amount": sum((s.amount for s in evidence.social_capital), Decimal(0)),
        "national_talents": Decimal(len(evidence.talents)),
        "rd_staff": Decimal(evidence.rd_staff) if evidence.rd_staff is not None else None,
        "equipment_value": evidence.equipment_value,
        "standard_organizations": Decimal(len(evidence.standard_organizations)),
        "pilot_lines": Decimal(len(evidence.pilot_lines)),
        "frontier_rd_share_3y": _percent(sum((f.frontier_rd_spending for f in finances), Decimal(0)), income),
        "fund_social_capital": sum((f.social_capital for f in evidence.funds), Decimal(0)),
        "academician_workstations": Decimal(len(evidence.workstations)),
        "national_awards": Decimal(len(evidence.awards)),
    }
