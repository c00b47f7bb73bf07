"""The body of the proposal: the chapters of 附件1 in order, each item under its own heading.

Headings come from the outline data; a field with structure has its renderer here, a narrative field is
printed as its Markdown, so a chapter title is never typed in code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from proposal_kit.formats import amount, chinese_date, share
from proposal_kit.guideline import Outline
from proposal_kit.levels import chinese_number
from proposal_kit.model import Proposal
from proposal_kit.model.sections import Attachment, Center, Funding, Goal, Location, Mechanisms, Schedule
from proposal_kit.model.units import Unit
from proposal_kit.printed import FACTS_CAPTION, FACTS_HEADER, center_facts
from proposal_kit.render.wordml import Blocks, Cell, Column, Numbered, title_of

Renderer = Callable[[Blocks, Proposal], None]
RENDERERS: dict[str, Renderer] = {}


def renders(field: str) -> Callable[[Renderer], Renderer]:
    def register(function: Renderer) -> Renderer:
        RENDERERS[field] = function
        return function

    return register


def render_body(out: Blocks, proposal: Proposal, outline: Outline, figures: Sequence[Any] = ()) -> None:
    """Every chapter heading of 附件1, then each item's heading and content, its figures at its end."""
    for chapter in outline.chapters:
        out.heading(1, chapter.heading)
        if not chapter.items:
            renderer(chapter.field)(out, proposal)
            place_figures(out, figures, chapter.field)
        for number, item in enumerate(chapter.items, 1):
            out.heading(2, f"（{chinese_number(number)}）{item.title}")
            renderer(item.field)(out, proposal)
            place_figures(out, figures, item.field)


def place_figures(out: Blocks, figures: Sequence[Any], item: str) -> None:
    """The figures of `item`, each pointed at by a sentence and captioned with its number."""
    for figure in figures:
        if figure.item == item:
            out.figure(figure.png, figure.width_mm, figure.height_mm, figure.label, figure.reference)


def renderer(field: str) -> Renderer:
    """How the field an outline part names is printed: its own renderer, or, for a narrative, its Markdown."""
    return RENDERERS.get(field) or markdown_renderer(field)


def markdown_renderer(field: str) -> Renderer:
    def render(out: Blocks, proposal: Proposal) -> None:
        value: Any = proposal
        for name in field.split("."):
            value = getattr(value, name)
        out.markdown(value)

    return render


@renders("abstract")
def abstract(out: Blocks, proposal: Proposal) -> None:
    """The centre's basic facts as a table, then the abstract."""
    out.caption(FACTS_CAPTION)
    label, value = FACTS_HEADER
    out.table([Column(label, labels=True), Column(value)], [list(fact) for fact in center_facts(proposal)])
    out.markdown(proposal.abstract)


def _unit_facts(unit: Unit) -> list[tuple[str, Any]]:
    """(label, value) of each fact the unit gives; quantities are numbers, aligned right in the table."""
    facts = [
        ("kind", unit.kind.label),
        ("credit_code", unit.credit_code),
        ("legal_entity", "" if unit.legal_entity else "否"),
        ("legal_representative", unit.legal_representative or ""),
        ("established", str(unit.established or "")),
        ("address", unit.address or ""),
        ("staff", _number(unit.staff)),
        ("rd_staff", _number(unit.rd_staff)),
        ("revenue", _number(unit.revenue)),
        ("rd_spending", _number(unit.rd_spending)),
        ("capital", _number(unit.capital)),
        ("role", unit.role or ""),
        ("contributions", "、".join(c.label for c in unit.contributions)),
        ("platforms", "、".join(unit.platforms)),
    ]
    units = {
        "revenue": "（万元）",
        "rd_spending": "（万元）",
        "capital": "（万元）",
        "staff": "（人）",
        "rd_staff": "（人）",
    }
    return [(title_of(Unit, name) + units.get(name, ""), value) for name, value in facts if value != ""]


def _number(value: Decimal | int | None) -> Cell | str:
    return "" if value is None else Cell(value, style="TableNumber")


def unit_table(out: Blocks, unit: Unit) -> None:
    """A unit's facts as a table of label and value pairs, two pairs a row."""
    facts = [(title_of(Unit, "name"), unit.name), *_unit_facts(unit)]
    rows = []
    for index in range(0, len(facts), 2):
        pair = facts[index : index + 2]
        if len(pair) == 2:
            rows.append([pair[0][0], pair[0][1], pair[1][0], pair[1][1]])
        else:
            rows.append([pair[0][0], Cell(pair[0][1], span=3)])
    columns = [Column("项目", labels=True), Column("内容"), Column("项目", labels=True), Column("内容")]
    out.table(columns, rows)


