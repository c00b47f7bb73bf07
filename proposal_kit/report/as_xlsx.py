"""The XLSX report: a summary sheet of the drafts and a findings sheet, for staff who work in Excel and print
from it: the message beside its code, text wrapped, the header and the draft column frozen, A4 landscape with
the header row on every page."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from proposal_kit.formats import printable
from proposal_kit.report import SEVERITY_LABELS, status_label, summary

SUMMARY_HEADER = [
    "草稿",
    "创新中心",
    "牵头单位",
    "主管单位",
    "摘要字数",
    "自评总分（核算）",
    "自评总分（填报）",
    "状态",
    "错误",
    "警告",
]
FINDINGS_HEADER = [
    "草稿",
    "代码",
    "说明",
    "级别",
    "提纲位置",
    "依据",
    "创新中心",
    "状态",
    "字段",
    "文件",
    "行",
    "列",
]
_FILLS = {"pass": "C6EFCE", "fail": "FFC7CE", "invalid": "E4DFEC"}
_WRAPPED = Alignment(wrap_text=True, vertical="top")


def _sheet(sheet, header: list[str], rows: list[list], widths: list[int]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = _WRAPPED
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = _WRAPPED
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from a draft is text, even where it starts like a formula
    sheet.freeze_panes = "B2"  # the header row and the draft column stay in view
    sheet.auto_filter.ref = sheet.dimensions
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _number(value) -> float | None:
    return None if value is None else float(value)


def _overview(book: Workbook, drafts: Sequence, settings: str) -> None:
    overview = book.active
    overview.title = "汇总"
    rows = [
        [
            str(d.path),
            d.center,
            d.lead_unit,
            d.competent_unit,
            d.abstract_length,
            _number(d.self_assessment_total),
            _number(d.self_assessment_claimed),
            status_label(d),
            d.errors,
            d.warnings,
        ]
        for d in drafts
    ]
    _sheet(overview, SUMMARY_HEADER, rows, [34, 34, 28, 24, 10, 12, 12, 12, 7, 7])
    for row, draft in zip(overview.iter_rows(min_row=2), drafts, strict=False):
        row[7].fill = PatternFill("solid", fgColor=_FILLS[draft.status])
    counts = summary(drafts)
    status = f"通过 {counts['passed']}，未通过 {counts['failed']}，无法读取 {counts['invalid']}"
    total = [f"合计 {counts['drafts']} 份", "", "", "", "", "", "", status, counts["errors"], counts["warnings"]]
    overview.append(total)
    for cell in overview[overview.max_row]:
        cell.font = Font(bold=True)
    if settings:
        overview.append(["设置文件", printable(settings)])


def render(drafts: Sequence, settings: str = "") -> bytes:
    book = Workbook()
    _overview(book, drafts, settings)
    rows = [
        [
            str(d.path),
            f.code,
            f.message,
            SEVERITY_LABELS[f.severity.value],
            f.place,
            f.clause,
            d.center,
            status_label(d),
            f.field,
            f.file,
            f.line or None,
            f.column or None,
        ]
        for d in drafts
        for f in d.findings
    ]
    _sheet(book.create_sheet("问题清单"), FINDINGS_HEADER, rows, [26, 7, 60, 6, 26, 14, 26, 9, 30, 30, 6, 5])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
