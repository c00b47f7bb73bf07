"""Rules about the funding sources and budget (附件1 六.4)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from proposal_kit.findings import Severity
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule


def _disagrees(name: str, parts: list[Decimal], total: Decimal | None) -> str:
    stated = sum(parts, Decimal(0))
    if total is None or not parts or stated == total:
        return ""
    return f"{name}合计 {amount(stated)} 万元，与总投资 {amount(total)} 万元相差 {amount(stated - total)} 万元"


@rule("F001", "funding-totals", Severity.ERROR, "附件1 六.4")
def funding_totals(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """资金来源、资金使用或分年度投资的合计与总投资不符。

    预算的每张表都应合计到同一个总投资。
    错误示例：总投资 32,000 万元，资金来源合计 34,000 万元。正确示例：三张表都合计 32,000 万元。
    """
    funding = proposal.construction.funding
    for key, name, items in (
        ("sources", "资金来源", funding.sources),
        ("uses", "资金使用", funding.uses),
        ("by_year", "分年度投资", funding.by_year),
    ):
        message = _disagrees(name, [item.amount for item in items], funding.total)
        if message:
            yield ("construction", "funding", key), message


@rule("F002", "spending-outside-schedule", Severity.ERROR, "附件1 六.3、六.4")
def spending_outside_schedule(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某年度的投资不在建设周期的年份内。

    错误示例：建设期至 2027-12-31，却列有 2028 年投资。正确示例：每个年份都在建设起止之间。
    """
    schedule = proposal.construction.schedule
    if not (schedule.start and schedule.end):
        return
    for index, year in enumerate(proposal.construction.funding.by_year):
        if not schedule.start.year <= year.year <= schedule.end.year:
            yield (
                ("construction", "funding", "by_year", index, "year"),
                f"{year.year}年的投资不在建设周期（{schedule.start.year}—{schedule.end.year}年）内",
            )


@rule("F003", "amount-not-positive", Severity.ERROR, "附件1 六.4")
def amount_not_positive(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """预算中的金额为零或负数。

    错误示例：``amount: -500`` 或 ``amount: 0``。正确示例：没有资金的来源直接不列。
    """
    funding = proposal.construction.funding
    if funding.total is not None and funding.total <= 0:
        yield ("construction", "funding", "total"), f"总投资为 {amount(funding.total)} 万元，应大于零"
    for key, items in (("sources", funding.sources), ("uses", funding.uses), ("by_year", funding.by_year)):
        for index, item in enumerate(items):
            if item.amount <= 0:
                yield ("construction", "funding", key, index, "amount"), f"金额为 {amount(item.amount)} 万元，应大于零"
