"""The 附件 pages: 附件1 the supporting documents 八、附件 lists; 附件2 the self-assessment form of the
indicator system exactly as the guideline lays it out, with the applicant's figures and scores, then the
evidence registries the figures are counted from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from proposal_kit.assessment import entries_by_code, totals
from proposal_kit.formats import amount, chinese_date
from proposal_kit.guideline import Guideline, Indicator, IndicatorSystem
from proposal_kit.model import Proposal
from proposal_kit.model.base import Year, fields_declared_as
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import Attachment
from proposal_kit.render.chapters import place_figures
from proposal_kit.render.wordml import Blocks, Cell, Column, Numbered, Row, TableStyles, title_of

FORM_COLUMNS = [
    Column("一级指标"),
    Column("二级指标"),
    Column("三级指标"),
    Column("权重", True),
    Column("指标值", True),
    Column("佐证说明"),
    Column("自评分", True),
]
FORM_STYLES = TableStyles(text="FormText", heading="FormHeading", number="FormNumber", size=10.5)


def render_attachments(out: Blocks, proposal: Proposal, guideline: Guideline, figures: Sequence[Any] = ()) -> None:
    """附件1 (the list of the supporting documents, whose summaries 八、附件 prints) and 附件2 (the
    self-assessment form, its figure and the evidence)."""
    render_documents(out, proposal)
    render_form(out, proposal, guideline)
    place_figures(out, figures, "self_assessment")
    render_evidence(out, proposal.evidence)


def render_documents(out: Blocks, proposal: Proposal) -> None:
    """附件1: the supporting documents by title and file, where there are any."""
    documents = [a for a in [proposal.attachments.charter, *proposal.attachments.others] if a]
    if documents:
        out.attachment("附件1", "组建方案附件材料")
        sub = Numbered(out)
        for attachment in documents:
            sub(attachment.title)
            if attachment.file:
                out.labelled(title_of(Attachment, "file"), attachment.file)


def render_form(out: Blocks, proposal: Proposal, guideline: Guideline) -> None:
    """附件2: the self-assessment form of the indicator system, with the applicant's figures and scores."""
    out.attachment("附件2", f"{guideline.indicators.title}自评表")
    out.paragraph("TableText", f"创新中心名称：{proposal.center.name}")
    out.paragraph("TableText", f"牵头单位：{proposal.center.lead_unit}")
    out.table(FORM_COLUMNS, form_rows(proposal, guideline.indicators, guideline.counted(proposal)), FORM_STYLES)


def _merged(text: str, first: bool, span: int = 1) -> Cell:
    return Cell(text if first else "", span=span, merge="restart" if first else "continue")


def _figure(entry: Any, indicator: Indicator, counted: dict[str, Decimal | None]) -> str:
    """The figure the applicant gave, or else the one the evidence ledger counts (where it lists anything)."""
    figure = entry.figure if entry and entry.figure is not None else counted.get(indicator.counted_from)
    if not figure:
        return ""
    return f"{amount(figure.quantize(Decimal('0.1')) if indicator.unit == '%' else figure)}{indicator.unit}"


def _indicator_row(
    entries: dict[str, Any], counted: dict[str, Decimal | None], indicator: Indicator, lead: list[Cell]
) -> list[Any]:
    entry = entries.get(indicator.code)
    evidence, score = (entry.evidence or "", entry.score) if entry else ("", "")
    return [*lead, indicator.name, indicator.weight, _figure(entry, indicator, counted), evidence, score]


def _keep_with_next(row: list[Any] | Row) -> Row:
    return Row(row.cells if isinstance(row, Row) else row, keep_with_next=True)


