"""The XLSX report: a summary sheet of the drafts and a findings sheet, for staff who work in Excel."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from proposal_kit.formats import printable
from proposal_kit.report import SEVERITY_LABELS, STATUS_LABELS, summary
from proposal_kit.report.as_csv import HEADER

SUMMARY_HEADER = ["草稿", "创新中心", "牵头单位", "主管单位", "摘要字数", "自评总分", "状态", "错误", "警告"]
_FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "invalid": "E4DFEC"}


def _sheet(sheet, header: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from a draft is text, even where it starts like a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def render(drafts: Sequence, settings: str = "") -> bytes:
    book = Workbook()
    overview = book.active
    overview.title = "汇总"
    rows = [
        [
            str(d.path),
            d.center,
            d.lead_unit,
            d.competent_unit,
            d.abstract_length,
            None if d.self_assessment_total is None else float(d.self_assessment_total),
            STATUS_LABELS[d.status],
            d.errors,
            d.warnings,
        ]
        for d in drafts
    ]
    _sheet(overview, SUMMARY_HEADER, rows, [40, 36, 30, 26, 10, 10, 10, 8, 8])
    for row, draft in zip(overview.iter_rows(min_row=2), drafts, strict=False):
        row[6].fill = PatternFill("solid", fgColor=_FILLS[draft.status])
    counts = summary(drafts)
    overview.append([])
    overview.append(
        [
            "合计",
            f"{counts['drafts']} 份",
            f"通过 {counts['passed']}",
            f"未通过 {counts['failed']}",
            f"无法读取 {counts['invalid']}",
            "",
            "",
            counts["errors"],
            counts["warnings"],
        ]
    )
    if settings:
        overview.append(["设置文件", printable(settings)])
    findings = book.create_sheet("问题清单")
    rows = [
        [
            str(d.path),
            d.center,
            d.lead_unit,
            d.competent_unit,
            STATUS_LABELS[d.status],
            f.code,
            SEVERITY_LABELS[f.severity.value],
            f.clause,
            f.place,
            f.field,
            f.file,
            f.line or None,
            f.column or None,
            f.message,
        ]
        for d in drafts
        for f in d.findings
    ]
    _sheet(findings, HEADER, rows, [30, 30, 24, 22, 9, 7, 6, 16, 30, 34, 30, 6, 5, 70])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
