"""What the prose states against what the data say: periods and phases, amounts, counts of units and staff,
areas, targets. A reviewer checks the figures in the abstract against the tables; so does this."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from proposal_kit.findings import Severity
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import SourceKind
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import AMOUNT, COUNT, count, in_wan_yuan, lines_with, number
from proposal_kit.rules.schedule import period

_DATE = r"(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?"
_RANGE = re.compile(_DATE + r"\s*(?:至|到|—|－|~|～)\s*" + _DATE)


def _month(match: re.Match[str], first: int) -> tuple[int, int, int | None]:
    day = match[first + 2]
    return int(match[first]), int(match[first + 1]), int(day) if day else None


def _differs(stated: tuple[int, int, int | None], actual: date | None) -> bool:
    """Whether a date written as 「2025年4月(1日)」 names another day (or month) than `actual`."""
    if actual is None:
        return False
    year, month, day = stated
    return (year, month) != (actual.year, actual.month) or (day is not None and day != actual.day)


def _written(stated: tuple[int, int, int | None]) -> str:
    year, month, day = stated
    return f"{year}年{month}月" + (f"{day}日" if day else "")


def _months(start: tuple[int, int, int | None], end: tuple[int, int, int | None]) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1] + 1


_PERIOD = re.compile(r"建设(?:周期|期)(?:为|是|自|从)?\s*$")
_SPAN = re.compile(r"^[，,]?\s*(?:共|为期|历时|合计)\s*(\d+)\s*个月")
_PHASE = re.compile(r"第([一二三四五六七八九十]+)阶段\s*$")
_TERM = re.compile(r"(近期|中期)目标\s*$")


@rule("X006", "period-stated-otherwise", Severity.ERROR, "附件1 六.3、四.4")
def period_stated_otherwise(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文写的建设周期、阶段起止、目标期限或月数与进度安排不符。

    错误示例：进度安排 2025-04-01 至 2027-12-31，正文写「建设周期为2025年4月1日至2028年3月31日」；
    「2025年4月至2027年12月，共36个月」（实为 33 个月）。正确示例：正文与进度表一致。
    """
    schedule = proposal.construction.schedule
    known = period(proposal)  # a period that ends before it starts is T001's; its echoes in the prose are not
    goals = proposal.directions.goals
    deadlines = {
        "近期": max((g.deadline for g in goals.near_term if g.deadline), default=None),
        "中期": max((g.deadline for g in goals.mid_term if g.deadline), default=None),
    }
    for path, index, line in lines_with(proposal, "年"):
        for match in _RANGE.finditer(line):
            start, end = _month(match, 1), _month(match, 4)
            before, after = line[max(0, match.start() - 12) : match.start()].rstrip("（("), line[match.end() :]
            span = _SPAN.match(after)
            if span and int(span[1]) != _months(start, end):
                yield (
                    path,
                    f"{_written(start)}至{_written(end)}是 {_months(start, end)} 个月，正文写「共{span[1]}个月」",
                    index,
                )
            if known and _PERIOD.search(before) and (_differs(start, schedule.start) or _differs(end, schedule.end)):
                yield path, f"正文写建设周期为{_written(start)}至{_written(end)}，与进度安排的起止日期不符", index
            phase = _PHASE.search(before)
            number_of = count(phase[1]) if phase else None
            if number_of and number_of <= len(schedule.phases):
                planned = schedule.phases[number_of - 1]
                if _differs(start, planned.start) or _differs(end, planned.end):
                    yield (
                        path,
                        f"正文写第{phase[1]}阶段为{_written(start)}至{_written(end)}，与阶段安排「{planned.name}」不符",
                        index,
                    )
            term = _TERM.search(before)
            if term and _differs(end, deadlines[term[1]]):
                yield path, f"正文写{term[1]}目标到{_written(end)}，目标表中{term[1]}目标的最晚时限不是这一天", index


def _unit_values(proposal: Proposal, key: str) -> set[Decimal]:
    units = [proposal.units.lead, *proposal.units.partners] if proposal.units.lead else proposal.units.partners
    return {Decimal(getattr(u, key)) for u in units if getattr(u, key) is not None}


