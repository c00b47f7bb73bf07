"""The 附件2 self-assessment form and the evidence ledger as an Excel workbook applicants fill in: the form
laid out as the printed one (merged first- and second-level cells, live subtotal and total formulas, the bonus
capped), each score cell held to its indicator's weight, the guideline's columns protected; one sheet per
evidence registry. `workbook_in.py` reads the workbook back; the names of sheets and columns are shared here."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from proposal_kit.assessment import entries_by_code
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline, Indicator, IndicatorSystem
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import AssessmentEntry

FORM_SHEET = "自评表"
OTHER_SHEET = "其他佐证情况"
#: The form's columns, in order, with their widths (in characters).
FORM_COLUMNS = {
    "编号": 7,
    "一级指标": 14,
    "二级指标": 13,
    "三级指标": 38,
    "权重": 7,
    "指标值": 11,
    "单位": 6,
    "佐证说明": 44,
    "自评分": 9,
}
#: The columns applicants type in; every other cell of the form is the guideline's and locked.
INPUT_COLUMNS = ("指标值", "佐证说明", "自评分")
HEADER_ROW = 4  # title, centre name and lead unit above it
TOTAL_LABEL = "总分"
SUBTOTAL_LABEL = "小计"
OTHER_HEADER = ("项目", "内容")
#: The evidence fields that are one value each rather than a registry: the rows of OTHER_SHEET.
SCALARS = ("rd_staff", "equipment_value", "open_sharing")
CELL_LIMIT = 32767  # characters Excel keeps in one cell; a longer text makes it refuse the file
LEDGER_ROWS = 500  # rows below the records offered drop-down lists for enums and 是/否

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")
_SUM_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "宋体"
_UNIT = re.compile(r"（([^（）\d]{1,4})）$")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def col(title: str) -> int:
    """The 1-based column of a form column by its title."""
    return list(FORM_COLUMNS).index(title) + 1


def sheet_title(title: str) -> str:
    """A field title as an Excel sheet name: without the characters Excel refuses, at most 31 characters."""
    return _SHEET_UNSAFE.sub("_", title)[:31]


def registries() -> dict[str, type[BaseModel]]:
    """The list fields of Evidence, each with the model of its records, in the model's order."""
    found = {}
    for name, info in Evidence.model_fields.items():
        args = getattr(info.annotation, "__args__", ())
        if getattr(info.annotation, "__origin__", None) is list and args and issubclass(args[0], BaseModel):
            found[name] = args[0]
    return found


def column_title(model: type[BaseModel], name: str) -> str:
    """A field's title with its unit where the description ends in one (「投资额（万元）」, 「持股比例（%）」,
    「项目总规模（万元）」), as the printed registries title their columns."""
    info = model.model_fields[name]
    unit = _UNIT.search(info.description or "")
    return (info.title or name) + (unit.group() if unit else "")


