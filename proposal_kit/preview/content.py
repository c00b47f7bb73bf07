"""What the preview prints of each part of the proposal: the cover, each outline item, the 附件 pages; item
by item what `render.chapters` and `render.form` print into the .docx (the same labels, tables and column
titles), Markdown through `preview.prose`. The table builders of `render` that only build a table (a unit's
facts, the goals, the 附件2 form rows, an evidence registry) are used as they are."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from proposal_kit.formats import amount, chinese_date, share
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import Attachment, Center, Funding, Location, Mechanisms, Schedule
from proposal_kit.model.units import Unit
from proposal_kit.preview.html import Html
from proposal_kit.preview.prose import cell_prose, render_prose
from proposal_kit.printed import FACTS_CAPTION, FACTS_HEADER, center_facts
from proposal_kit.render.chapters import goal_table, unit_table
from proposal_kit.render.form import FORM_COLUMNS, FORM_STYLES, form_rows, record_table, title_of_unit
from proposal_kit.render.wordml import Cell, Column, title_of

Printer = Callable[[Html, Proposal], None]
PRINTERS: dict[str, Printer] = {}


def prints(field: str) -> Callable[[Printer], Printer]:
    def register(function: Printer) -> Printer:
        PRINTERS[field] = function
        return function

    return register


def print_field(out: Html, proposal: Proposal, field: str) -> None:
    """The content of the outline part `field` names: its own printer, or, for a narrative, its Markdown."""
    printer = PRINTERS.get(field)
    if printer:
        printer(out, proposal)
        return
    value: Any = proposal
    for name in field.split("."):
        value = getattr(value, name)
    render_prose(out, value)


def print_cover(out: Html, proposal: Proposal) -> None:
    """The cover as the template prints it: the centre's name, 组建方案, the units and the date."""
    center = proposal.center
    out.markup('<div class="cover-title">')
    out.paragraph("CoverTitle", center.name)
    out.paragraph("CoverTitle", "组建方案")
    out.markup("</div>")
    out.labelled("牵头单位", center.lead_unit)
    out.labelled("共建单位", "、".join(u.name for u in proposal.units.partners))
    out.labelled("主管单位", center.competent_unit)
    out.paragraph("CoverDate", chinese_date(center.prepared_on))


@prints("abstract")
def abstract(out: Html, proposal: Proposal) -> None:
    """The centre's basic facts as a table, then the abstract."""
    out.caption(FACTS_CAPTION)
    label, value = FACTS_HEADER
    out.table([Column(label, labels=True), Column(value)], [list(fact) for fact in center_facts(proposal)])
    render_prose(out, proposal.abstract)


def unit_section(out: Html, unit: Unit) -> None:
    """A unit's facts as a table, what it contributes, then its profile."""
    unit_table(out, unit)
    if unit.contribution_note:
        out.labelled(title_of(Unit, "contribution_note"), unit.contribution_note)
    render_prose(out, unit.profile)


@prints("units.lead")
def lead_unit(out: Html, proposal: Proposal) -> None:
    if proposal.units.lead is not None:
        unit_section(out, proposal.units.lead)


@prints("units.partners")
def partner_units(out: Html, proposal: Proposal) -> None:
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
    level = out.level + 1
    for unit in partners:
        out.numbered_heading(level, unit.name)
        unit_section(out, unit)


@prints("units.achievements")
def achievements(out: Html, proposal: Proposal) -> None:
    section = proposal.units.achievements
    render_prose(out, section.overview)
    if section.items:
        columns = [Column("序号"), Column("成果名称"), Column("持有单位"), Column("成熟度"), Column("成果简介")]
        rows = [
            [str(i), a.title, a.owner or "", a.stage or "", cell_prose(a.description, out.level)]
            for i, a in enumerate(section.items, 1)
        ]
        out.table(columns, rows)


@prints("directions.goals")
def goals(out: Html, proposal: Proposal) -> None:
    section = proposal.directions.goals
    render_prose(out, section.overview)
    level = out.level + 1
    for label, items in (("近期目标", section.near_term), ("中期目标", section.mid_term)):
        if items:
            out.numbered_heading(level, label)
            goal_table(out, items)


@prints("organization.structure")
def structure(out: Html, proposal: Proposal) -> None:
    organization = proposal.organization
    render_prose(out, organization.structure)
    functions = organization.functions
    level = out.level + 1
    if proposal.center.legal_form_note:
        out.numbered_heading(level, title_of(Center, "legal_form_note"))
        render_prose(out, proposal.center.legal_form_note)
    for name in type(functions).model_fields:
        text = getattr(functions, name)
        if text:
            out.numbered_heading(level, title_of(type(functions), name))
            render_prose(out, text)


@prints("organization.personnel")
def personnel(out: Html, proposal: Proposal) -> None:
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
    render_prose(out, people.team)


@prints("organization.mechanisms")
def mechanisms(out: Html, proposal: Proposal) -> None:
    values = proposal.organization.mechanisms
    level = out.level + 1
    for name in Mechanisms.model_fields:
        text = getattr(values, name)
        if text:
            out.numbered_heading(level, title_of(Mechanisms, name))
            render_prose(out, text)


@prints("construction.location")
def location(out: Html, proposal: Proposal) -> None:
    place = proposal.construction.location
    if place.address:
        out.labelled(title_of(Location, "address"), place.address)
    if place.floor_area is not None:
        out.labelled(title_of(Location, "floor_area"), f"{amount(place.floor_area)} 平方米")
    render_prose(out, place.description)