@renders("units.lead")
def lead_unit(out: Blocks, proposal: Proposal) -> None:
    lead = proposal.units.lead
    if lead is None:
        return
    unit_section(out, lead)


def unit_section(out: Blocks, unit: Unit) -> None:
    """A unit's facts as a table, what it contributes, then its profile (which may have headings of its own)."""
    unit_table(out, unit)
    if unit.contribution_note:
        out.labelled(title_of(Unit, "contribution_note"), unit.contribution_note)
    out.markdown(unit.profile)


@renders("units.partners")
def partner_units(out: Blocks, proposal: Proposal) -> None:
    partners = proposal.units.partners
    if not partners:
        return
    out.paragraph("Normal", f"除牵头单位外，参加组建的单位共 {len(partners)} 家，基本情况如下。")
    columns = [
        Column("序号"),
        Column("单位名称"),
        Column("类型"),
        Column("统一社会信用代码"),
        Column("参与方式"),
        Column("出资（万元）", True),
    ]
    rows = [
        [str(i), u.name, u.kind.label, u.credit_code, "、".join(c.label for c in u.contributions), u.capital]
        for i, u in enumerate(partners, 1)
    ]
    out.table(columns, rows)
    sub = Numbered(out)
    for unit in partners:
        sub(unit.name)
        unit_section(out, unit)


@renders("units.achievements")
def achievements(out: Blocks, proposal: Proposal) -> None:
    section = proposal.units.achievements
    out.markdown(section.overview)
    if section.items:
        columns = [
            Column("序号"),
            Column("成果名称"),
            Column("持有单位"),
            Column("成熟度"),
            Column("成果简介"),
        ]
        rows = [
            [
                str(i),
                a.title,
                a.owner or "",
                a.stage or "",
                Cell(lambda cell, text=a.description: cell.markdown(text, in_cell=True), text=a.description or ""),
            ]
            for i, a in enumerate(section.items, 1)
        ]
        out.table(columns, rows)


def goal_table(out: Blocks, goals: list[Goal]) -> None:
    columns = [
        Column("序号"),
        Column("指标"),
        Column("目标值", True),
        Column("现状值", True),
        Column("完成时限"),
    ]
    rows = [
        [str(i), g.metric or "", _target(g), _with_unit(g.baseline, g.unit), chinese_date(g.deadline)]
        for i, g in enumerate(goals, 1)
    ]
    out.table(columns, rows)


def _target(goal: Goal) -> str:
    return f"{goal.comparator.value}{_with_unit(goal.target, goal.unit)}" if goal.target is not None else ""


def _with_unit(value: Decimal | None, unit: str | None) -> str:
    return f"{amount(value)}{unit or ''}" if value is not None else ""


@renders("directions.goals")
def goals(out: Blocks, proposal: Proposal) -> None:
    section = proposal.directions.goals
    out.markdown(section.overview)
    sub = Numbered(out)
    for label, items in (("近期目标", section.near_term), ("中期目标", section.mid_term)):
        if items:
            sub(label)
            goal_table(out, items)


@renders("organization.structure")
def structure(out: Blocks, proposal: Proposal) -> None:
    organization = proposal.organization
    out.markdown(organization.structure)
    functions = organization.functions
    sub = Numbered(out)
    if proposal.center.legal_form_note:
        sub(title_of(Center, "legal_form_note"))
        out.markdown(proposal.center.legal_form_note)
    for name in type(functions).model_fields:
        text = getattr(functions, name)
        if text:
            sub(title_of(type(functions), name))
            out.markdown(text)


@renders("organization.personnel")
def personnel(out: Blocks, proposal: Proposal) -> None:
    people = proposal.organization.personnel
    if people.key_people:
        columns = [
            Column("姓名"),
            Column("职称或职务"),
            Column("工作单位"),
            Column("在中心担任"),
            Column("研究方向或专长"),
            Column("人才计划"),
        ]
        rows = [[p.name, p.title, p.unit, p.role, p.expertise, p.programme] for p in people.key_people]
        out.caption("主要技术带头人和管理人员")
        out.table(columns, rows)
    out.markdown(people.team)