def form_workbook(proposal: Proposal, guideline: Guideline) -> bytes:
    """The whole workbook: the form first, then a sheet per evidence registry, then the other evidence."""
    book = Workbook()
    form = book.active
    form.title = FORM_SHEET
    write_form(form, proposal, guideline.indicators)
    for name, model in registries().items():
        write_ledger(
            book.create_sheet(sheet_title(Evidence.model_fields[name].title or name)),
            model,
            getattr(proposal.evidence, name),
        )
    write_other(book.create_sheet(OTHER_SHEET), proposal.evidence)
    book.properties.title = f"{guideline.indicators.attachment} {guideline.indicators.title}自评表"
    book.properties.creator = "proposal-kit"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write one value as the form shows it; text is always text (「=…」 from a draft never becomes a formula)
    and loses the control characters Excel refuses."""
    cell = sheet.cell(row, column)
    shown = shown_value(value)
    if isinstance(shown, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", shown)[:CELL_LIMIT]
        cell.data_type = "s"
    else:
        cell.value = shown
    if isinstance(shown, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def formula(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    cell = sheet.cell(row, column)
    cell.value = text
    return cell


def shown_value(value: Any) -> Any:
    """A model value as a cell holds it: an enum by its Chinese label, yes/no as 是/否, lists joined by 「、」."""
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(shown_value(v)) for v in value)
    return value


def _style(
    cell: Cell, bold: bool = False, wrap: bool = True, centre: bool = False, fill: PatternFill | None = None
) -> None:
    cell.font = Font(name=_FONT, size=10.5, bold=bold)
    cell.border = _BORDER
    horizontal = "center" if centre else None
    cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)
    if fill:
        cell.fill = fill


def _merge(sheet: Worksheet, top: int, left: int, bottom: int, right: int) -> None:
    if (top, left) != (bottom, right):
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def write_form(sheet: Worksheet, proposal: Proposal, system: IndicatorSystem) -> None:
    """The form: a title and the centre's names above the header row, then each first-level group's rows and
    its 小计, the bonus items and their capped 加分小计, and the 总分; guideline cells locked, inputs not."""
    width = len(FORM_COLUMNS)
    _title_block(sheet, proposal, system)
    for column, title in enumerate(FORM_COLUMNS, 1):
        _style(put(sheet, HEADER_ROW, column, title), bold=True, centre=True, fill=_HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = FORM_COLUMNS[title]
    entries = entries_by_code(proposal.self_assessment)
    row = HEADER_ROW + 1
    sums: list[str] = []
    for first in system.indicators:
        start = row
        for second in first.children:
            second_start = row
            for third in second.children:
                _indicator_row(sheet, row, third, entries.get(third.code))
                row += 1
            put(sheet, second_start, col("二级指标"), _label(second.name, f"{amount(second.weight)}分"))
            _merge(sheet, second_start, col("二级指标"), row - 1, col("二级指标"))
        sums.append(_sum_row(sheet, row, start, SUBTOTAL_LABEL, first.weight, "=SUM({scores})"))
        put(sheet, start, col("一级指标"), _label(first.name, f"{amount(first.weight)}分"))
        _merge(sheet, start, col("一级指标"), row, col("一级指标"))
        row += 1
    start = row
    for bonus in system.bonus:
        _indicator_row(sheet, row, bonus, entries.get(bonus.code))
        row += 1
    cap = amount(system.bonus_cap)
    label = f"加分小计（不超过{cap}分）"
    sums.append(_sum_row(sheet, row, start, label, system.bonus_cap, f"=MIN(SUM({{scores}}),{system.bonus_cap})"))
    put(sheet, start, col("一级指标"), _label(system.bonus_name, f"≤{cap}分"))
    _merge(sheet, start, col("一级指标"), row, col("二级指标"))
    row += 1
    _total_row(sheet, row, system, sums)
    fit_rows(sheet, HEADER_ROW, row)
    _protect(sheet)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    _print_setup(sheet, landscape=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:{get_column_letter(width)}{row}"


def _label(name: str, weight: str) -> str:
    return f"{name}\n（{weight}）"


def _title_block(sheet: Worksheet, proposal: Proposal, system: IndicatorSystem) -> None:
    """Rows 1–3: the form's title, the centre's name and its lead unit, each across the whole table."""
    last = len(FORM_COLUMNS)
    lines = [
        f"{system.attachment}  {system.title}自评表",
        f"创新中心名称：{proposal.center.name}",
        f"牵头单位：{proposal.center.lead_unit}",
    ]
    for row, text in enumerate(lines, 1):
        cell = put(sheet, row, 1, text)
        cell.font = Font(name=_FONT, size=14 if row == 1 else 11, bold=row == 1)
        cell.alignment = Alignment(horizontal="center" if row == 1 else "left", vertical="center")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
    sheet.row_dimensions[1].height = 28


def _indicator_row(sheet: Worksheet, row: int, indicator: Indicator, entry: AssessmentEntry | None) -> None:
    """One scored indicator: its code, name, weight and unit from the guideline; the applicant's figure,
    evidence and score (blank where not given), each score cell held between 0 and the weight."""
    values = {
        "编号": indicator.code,
        "三级指标": indicator.name,
        "权重": indicator.weight,
        "指标值": entry.figure if entry else None,
        "单位": indicator.unit,
        "佐证说明": entry.evidence if entry else None,
        "自评分": entry.score if entry else None,
    }
    for title in FORM_COLUMNS:
        cell = put(sheet, row, col(title), values.get(title))
        numeric = title in ("权重", "指标值", "自评分")
        _style(cell, centre=numeric or title in ("编号", "单位"), fill=_INPUT_FILL if title in INPUT_COLUMNS else None)
        if title in INPUT_COLUMNS:
            cell.protection = Protection(locked=False)
    sheet.add_data_validation(_score_validation(indicator, sheet.cell(row, col("自评分")).coordinate))
    _figure_validation(sheet).add(sheet.cell(row, col("指标值")).coordinate)


def _score_validation(indicator: Indicator, coordinate: str) -> DataValidation:
    """A score between 0 and the indicator's weight, said in Chinese when Excel refuses one."""
    weight = amount(indicator.weight)
    validation = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2=str(indicator.weight),
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="自评分超出范围",
        error=f"指标 {indicator.code}「{indicator.name[:60]}」的权重为 {weight} 分，自评分应为 0 至 {weight} 之间的数字。",
        promptTitle="自评分",
        prompt=f"0 至 {weight} 分",
    )
    validation.add(coordinate)
    return validation