@prints("construction.schedule")
def schedule(out: Html, proposal: Proposal) -> None:
    plan = proposal.construction.schedule
    if plan.start or plan.end:
        out.labelled("建设周期", f"{chinese_date(plan.start)}至{chinese_date(plan.end)}")
    render_prose(out, plan.overview)
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
        out.caption(title_of(Schedule, "phases"))
        out.table(columns, rows)


@prints("construction.funding")
def funding(out: Html, proposal: Proposal) -> None:
    money = proposal.construction.funding
    if money.total is not None:
        out.labelled(title_of(Funding, "total"), f"{amount(money.total)} 万元")
    render_prose(out, money.overview)
    level = out.level + 1
    total = money.total or Decimal(0)
    if money.sources:
        out.numbered_heading(level, title_of(Funding, "sources"))
        rows = [[s.name, s.kind.label, s.amount, share(s.amount, total)] for s in money.sources]
        rows.append(_total_row(sum((s.amount for s in money.sources), Decimal(0)), total, 2))
        columns = [Column("资金来源"), Column("类别"), Column("金额（万元）", True), Column("占比", True)]
        out.table(columns, rows)
    if money.uses:
        out.numbered_heading(level, title_of(Funding, "uses"))
        rows = [[u.item, u.amount, share(u.amount, total), u.note or ""] for u in money.uses]
        rows.append([*_total_row(sum((u.amount for u in money.uses), Decimal(0)), total, 1), ""])
        columns = [Column("支出科目"), Column("金额（万元）", True), Column("占比", True), Column("说明")]
        out.table(columns, rows)
    if money.by_year:
        out.numbered_heading(level, title_of(Funding, "by_year"))
        rows = [[f"{y.year}年", y.amount, share(y.amount, total)] for y in money.by_year]
        rows.append(_total_row(sum((y.amount for y in money.by_year), Decimal(0)), total, 1))
        out.table([Column("年度"), Column("金额（万元）", True), Column("占比", True)], rows)


def _total_row(value: Decimal, total: Decimal, span: int) -> list[Any]:
    return [Cell("合计", span=span, style="TableHeading"), value, share(value, total)]


@prints("construction.benefits")
def benefits(out: Html, proposal: Proposal) -> None:
    construction = proposal.construction
    level = out.level + 1
    for name in ("economic", "social"):
        text = getattr(construction.benefits, name)
        if text:
            out.numbered_heading(level, title_of(type(construction.benefits), name))
            render_prose(out, text)
    risks = construction.risks
    if risks.overview or risks.items:
        out.numbered_heading(level, "风险分析")
        render_prose(out, risks.overview)
    if risks.items:
        columns = [Column("风险类别"), Column("风险描述"), Column("应对措施")]
        out.table(columns, [[r.category, r.description or "", r.mitigation or ""] for r in risks.items])


def _attachment(out: Html, attachment: Attachment) -> None:
    out.paragraph("Normal", attachment.title)
    render_prose(out, attachment.summary)
    if attachment.file:
        out.labelled(title_of(Attachment, "file"), attachment.file)


@prints("attachments.charter")
def charter(out: Html, proposal: Proposal) -> None:
    if proposal.attachments.charter:
        _attachment(out, proposal.attachments.charter)


@prints("attachments.others")
def other_attachments(out: Html, proposal: Proposal) -> None:
    for attachment in proposal.attachments.others:
        _attachment(out, attachment)


def print_documents(out: Html, proposal: Proposal) -> None:
    """附件1: the list of the supporting documents, where there are any."""
    documents = [a for a in [proposal.attachments.charter, *proposal.attachments.others] if a]
    if not documents:
        return
    out.attachment("附件1", "组建方案附件材料")
    level = out.level + 1
    for attachment in documents:
        out.numbered_heading(level, attachment.title)
        if attachment.file:
            out.labelled(title_of(Attachment, "file"), attachment.file)


def print_form(out: Html, proposal: Proposal, guideline: Guideline) -> None:
    """附件2: the self-assessment form with its subtotals and total, then the evidence registries."""
    out.attachment("附件2", f"{guideline.indicators.title}自评表")
    out.paragraph("TableText", f"创新中心名称：{proposal.center.name}")
    out.paragraph("TableText", f"牵头单位：{proposal.center.lead_unit}")
    out.table(FORM_COLUMNS, form_rows(proposal, guideline.indicators, guideline.counted(proposal)), FORM_STYLES)


def print_evidence(out: Html, evidence: Evidence) -> None:
    """The evidence registries behind the form's figures, one table each, as `render.form` prints them."""
    registries = [
        (n, getattr(evidence, n))
        for n in Evidence.model_fields
        if isinstance(getattr(evidence, n), list) and getattr(evidence, n)
    ]
    scalars = [(n, getattr(evidence, n)) for n in ("rd_staff", "equipment_value") if getattr(evidence, n) is not None]
    if not registries and not scalars and not evidence.open_sharing:
        return
    out.caption("佐证材料清单")
    level = out.level + 1
    for name, value in scalars:
        out.labelled(title_of(Evidence, name), amount(value) + title_of_unit(name))
    for name, records in registries:
        out.numbered_heading(level, title_of(Evidence, name))
        record_table(out, records)
    if evidence.open_sharing:
        out.numbered_heading(level, title_of(Evidence, "open_sharing"))
        render_prose(out, evidence.open_sharing)
