"""Rules about the funding sources and budget (附件1 六.4)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from proposal_kit.findings import Severity
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import SourceKind
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.schedule import period


def _disagrees(name: str, parts: list[Decimal], total: Decimal | None) -> str:
    stated = sum(parts, Decimal(0))
    if total is None or not parts or stated == total:
        return ""
    gap = f"少 {amount(total - stated)}" if stated < total else f"多 {amount(stated - total)}"
    return f"{name}合计 {amount(stated)} 万元，比总投资 {amount(total)} 万元{gap} 万元"


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
    known = period(proposal)
    if known is None:
        return  # T001 or T004 says what is wrong with the period
    start, end = known
    for index, year in enumerate(proposal.construction.funding.by_year):
        if not start.year <= year.year <= end.year:
            yield (
                ("construction", "funding", "by_year", index, "year"),
                f"{year.year}年的投资不在建设周期（{start.year}—{end.year}年）内",
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


@rule("F004", "partner-capital", Severity.ERROR, "附件1 三.2、六.4")
def partner_capital(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """共建单位的出资额合计与资金来源中「组建单位出资」不符。

    错误示例：各共建单位出资合计 7,000 万元，资金来源表中组建单位出资 6,000 万元。正确示例：两处一致。
    """
    stated = [s.amount for s in proposal.construction.funding.sources if s.kind is SourceKind.PARTNER]
    capital = [u.capital for u in proposal.units.partners if u.capital is not None]
    if stated and capital and sum(capital, Decimal(0)) != sum(stated, Decimal(0)):
        yield (
            ("construction", "funding", "sources"),
            f"共建单位出资额合计 {amount(sum(capital, Decimal(0)))} 万元，资金来源中组建单位出资为 "
            f"{amount(sum(stated, Decimal(0)))} 万元",
        )


@rule("F005", "year-listed-twice", Severity.ERROR, "附件1 六.4")
def year_listed_twice(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """分年度投资中同一年份出现了两次。

    错误示例：两行都是 2026 年。正确示例：每年一行。
    """
    seen: set[int] = set()
    for index, year in enumerate(proposal.construction.funding.by_year):
        if year.year in seen:
            yield ("construction", "funding", "by_year", index, "year"), f"{year.year}年在分年度投资中出现了两次"
        seen.add(year.year)


@rule("F006", "funding-incomplete", Severity.ERROR, "附件1 六.4")
def funding_incomplete(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """资金方案缺少总投资、资金来源或资金使用。

    附件1 六.4「资金来源和预算方案」：总投资多少、钱从哪里来、用在哪里。
    错误示例：只有资金使用表，没有总投资和资金来源。正确示例：三者都有，且合计一致。
    """
    funding = proposal.construction.funding
    if not (funding.total is not None or funding.sources or funding.uses or funding.by_year):
        return  # C001 says the item is missing
    for key, label, present in (
        ("total", "总投资", funding.total is not None),
        ("sources", "资金来源", bool(funding.sources)),
        ("uses", "资金使用（预算）", bool(funding.uses)),
    ):
        if not present:
            yield ("construction", "funding", key), f"资金方案没有{label}"


@rule("F007", "no-local-or-social-funds", Severity.WARNING, "第六条")
def no_local_or_social_funds(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """资金来源中既没有地方政府资金，也没有社会资本。

    第六条：市产业创新中心应广泛吸纳地方资金和社会资本参与建设投资。全部由组建单位出资，评审会问为何没有。
    错误示例：资金来源只有牵头单位自筹和组建单位出资。正确示例：另有区政府专项支持或产业基金、社会资本。
    """
    sources = proposal.construction.funding.sources
    kinds = {source.kind for source in sources}
    if sources and not kinds & {SourceKind.GOVERNMENT, SourceKind.SOCIAL_CAPITAL}:
        yield (
            ("construction", "funding", "sources"),
            "资金来源中没有地方政府资金或社会资本（第六条：应广泛吸纳地方资金和社会资本参与建设投资）",
        )