@renders("organization.mechanisms")
def mechanisms(out: Blocks, proposal: Proposal) -> None:
    values = proposal.organization.mechanisms
    sub = Numbered(out)
    for name in Mechanisms.model_fields:
        text = getattr(values, name)
        if text:
            sub(title_of(Mechanisms, name))
            out.markdown(text)


@renders("construction.location")
def location(out: Blocks, proposal: Proposal) -> None:
    place = proposal.construction.location
    if place.address:
        out.labelled(title_of(Location, "address"), place.address)
    if place.floor_area is not None:
        out.labelled(title_of(Location, "floor_area"), f"{amount(place.floor_area)} 平方米")
    out.markdown(place.description)


@renders("construction.schedule")
def schedule(out: Blocks, proposal: Proposal) -> None:
    plan = proposal.construction.schedule
    if plan.start or plan.end:
        out.labelled("建设周期", f"{chinese_date(plan.start)}至{chinese_date(plan.end)}")
    out.markdown(plan.overview)
    if plan.phases:
        columns = [
            Column("阶段"),
            Column("起止时间"),
            Column(title_of(type(plan.phases[0]), "tasks")),
            Column("里程碑"),
        ]
        rows = [
            [p.name, f"{chinese_date(p.start)}—\n{chinese_date(p.end)}", p.tasks or "", "；".join(p.milestones)]
            for p in plan.phases
        ]
        out.caption(f"{title_of(Schedule, 'phases')}")
        out.table(columns, rows)


@renders("construction.funding")
def funding(out: Blocks, proposal: Proposal) -> None:
    money = proposal.construction.funding
    if money.total is not None:
        out.labelled(title_of(Funding, "total"), f"{amount(money.total)} 万元")
    out.markdown(money.overview)
    sub = Numbered(out)
    total = money.total or Decimal(0)
    if money.sources:
        sub(title_of(Funding, "sources"))
        rows = [[s.name, s.kind.label, s.amount, share(s.amount, total)] for s in money.sources]
        rows.append(_total_row(sum((s.amount for s in money.sources), Decimal(0)), total, 2))
        out.table(
            [Column("资金来源"), Column("类别"), Column("金额（万元）", True), Column("占比", True)],
            rows,
        )
    if money.uses:
        sub(title_of(Funding, "uses"))
        rows = [[u.item, u.amount, share(u.amount, total), u.note or ""] for u in money.uses]
        rows.append([*_total_row(sum((u.amount for u in money.uses), Decimal(0)), total, 1), ""])
        out.table(
            [
                Column("支出科目"),
                Column("金额（万元）", True),
                Column("占比", True),
                Column("说明"),
            ],
            rows,
        )
    if money.by_year:
        sub(title_of(Funding, "by_year"))
        rows = [[f"{y.year}年", y.amount, share(y.amount, total)] for y in money.by_year]
        rows.append(_total_row(sum((y.amount for y in money.by_year), Decimal(0)), total, 1))
        out.table([Column("年度"), Column("金额（万元）", True), Column("占比", True)], rows)


def _total_row(value: Decimal, total: Decimal, span: int) -> list[Any]:
    return [Cell("合计", span=span, style="TableHeading"), value, share(value, total)]


@renders("construction.benefits")
def benefits(out: Blocks, proposal: Proposal) -> None:
    construction = proposal.construction
    sub = Numbered(out)
    for name in ("economic", "social"):
        text = getattr(construction.benefits, name)
        if text:
            sub(title_of(type(construction.benefits), name))
            out.markdown(text)
    risks = construction.risks
    if risks.overview or risks.items:
        sub("风险分析")
        out.markdown(risks.overview)
    if risks.items:
        columns = [Column("风险类别"), Column("风险描述"), Column("应对措施")]
        out.table(columns, [[r.category, r.description or "", r.mitigation or ""] for r in risks.items])


def _attachment(out: Blocks, attachment: Attachment) -> None:
    out.paragraph("Normal", attachment.title)
    out.markdown(attachment.summary)
    if attachment.file:
        out.labelled(title_of(Attachment, "file"), attachment.file)


@renders("attachments.charter")
def charter(out: Blocks, proposal: Proposal) -> None:
    if proposal.attachments.charter:
        _attachment(out, proposal.attachments.charter)


@renders("attachments.others")
def other_attachments(out: Blocks, proposal: Proposal) -> None:
    for attachment in proposal.attachments.others:
        _attachment(out, attachment)