def form_rows(proposal: Proposal, system: IndicatorSystem, counted: dict[str, Decimal | None]) -> list[list[Any] | Row]:
    """The rows of the form: indicators with merged first- and second-level cells, subtotals, bonus, total;
    a subtotal never starts a page without the row above it."""
    entries = entries_by_code(proposal.self_assessment)
    sums = totals(proposal.self_assessment, system)
    rows: list[list[Any] | Row] = []
    for first in system.indicators:
        first_label = f"{first.name}\n（{amount(first.weight)}分）"
        opens_group = True
        for second in first.children:
            second_label = f"{second.name}\n（{amount(second.weight)}分）"
            for index, third in enumerate(second.children):
                lead = [_merged(first_label, opens_group), _merged(second_label, index == 0)]
                rows.append(_indicator_row(entries, counted, third, lead))
                opens_group = False
        rows[-1] = _keep_with_next(rows[-1])
        subtotal = [Cell("小计", span=2, style="FormHeading"), first.weight, "", "", sums.subtotals[first.code]]
        rows.append([_merged("", False), *subtotal])
    bonus_label = f"{system.bonus_name}\n（≤{amount(system.bonus_cap)}分）"
    for index, bonus in enumerate(system.bonus):
        rows.append(_indicator_row(entries, counted, bonus, [_merged(bonus_label, index == 0, span=2)]))
    rows[-1] = _keep_with_next(rows[-1])
    bonus_subtotal = [
        _merged("", False, span=2),
        Cell(f"加分小计（不超过{amount(system.bonus_cap)}分）", style="FormHeading"),
        system.bonus_cap,
        "",
        "",
        sums.bonus,
    ]
    rows.append(Row(bonus_subtotal, keep_with_next=True))
    rows.append([Cell("总分", span=3, style="FormHeading"), system.total + system.bonus_cap, "", "", sums.total])
    return rows


def _shown(value: Any, year: bool = False) -> Any:
    if year and value is not None:
        return str(value)
    if isinstance(value, Enum) and hasattr(value, "label"):
        return value.label
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return chinese_date(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return value


def record_table(out: Blocks, records: list[BaseModel]) -> None:
    """A registry as a table: one column per field that any record fills, titled as the schema titles it;
    quantities aligned right, years shown as written."""
    model = type(records[0])
    names = [n for n in model.model_fields if any(getattr(r, n) not in (None, "", []) for r in records)]
    years = fields_declared_as(model, Year)
    numeric = {n for n in names if n not in years and any(_is_quantity(getattr(r, n)) for r in records)}
    columns = [Column("序号")] + [Column(_column_title(model, n), n in numeric) for n in names]
    rows = [[str(i), *(_shown(getattr(r, n), n in years) for n in names)] for i, r in enumerate(records, 1)]
    out.table(columns, rows)


def _column_title(model: type[BaseModel], name: str) -> str:
    """The field's title, with its unit where the schema gives one (「投资额（万元）」, 「持股比例（%）」)."""
    description = model.model_fields[name].description or ""
    unit = description if description.startswith("（") and description.endswith("）") else ""
    return title_of(model, name) + unit


def _is_quantity(value: Any) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def render_evidence(out: Blocks, evidence: Evidence) -> None:
    """The evidence registries behind the self-assessment's figures, one table each."""
    registries = [
        (n, getattr(evidence, n))
        for n in Evidence.model_fields
        if isinstance(getattr(evidence, n), list) and getattr(evidence, n)
    ]
    scalars = [(n, getattr(evidence, n)) for n in ("rd_staff", "equipment_value") if getattr(evidence, n) is not None]
    if not registries and not scalars and not evidence.open_sharing:
        return
    out.caption("佐证材料清单")
    sub = Numbered(out)
    for name, value in scalars:
        out.labelled(title_of(Evidence, name), amount(value) + title_of_unit(name))
    for name, records in registries:
        sub(title_of(Evidence, name))
        record_table(out, records)
    if evidence.open_sharing:
        sub(title_of(Evidence, "open_sharing"))
        out.markdown(evidence.open_sharing)


def title_of_unit(name: str) -> str:
    return {"rd_staff": " 人", "equipment_value": " 万元"}.get(name, "")
