"""The 附件 pages: 附件1 the supporting documents 八、附件 lists; 附件2 the self-assessment form of the
indicator system exactly as the guideline lays it out, with the applicant's figures and scores, then the
evidence registries the figures are counted from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from proposal_kit.assessment import entries_by_code, totals
from proposal_kit.guideline import Indicator, indicator_system
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import Attachment
from proposal_kit.render.markdown import render_markdown
from proposal_kit.render.text import amount, chinese_date
from proposal_kit.render.wordml import Blocks, Cell, Column, Numbered, TableStyles, title_of

FORM_COLUMNS = [
    Column("一级指标", 1.35),
    Column("二级指标", 1.35),
    Column("三级指标", 3.2),
    Column("权重", 0.6, True),
    Column("指标值", 1.1, True),
    Column("佐证说明", 2.8),
    Column("自评分", 0.75, True),
]
FORM_STYLES = TableStyles(text="FormText", heading="FormHeading", number="FormNumber")


def render_attachments(out: Blocks, proposal: Proposal) -> None:
    """附件1 (the supporting documents) and 附件2 (the self-assessment form and the evidence)."""
    documents = [a for a in [proposal.attachments.charter, *proposal.attachments.others] if a]
    if documents:
        out.paragraph("AttachmentLabel", "附件1")
        out.paragraph("Title", "组建方案附件材料")
        sub = Numbered(out)
        for attachment in documents:
            sub(attachment.title)
            render_markdown(out, attachment.summary)
            if attachment.file:
                out.labelled(title_of(Attachment, "file"), attachment.file)
    out.paragraph("AttachmentLabel", "附件2")
    out.paragraph("Title", f"{indicator_system().title}自评表")
    out.paragraph("TableText", f"创新中心名称：{proposal.center.name}　　　牵头单位：{proposal.center.lead_unit}")
    out.table(FORM_COLUMNS, form_rows(proposal), FORM_STYLES)
    render_evidence(out, proposal.evidence)


def _merged(text: str, first: bool, span: int = 1) -> Cell:
    return Cell(text if first else "", span=span, merge="restart" if first else "continue")


def _figure(entry: Any, indicator: Indicator) -> str:
    return f"{amount(entry.figure)}{indicator.unit}" if entry and entry.figure is not None else ""


def _indicator_row(entries: dict[str, Any], indicator: Indicator, lead: list[Cell]) -> list[Any]:
    entry = entries.get(indicator.code)
    evidence, score = (entry.evidence or "", entry.score) if entry else ("", "")
    return [*lead, indicator.name, indicator.weight, _figure(entry, indicator), evidence, score]


def form_rows(proposal: Proposal) -> list[list[Any]]:
    """The rows of the form: indicators with merged first- and second-level cells, subtotals, bonus, total."""
    system = indicator_system()
    entries = entries_by_code(proposal.self_assessment)
    sums = totals(proposal.self_assessment)
    rows: list[list[Any]] = []
    for first in system.indicators:
        first_label = f"{first.name}（{amount(first.weight)}分）"
        opens_group = True
        for second in first.children:
            second_label = f"{second.name}（{amount(second.weight)}分）"
            for index, third in enumerate(second.children):
                lead = [_merged(first_label, opens_group), _merged(second_label, index == 0)]
                rows.append(_indicator_row(entries, third, lead))
                opens_group = False
        subtotal = [Cell("小计", span=2, style="FormHeading"), first.weight, "", "", sums.subtotals[first.code]]
        rows.append([_merged("", False), *subtotal])
    bonus_label = f"{system.bonus_name}（≤{amount(system.bonus_cap)}分）"
    for index, bonus in enumerate(system.bonus):
        rows.append(_indicator_row(entries, bonus, [_merged(bonus_label, index == 0, span=2)]))
    rows.append(
        [
            _merged("", False, span=2),
            Cell(f"加分小计（不超过{amount(system.bonus_cap)}分）", style="FormHeading"),
            system.bonus_cap,
            "",
            "",
            sums.bonus,
        ]
    )
    rows.append([Cell("总分", span=3, style="FormHeading"), system.total + system.bonus_cap, "", "", sums.total])
    return rows


def _shown(value: Any) -> Any:
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
    """A registry as a table: one column per field that any record fills, titled as the schema titles it."""
    model = type(records[0])
    names = [n for n in model.model_fields if any(getattr(r, n) not in (None, "", []) for r in records)]
    numeric = {
        n
        for n in names
        if isinstance(getattr(records[0], n), Decimal | int) and not isinstance(getattr(records[0], n), bool)
    }
    columns = [Column("序号", 0.6)] + [
        Column(title_of(model, n), 1.2 if n in numeric else 2.2, n in numeric) for n in names
    ]
    rows = [[str(i), *(_shown(getattr(r, n)) for n in names)] for i, r in enumerate(records, 1)]
    out.table(columns, rows)


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
    out.paragraph("TableCaption", "佐证材料清单")
    sub = Numbered(out)
    for name, value in scalars:
        out.labelled(title_of(Evidence, name), amount(value) + title_of_unit(name))
    for name, records in registries:
        sub(title_of(Evidence, name))
        record_table(out, records)
    if evidence.open_sharing:
        sub(title_of(Evidence, "open_sharing"))
        render_markdown(out, evidence.open_sharing)


def title_of_unit(name: str) -> str:
    return {"rd_staff": " 人", "equipment_value": " 万元"}.get(name, "")
