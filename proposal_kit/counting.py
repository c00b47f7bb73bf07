"""The figures of 附件2 (渝发改规范〔2024〕2号) counted from the evidence registries, each a function registered
by the name the indicator data gives in `counted_from`. An edition that counts new figures names a module
like this one in its edition.yaml."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Level, ProjectKind, Role, YearFinance

Counter = Callable[[Proposal], Decimal | None]
COUNTERS: dict[str, Counter] = {}

_HIGH_LEVELS = (Level.NATIONAL, Level.PROVINCIAL)  # 「省级及以上」: Chongqing's municipal level is provincial


def counts(name: str) -> Callable[[Counter], Counter]:
    """Register the decorated function as the counter `name`."""

    def register(function: Counter) -> Counter:
        COUNTERS[name] = function
        return function

    return register


def window_start(proposal_date: date) -> date:
    """The first day of 「近3年」: three years before the proposal's date."""
    year = max(proposal_date.year - 3, 1)  # a date in the year 1 to 3 (a typing slip) starts at the year 1
    try:
        return proposal_date.replace(year=year)
    except ValueError:  # 29 February
        return proposal_date.replace(year=year, day=28)


def _in_window(year: int | None, proposal_date: date) -> bool:
    """A year falls in 「近3年」 if any part of it lies between the window's start and the proposal's date."""
    return year is not None and window_start(proposal_date).year <= year <= proposal_date.year


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return part * 100 / whole if whole else None


def _recent(proposal: Proposal) -> list:
    return [p for p in proposal.evidence.projects if _in_window(p.year, proposal.center.prepared_on)]


def _led_high(proposal: Proposal) -> list:
    research = [p for p in _recent(proposal) if p.kind is ProjectKind.RESEARCH]
    return [p for p in research if p.role is Role.LEAD and p.level in _HIGH_LEVELS]


def _recent_patents(proposal: Proposal) -> list:
    today = proposal.center.prepared_on
    return [p for p in proposal.evidence.patents if window_start(today) <= p.granted_on <= today]


def _recent_finances(proposal: Proposal) -> list[YearFinance]:
    return [f for f in proposal.evidence.finances if _in_window(f.year, proposal.center.prepared_on)]


def _income_share(proposal: Proposal, part: Callable[[YearFinance], Decimal]) -> Decimal | None:
    finances = _recent_finances(proposal)
    return _percent(sum((part(f) for f in finances), Decimal(0)), sum((f.total_income for f in finances), Decimal(0)))


@counts("research_projects_3y")
def research_projects_3y(proposal: Proposal) -> Decimal:
    return Decimal(sum(p.kind is ProjectKind.RESEARCH for p in _recent(proposal)))


@counts("led_provincial_projects_3y")
def led_provincial_projects_3y(proposal: Proposal) -> Decimal:
    return Decimal(len(_led_high(proposal)))


@counts("led_provincial_projects_amount_3y")
def led_provincial_projects_amount_3y(proposal: Proposal) -> Decimal:
    return sum((p.amount or Decimal(0) for p in _led_high(proposal)), Decimal(0))


@counts("provincial_promotion_projects_3y")
def provincial_promotion_projects_3y(proposal: Proposal) -> Decimal:
    return Decimal(sum(p.kind is ProjectKind.PROMOTION and p.level in _HIGH_LEVELS for p in _recent(proposal)))


@counts("led_standards")
def led_standards(proposal: Proposal) -> Decimal:
    return Decimal(sum(s.led for s in proposal.evidence.standards))


@counts("patents_3y")
def patents_3y(proposal: Proposal) -> Decimal:
    return Decimal(len(_recent_patents(proposal)))


@counts("high_value_patents_3y")
def high_value_patents_3y(proposal: Proposal) -> Decimal:
    return Decimal(sum(p.high_value for p in _recent_patents(proposal)))


@counts("products")
def products(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.products))


@counts("incubated_companies")
def incubated_companies(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.incubated_companies))


@counts("equity_investment_amount")
def equity_investment_amount(proposal: Proposal) -> Decimal:
    return sum((i.amount for i in proposal.evidence.equity_investments), Decimal(0))


@counts("transfer_income_share_3y")
def transfer_income_share_3y(proposal: Proposal) -> Decimal | None:
    return _income_share(proposal, lambda f: f.transfer_income + f.share_sale_income)


@counts("cooperations_3y")
def cooperations_3y(proposal: Proposal) -> Decimal:
    today = proposal.center.prepared_on
    return Decimal(sum(_in_window(c.year, today) for c in proposal.evidence.cooperations))


@counts("joint_platforms_3y")
def joint_platforms_3y(proposal: Proposal) -> Decimal:
    today = proposal.center.prepared_on
    return Decimal(sum(_in_window(p.year, today) and p.level in _HIGH_LEVELS for p in proposal.evidence.platforms))


@counts("social_capital_amount")
def social_capital_amount(proposal: Proposal) -> Decimal:
    return sum((s.amount for s in proposal.evidence.social_capital), Decimal(0))


@counts("national_talents")
def national_talents(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.talents))


@counts("rd_staff")
def rd_staff(proposal: Proposal) -> Decimal | None:
    staff = proposal.evidence.rd_staff
    return Decimal(staff) if staff is not None else None


@counts("equipment_value")
def equipment_value(proposal: Proposal) -> Decimal | None:
    return proposal.evidence.equipment_value


@counts("standard_organizations")
def standard_organizations(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.standard_organizations))


@counts("pilot_lines")
def pilot_lines(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.pilot_lines))


@counts("frontier_rd_share_3y")
def frontier_rd_share_3y(proposal: Proposal) -> Decimal | None:
    return _income_share(proposal, lambda f: f.frontier_rd_spending)


@counts("fund_social_capital")
def fund_social_capital(proposal: Proposal) -> Decimal:
    return sum((f.social_capital for f in proposal.evidence.funds), Decimal(0))


@counts("academician_workstations")
def academician_workstations(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.workstations))


@counts("national_awards")
def national_awards(proposal: Proposal) -> Decimal:
    return Decimal(len(proposal.evidence.awards))