def _figure_validation(sheet: Worksheet) -> DataValidation:
    """The one validation every 指标值 cell shares: a number not below zero."""
    for validation in sheet.data_validations.dataValidation:
        if validation.promptTitle == "指标值":
            return validation
    validation = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="指标值无效",
        error="指标值应为不小于 0 的数字（数量、金额或百分比，单位见「单位」列）；定性指标可不填。",
        promptTitle="指标值",
        prompt="不小于 0 的数字，单位见「单位」列",
    )
    sheet.add_data_validation(validation)
    return validation


def _sum_row(sheet: Worksheet, row: int, start: int, label: str, weight: Decimal, template: str) -> str:
    """A 小计 (or 加分小计) row under the rows from `start`: its label across the name columns, the weight,
    and the score as a live formula; the score cell's coordinate."""
    scores = f"{get_column_letter(col('自评分'))}{start}:{get_column_letter(col('自评分'))}{row - 1}"
    for title in FORM_COLUMNS:
        _style(
            sheet.cell(row, col(title)), bold=title in ("二级指标", "三级指标", "自评分"), centre=True, fill=_SUM_FILL
        )
    label_from = col("二级指标") if label == SUBTOTAL_LABEL else col("三级指标")
    put(sheet, row, label_from, label)
    _merge(sheet, row, label_from, row, col("三级指标"))
    put(sheet, row, col("权重"), weight)
    return formula(sheet, row, col("自评分"), template.format(scores=scores)).coordinate


def _total_row(sheet: Worksheet, row: int, system: IndicatorSystem, sums: list[str]) -> None:
    """总分: the subtotals and the capped bonus added by a live formula; the most a form can score."""
    for title in FORM_COLUMNS:
        _style(sheet.cell(row, col(title)), bold=True, centre=True, fill=_SUM_FILL)
    put(sheet, row, col("一级指标"), TOTAL_LABEL)
    _merge(sheet, row, col("一级指标"), row, col("三级指标"))
    put(sheet, row, col("权重"), system.total + system.bonus_cap)
    formula(sheet, row, col("自评分"), "=" + "+".join(sums))


def _protect(sheet: Worksheet) -> None:
    """The sheet protected without a password: the guideline's cells and the formulas cannot be changed by
    accident; the input cells are unlocked; rows and columns can still be resized for long text."""
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = False
    protection.formatRows = False