@dataclass(frozen=True, eq=False)
class Fact:
    """A figure the prose may state: how it is written, its name, the values the data allow, and whether it
    is an item of the budget (stated only in a sentence about funds: 「研发投入」 is also a unit's spending)."""

    pattern: re.Pattern[str]
    keywords: tuple[str, ...]  # a line holding none of these states no such figure
    name: str
    allowed: set[Decimal]
    budget: bool = False
    where: tuple[tuple[str, ...], ...] = ()  # the parts of the proposal it is read in; all when empty


_AT_LEAST = r"\s*(?:不少于|不低于|达到|超过|≥)\s*"
_BUDGET_WORDS = re.compile(r"资金|投资|预算|用于|安排|出资|自筹|筹措")


def _facts(proposal: Proposal) -> list[Fact]:
    """Each figure checked against the data."""
    funding = proposal.construction.funding
    evidence = proposal.evidence
    facts = []
    if funding.total is not None:
        facts.append(
            Fact(re.compile(r"总投资(?:为|约|达|共|计|规模)?\s*" + AMOUNT), ("总投资",), "总投资", {funding.total})
        )
    for name, value in [(s.name, s.amount) for s in funding.sources] + [(u.item, u.amount) for u in funding.uses]:
        facts.append(Fact(re.compile(re.escape(name) + r"(?:资金)?\s*" + AMOUNT), (name,), name, {value}, budget=True))
    government = [s.amount for s in funding.sources if s.kind is SourceKind.GOVERNMENT]
    if government:
        pattern = re.compile(r"给予\s*" + AMOUNT + r"\s*(?:的)?专项")
        facts.append(Fact(pattern, ("给予",), "政府专项资金", {sum(government, Decimal(0))}))
    rd_staff = _unit_values(proposal, "rd_staff") | ({Decimal(evidence.rd_staff)} if evidence.rd_staff else set())
    now = r"(?:现有|目前有?|组建初期|其中)"
    facts += [
        Fact(
            re.compile(now + r"(?:员工|职工)(?:总数)?\s*(\d[\d,]*)\s*(人|名)"),
            ("员工", "职工"),
            "职工人数",
            _unit_values(proposal, "staff"),
        ),
        Fact(re.compile(now + r"研发人员\s*(\d[\d,]*)\s*(人|名)"), ("研发人员",), "研发人员", rd_staff),
        Fact(re.compile(r"营业收入\s*" + AMOUNT), ("营业收入",), "营业收入", _unit_values(proposal, "revenue")),
    ]
    if evidence.equipment_value is not None:
        pattern = re.compile(r"(?:仪器|设备)[\u4e00-\u9fff]{0,4}原值(?:合计)?(?:约|为|达)?\s*" + AMOUNT)
        facts.append(Fact(pattern, ("原值",), "仪器设备原值", {evidence.equipment_value}))
    if evidence.funds:
        pattern = re.compile(AMOUNT + r"的?[\u4e00-\u9fff]{0,10}?投资基金")
        facts.append(Fact(pattern, ("投资基金",), "投资基金规模", {f.size for f in evidence.funds}))
    goals = [*proposal.directions.goals.near_term, *proposal.directions.goals.mid_term]
    for goal in goals:
        if goal.metric and goal.unit and goal.target is not None and len(goal.metric) >= 4:
            pattern = re.compile(
                re.escape(goal.metric) + _AT_LEAST + r"(\d[\d,]*(?:\.\d+)?)\s*(" + re.escape(goal.unit) + ")"
            )
            targets = {g.target for g in goals if g.metric and goal.metric in g.metric and g.target is not None}
            where = (("directions", "goals"), ("abstract",))
            facts.append(Fact(pattern, (goal.metric,), f"目标「{goal.metric}」", targets, where=where))
    area = proposal.construction.location.floor_area
    if area is not None:
        pattern = re.compile(r"(?<![厂房区室楼])建筑面积(?:为|约|达)?\s*(\d[\d,]*(?:\.\d+)?)\s*(平方米|㎡)")
        facts.append(Fact(pattern, ("建筑面积",), "建筑面积", {area}))
    return facts