def _print_setup(sheet: Worksheet, landscape: bool) -> None:
    """A4, fitted to the page width, centred, with modest margins."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6


def display_width(value: Any) -> int:
    """How many character widths a value takes in a cell (its longest line): Chinese characters count twice."""
    text = value.isoformat() if isinstance(value, date | datetime) else str(shown_value(value))
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


LINE_HEIGHT = 14.5  # points per line of 10.5-point text


def fit_rows(sheet: Worksheet, first: int, last: int) -> None:
    """Give each row the height its wrapped text needs (Excel and LibreOffice do not measure rows written
    without one): the most lines any of its cells takes at its column's width. Merged cells are left out."""
    merged = {cell for cells in sheet.merged_cells.ranges for cell in cells.cells}
    for row in range(first, last + 1):
        lines = 1
        for cell in sheet[row]:
            if (cell.row, cell.column) in merged or not isinstance(cell.value, str) or cell.data_type != "s":
                continue
            width = (sheet.column_dimensions[cell.column_letter].width or 8.43) - 1
            pieces = [math.ceil(display_width(piece) / width) or 1 for piece in cell.value.split("\n")]
            lines = max(lines, sum(pieces))
        if lines > 1:
            sheet.row_dimensions[row].height = min(lines * LINE_HEIGHT + 3, 409)


def write_ledger(sheet: Worksheet, model: type[BaseModel], records: list[BaseModel]) -> None:
    """One registry: the fields' titles (with units) as the header, a record a row; drop-down lists where a
    field takes one of a few values; widths to fit, header frozen, printed on A4."""
    names = list(model.model_fields)
    for column, name in enumerate(names, 1):
        _style(put(sheet, 1, column, column_title(model, name)), bold=True, centre=True, fill=_HEADER_FILL)
    for row, record in enumerate(records, 2):
        for column, name in enumerate(names, 1):
            _style(put(sheet, row, column, getattr(record, name)))
    for column, name in enumerate(names, 1):
        values = [column_title(model, name), *(getattr(r, name) for r in records if getattr(r, name) is not None)]
        width = max(display_width(v) for v in values) + 2
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, 8), 50)
        _choices(sheet, model, name, column, len(records) + LEDGER_ROWS)
    fit_rows(sheet, 1, len(records) + 1)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, landscape=len(names) > 4)
    sheet.print_title_rows = "1:1"


def _choices(sheet: Worksheet, model: type[BaseModel], name: str, column: int, rows: int) -> None:
    """A drop-down list on a column whose field takes an enum's labels or 是/否."""
    kind = model.model_fields[name].annotation
    kind = next((a for a in getattr(kind, "__args__", ()) if a is not type(None)), kind)
    if isinstance(kind, type) and issubclass(kind, Enum):
        options = [getattr(member, "label", member.value) for member in kind]
    elif kind is bool:
        options = ["是", "否"]
    else:
        return
    letter = get_column_letter(column)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(options) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="取值无效",
        error=f"请从下拉列表中选择：{'、'.join(options)}",
    )
    validation.add(f"{letter}2:{letter}{rows + 1}")
    sheet.add_data_validation(validation)


def write_other(sheet: Worksheet, evidence: Evidence) -> None:
    """The evidence that is one value each (R&D staff, equipment value) and the text on open sharing."""
    for column, title in enumerate(OTHER_HEADER, 1):
        _style(put(sheet, 1, column, title), bold=True, centre=True, fill=_HEADER_FILL)
    for row, name in enumerate(SCALARS, 2):
        _style(put(sheet, row, 1, column_title(Evidence, name)), bold=True)
        _style(put(sheet, row, 2, getattr(evidence, name)))
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 70
    fit_rows(sheet, 1, len(SCALARS) + 1)
    sheet.freeze_panes = "A2"
    _print_setup(sheet, landscape=False)