def _sentence(line: str, match: re.Match[str]) -> str:
    start = max(line.rfind("。", 0, match.start()), line.rfind("；", 0, match.start())) + 1
    ends = [i for i in (line.find("。", match.end()), line.find("；", match.end())) if i >= 0]
    return line[start : min(ends) if ends else len(line)]


def _value(match: re.Match[str]) -> Decimal | None:
    figure, unit = match.group(match.lastindex - 1), match.group(match.lastindex)
    if unit.endswith("元"):
        return in_wan_yuan(figure, unit)
    return number(figure)


def _shown(value: Decimal, unit: str) -> str:
    return f"{amount(value)} 万元" if unit.endswith("元") else f"{amount(value)} {unit}"


@rule("X007", "figure-stated-otherwise", Severity.ERROR, "附件1")
def figure_stated_otherwise(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文写的数字与方案数据不符：总投资、各项资金、年度投资、单位数、人数、收入、设备原值、基金规模、面积、目标值。

    摘要和各章的数字要与基本信息、单位信息、资金和目标各表一致；亿元和万元、有无千位分隔都可以。
    错误示例：资金表总投资 32,000 万元，摘要写「总投资35,000万元」或「3.5亿元」。
    正确示例：「总投资32,000万元」或「总投资3.2亿元」。
    """
    plan = Plan(proposal)
    by_keyword: dict[str, list[Fact]] = {}
    for fact in _facts(proposal):
        for word in fact.keywords:
            by_keyword.setdefault(word, []).append(fact)
    for path, index, line in lines_with(proposal, *by_keyword, *_LINE_WORDS):
        present = [word for word in by_keyword if word in line]
        for fact in dict.fromkeys(f for word in present for f in by_keyword.get(word, ())):
            if fact.where and not any(path[: len(part)] == part for part in fact.where):
                continue
            for match in fact.pattern.finditer(line):
                value = _value(match)
                if value is None or not fact.allowed or value in fact.allowed:
                    continue
                if fact.budget and not _BUDGET_WORDS.search(_sentence(line, match)):
                    continue
                expected = "、".join(_shown(v, match.group(match.lastindex)) for v in sorted(fact.allowed)[:3])
                yield path, f"正文写{fact.name}「{match.group().strip()}」，方案数据为 {expected}", index
        yield from ((path, message, index) for message in plan.stated_in(line))
    yield from _capital_notes(proposal)


_YEAR_AMOUNT = re.compile(r"(20\d\d)年\s*" + AMOUNT)
_PHASE_YEAR = re.compile(
    r"第[一二三四五六七八九十]+阶段[（(](\d{4})年\d{1,2}月至(\d{4})年\d{1,2}月[）)].*?年度投资\s*" + AMOUNT
)
_UNITS = re.compile(r"(?:其他|等|共|由)?\s*" + COUNT + r"\s*家(组建单位|单位(?:共同|联合)组建|共建单位)")
_SHARE = re.compile(AMOUNT + r"[，,]?\s*占(总投资的?)?\s*(\d+(?:\.\d+)?)%")
_SUM = re.compile(r"([\u4e00-\u9fff、]{2,30}?)合计\s*" + AMOUNT)
#: What introduces each figure `Plan.stated_in` reads: lines holding none of these are passed over.
_LINE_WORDS = ("投资", "家组建单位", "家单位", "家共建单位", "%", "合计")


class Plan:
    """The budget and the units as the prose may state them: years, counts, shares of the total, sums."""

    def __init__(self, proposal: Proposal) -> None:
        funding = proposal.construction.funding
        self.total = funding.total
        self.by_year = {y.year: y.amount for y in funding.by_year}
        self.items = [(s.name, s.amount) for s in funding.sources] + [(u.item, u.amount) for u in funding.uses]
        self.amounts = {value for _, value in self.items}
        self.partners = len(proposal.units.partners)

    def stated_in(self, line: str) -> Iterator[str]:
        """The messages for the figures of one line that disagree with the plan."""
        if "投资" in line:
            yield from self._years(line)
        if "家" in line:
            yield from self._units(line)
        if "%" in line and "占" in line:
            yield from self._shares(line)
        if "合计" in line:
            yield from self._sums(line)

    def _years(self, line: str) -> Iterator[str]:
        for match in _YEAR_AMOUNT.finditer(line):
            year, value = int(match[1]), in_wan_yuan(match[2], match[3])
            if year in self.by_year and value is not None and value != self.by_year[year]:
                yield f"正文写{year}年投资 {amount(value)} 万元，分年度投资表为 {amount(self.by_year[year])} 万元"
        for match in _PHASE_YEAR.finditer(line):
            year, value = int(match[1]), in_wan_yuan(match[3], match[4])
            if match[1] == match[2] and year in self.by_year and value != self.by_year[year]:
                yield f"正文写{year}年度投资 {amount(value)} 万元，分年度投资表为 {amount(self.by_year[year])} 万元"

    def _units(self, line: str) -> Iterator[str]:
        for match in _UNITS.finditer(line):
            stated = count(match[1])
            partners_only = match.group().lstrip().startswith("其他") or "共建单位" in match[2]
            allowed = {self.partners} if partners_only else {self.partners, self.partners + 1}
            if stated is not None and self.partners and stated not in allowed:
                yield f"正文写「{match.group().strip()}」，组建单位为牵头单位和 {self.partners} 家共建单位"

    def _shares(self, line: str) -> Iterator[str]:
        for match in _SHARE.finditer(line):
            value = in_wan_yuan(match[1], match[2])
            if not self.total or value is None or not (match[3] or value in self.amounts):
                continue
            actual = value * 100 / self.total
            if abs(actual - Decimal(match[4])) > Decimal("0.1"):
                yield f"{amount(value)} 万元占总投资 {amount(self.total)} 万元的 {actual:.1f}%，正文写「{match[4]}%」"

    def _sums(self, line: str) -> Iterator[str]:
        for match in _SUM.finditer(line):
            parts = [p for p in re.split(r"[、和及与]", match[1]) if len(p) >= 2]
            matched = [self._item(part) for part in parts]
            value = in_wan_yuan(match[2], match[3])
            if len(parts) >= 2 and all(m is not None for m in matched) and value is not None:
                total = sum((m for m in matched if m is not None), Decimal(0))
                if total != value:
                    yield f"「{match.group()}」，资金表中这几项合计为 {amount(total)} 万元"

    def _item(self, part: str) -> Decimal | None:
        found = [value for name, value in self.items if part in name or name in part]
        return found[0] if len(found) == 1 else None


_CAPITAL_NOTE = re.compile(r"出资\s*" + AMOUNT)


def _capital_notes(proposal: Proposal) -> Iterator[Hit]:
    units = [(("units", "lead"), proposal.units.lead)] if proposal.units.lead else []
    units += [(("units", "partners", i), u) for i, u in enumerate(proposal.units.partners)]
    for path, unit in units:
        match = _CAPITAL_NOTE.search(unit.contribution_note or "")
        value = in_wan_yuan(match[1], match[2]) if match else None
        if unit.capital is not None and value is not None and value != unit.capital:
            yield (
                (*path, "capital"),
                f"「{unit.name}」出资额填 {amount(unit.capital)} 万元，贡献说明写「{match.group()}」",
            )


_BODY_SIZE = re.compile(
    r"(董事会|监事会|理事会|技术委员会|专家委员会|学术委员会)(?:。\*\*)?[^。；]{0,16}?由\s*(\d+)\s*名"
)


@rule("X008", "quantity-differs", Severity.ERROR, "附件1 五")
def quantity_differs(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """同一个数量在正文两处写得不同，如董事会的人数。

    错误示例：机构设置写「董事会由11名董事组成」，运行机制写「董事会由 9 名董事组成」。正确示例：两处一致。
    """
    first: dict[str, str] = {}
    for path, index, line in lines_with(proposal, "名"):
        for match in _BODY_SIZE.finditer(line):
            stated = first.setdefault(match[1], match[2])
            if stated != match[2]:
                yield path, f"这里写{match[1]}{match[2]}名，另一处写{stated}名", index
