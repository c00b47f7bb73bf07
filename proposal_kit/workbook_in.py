"""A workbook named in proposal.yaml (``self_assessment: {workbook: 自评表.xlsx}``, ``evidence: {workbook: …}``)
read into the same data the YAML would hold: the form's rows by 编号 (or by the indicator's name), the
registries by their sheets, each value with its cell (file, row, column), so that every finding on it says
「自评表.xlsx 第 12 行 I 列」. A cell is read as typed; a formula by the result Excel saved with it. What cannot be
read as a number stays text, so that the schema says what is wrong there, as for YAML and Word drafts."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from proposal_kit.codes import finding
from proposal_kit.docx_in.values import field_types, value_for
from proposal_kit.exceptions import LoadError
from proposal_kit.findings import FieldPath, dotted
from proposal_kit.guideline import DEFAULT_EDITION, IndicatorSystem, editions
from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import Location, Source, read_bounded, resolve_inside
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import AssessmentEntry
from proposal_kit.workbook import (
    FORM_COLUMNS,
    FORM_SHEET,
    OTHER_SHEET,
    SCALARS,
    TOTAL_LABEL,
    column_title,
    registries,
    sheet_title,
)

MAX_WORKBOOK_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 16 * 1024 * 1024  # the XML inside, before it is parsed: a small file may unpack to gigabytes
MAX_ROWS = 5000  # rows read from one sheet
MAX_COLUMNS = 60
HEADER_SEARCH = 20  # the form's header row is looked for in this many rows
#: The keys whose value a workbook may give, and what else may stand beside `workbook` there.
KEYS = {"self_assessment": ("workbook", "total"), "evidence": ("workbook",)}
_SPACES = re.compile(r"\s+")
_UNIT = re.compile(r"[（(][^（）()]{0,8}[）)]$")


@dataclass(frozen=True)
class Book:
    """A workbook opened twice: as typed (a formula as its text) and as last shown (a formula's saved result)."""

    reference: str  # as proposal.yaml names it: 「自评表.xlsx」
    file: str  # the path findings give
    typed: Workbook
    shown: Workbook


def read_workbooks(source: Source) -> None:
    """Replace each ``{workbook: …}`` of KEYS in `source.data` with what the workbook holds. A workbook that
    cannot be read is a finding at its line in proposal.yaml, and the key becomes None: the schema then says
    the part is missing and the rules that read it are left out, rather than every figure counted from an
    empty ledger being reported wrong."""
    books: dict[Path, Book | LoadError] = {}
    for key, allowed in KEYS.items():
        written = source.data.get(key)
        if not isinstance(written, dict) or "workbook" not in written:
            continue
        here = (key, "workbook")
        where = source.locate(here)
        for extra in sorted(set(written) - set(allowed)):
            at = source.locate((key, extra))
            title = Proposal.model_fields[key].title
            message = (
                f"{title}从工作簿「{written['workbook']}」读取，与 workbook 同时写出的「{extra}」不会被读取，请删去"
            )
            source.problems.append(finding("S002", message, dotted((key, extra)), at.file, at.line, at.column))
        try:
            book = _book(source.folder, written["workbook"], books)
        except LoadError as e:
            source.problems.append(finding(e.code, e.message, dotted(here), where.file, where.line, where.column))
            source.data[key] = None
            continue
        reader = _Reader(source, book, where)
        if key == "self_assessment":
            source.data[key] = reader.self_assessment(_system(source), written.get("total"))
        else:
            source.data[key] = reader.evidence()


def _system(source: Source) -> IndicatorSystem:
    """The indicators of the edition the proposal declares (the package's own where it declares none known)."""
    edition = source.data.get("guideline")
    return load_guideline(edition if isinstance(edition, str) and edition in editions() else DEFAULT_EDITION).indicators


def _book(folder: Path, reference: Any, books: dict[Path, Book | LoadError]) -> Book:
    """The workbook `reference` names inside `folder`, opened once however many keys name it."""
    target = resolve_inside(folder, reference)  # L010 outside the folder, L011 missing
    if target not in books:
        try:
            books[target] = open_book(target, str(reference), str(folder / reference))
        except LoadError as e:
            books[target] = e
    found = books[target]
    if isinstance(found, LoadError):
        raise found
    return found


def open_book(target: Path, reference: str, shown_as: str) -> Book:
    """Open an .xlsx safely: bounded in size packed and unpacked, refused with L016 unless it is a workbook."""
    suffix = Path(reference).suffix.lower()
    if suffix != ".xlsx":
        hint = {".xls": "旧版 Excel 97-2003 格式", ".csv": "CSV 文本", ".et": "WPS 表格格式"}.get(suffix, "")
        why = f"是{hint}，" if hint else ""
        raise LoadError(
            "L016", f"引用的工作簿「{reference}」不是 .xlsx 文件，{why}请在 Excel 或 WPS 中另存为 .xlsx", target
        )
    raw = read_bounded(target, MAX_WORKBOOK_BYTES, "L002")
    _check_package(raw, reference, target)
    return Book(reference, shown_as, _open(raw, reference, target, False), _open(raw, reference, target, True))


def _check_package(raw: bytes, reference: str, target: Path) -> None:
    """An .xlsx is a zip holding xl/workbook.xml, whose XML unpacks to a bounded size."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            names = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise LoadError(
            "L016", f"引用的工作簿「{reference}」不是有效的 .xlsx 文件（文件已损坏或只是改了扩展名）", target
        ) from e
    if "xl/workbook.xml" not in {info.filename for info in names}:
        raise LoadError(
            "L016", f"引用的文件「{reference}」不是 Excel 工作簿（可能是改了扩展名的 Word 文档或其他文件）", target
        )
    unpacked = sum(info.file_size for info in names if info.filename.endswith((".xml", ".rels")))
    if unpacked > MAX_UNPACKED_BYTES:
        raise LoadError(
            "L002", f"工作簿「{reference}」解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB 的上限", target
        )


def _open(raw: bytes, reference: str, target: Path, shown: bool) -> Workbook:
    with warnings.catch_warnings():  # openpyxl warns of parts it leaves out (extensions, slicers): not ours to report
        warnings.simplefilter("ignore")
        try:
            return openpyxl.load_workbook(io.BytesIO(raw), data_only=shown, keep_links=False)
        except Exception as e:  # a damaged part surfaces as any of a dozen parser errors: each is a bad file
            problem = f"{type(e).__name__}：{str(e)[:80]}" if str(e) else type(e).__name__
            raise LoadError(
                "L016", f"引用的工作簿「{reference}」无法读取（{problem}），请在 Excel 中打开并另存为 .xlsx", target
            ) from e


def normalised(text: Any) -> str:
    """A title as compared: no spaces, no unit in brackets at the end (「投资额（万元）」 → 「投资额」)."""
    plain = _SPACES.sub("", str(text or ""))
    return _UNIT.sub("", plain) or plain


class _Reader:
    """Reads one workbook's sheets into data, recording the cell of every value in the Source."""

    def __init__(self, source: Source, book: Book, where: Location) -> None:
        self.source = source
        self.book = book
        self.where = where  # the `workbook:` line, where problems of the whole workbook are reported

    def place(self, sheet: str, row: int, column: int) -> str:
        """「自评表.xlsx 第 12 行 I 列」; a sheet other than the form is named: 「自评表.xlsx「授权发明专利」第 3 行 B 列」."""
        named = " " if sheet == FORM_SHEET else f"「{sheet}」"
        return f"{self.book.reference}{named}第 {row} 行 {get_column_letter(column)} 列"

    def at(self, path: FieldPath, sheet: str, row: int, column: int) -> None:
        """Record that the value at `path` was read from this cell."""
        self.source.locations[path] = Location(self.book.file, row, column)
        self.source.cells[path] = self.place(sheet, row, column)

    def problem(self, code: str, message: str, path: FieldPath, sheet: str, row: int, column: int) -> None:
        found = finding(code, message, dotted(path), self.book.file, row, column)
        self.source.problems.append(replace(found, place=self.place(sheet, row, column)))

    def whole(self, code: str, message: str, path: FieldPath) -> None:
        """A problem of the workbook as a whole, reported at the `workbook:` line of proposal.yaml."""
        where = self.where
        self.source.problems.append(finding(code, message, dotted(path), where.file, where.line, where.column))

    def value(self, sheet: str, row: int, column: int, model: type[BaseModel], name: str, path: FieldPath) -> Any:
        """The value of field `name` of `model` in a cell: as typed, a formula by its saved result; None where
        the cell is blank or cannot be read (an L017 finding says why)."""
        typed = self.book.typed[sheet].cell(row, column)
        shown = self.book.shown[sheet].cell(row, column)
        title = model.model_fields[name].title or name  # the cell itself is the finding's place
        if shown.data_type == "e" or typed.data_type == "e":
            error = shown.value if shown.data_type == "e" else typed.value
            self.problem("L017", f"{title}显示错误值「{error}」，请改正公式或直接填写数值", path, sheet, row, column)
            return None
        if typed.data_type == "f" and shown.value is None:
            message = (
                f"{title}是公式，但工作簿中没有保存计算结果；请在 Excel 或 WPS 中打开、保存后再检查，或直接填写数值"
            )
            self.problem("L017", message, path, sheet, row, column)
            return None
        return cell_value(model, name, shown.value if typed.data_type == "f" else typed.value)

    def worksheets(self) -> list[str]:
        """The names of the sheets that hold cells (a chart sheet holds none)."""
        return [sheet.title for sheet in self.book.typed.worksheets]

    def text(self, sheet: Worksheet, row: int, column: int) -> str:
        value = sheet.cell(row, column).value if column else None
        return "" if value is None else str(value).strip()

    # The self-assessment form

    def self_assessment(self, system: IndicatorSystem, stated_total: Any) -> dict[str, Any] | None:
        """The entries of the form's rows, by 编号 or by the indicator's name; a row whose score is blank is
        no entry (A001 reports the indicator missing). The total only where proposal.yaml states one beside
        `workbook`, or where the 总分 cell holds a number typed over its formula."""
        data: dict[str, Any] = {} if stated_total is None else {"total": stated_total}
        found = self.form_sheet()
        if found is None:
            titles = "、".join(f"「{t}」" for t in ("编号", "三级指标", "自评分"))
            message = (
                f"工作簿「{self.book.reference}」中没有自评表：找不到含{titles}的表头行（应在「{FORM_SHEET}」工作表）"
            )
            self.whole("L016", message, ("self_assessment", "workbook"))
            return None
        name, header, columns = found
        sheet = self.book.typed[name]
        self.source.locations[("self_assessment", "entries")] = Location(self.book.file, header, 1)
        by_name = {normalised(i.name): i.code for i in system.scored()}
        entries: list[dict[str, Any]] = []
        last = min(sheet.max_row, header + MAX_ROWS)
        for row in range(header + 1, last + 1):
            code = self.code_of(sheet, row, columns, by_name)
            if code is None:
                if "total" not in data and self.is_total(sheet, row, columns):
                    self.read_total(name, row, columns["自评分"], data)
                continue
            entry = self.entry(name, row, columns, code, ("self_assessment", "entries", len(entries)))
            if entry is not None:
                entries.append(entry)
        data["entries"] = entries
        return data

    def form_sheet(self) -> tuple[str, int, dict[str, int]] | None:
        """The form's sheet (「自评表」, else the first with the form's header), its header row and the column
        of each title it has."""
        names = self.worksheets()
        for name in sorted(names, key=lambda n: n != FORM_SHEET):
            sheet = self.book.typed[name]
            for row in range(1, min(sheet.max_row, HEADER_SEARCH) + 1):
                titles = {
                    normalised(sheet.cell(row, c).value): c for c in range(min(sheet.max_column, MAX_COLUMNS), 0, -1)
                }
                columns = {title: titles[title] for title in FORM_COLUMNS if title in titles}
                if "自评分" in columns and ("编号" in columns or "三级指标" in columns):
                    return name, row, columns
        return None

    def code_of(self, sheet: Worksheet, row: int, columns: dict[str, int], by_name: dict[str, str]) -> str | None:
        """The indicator a row is for: its 编号 as written, else the indicator whose name the row gives."""
        written = sheet.cell(row, columns["编号"]).value if "编号" in columns else None
        if isinstance(written, int | float) and not isinstance(written, bool):
            return plain_number(Decimal(repr(written)) if isinstance(written, float) else Decimal(written))
        if isinstance(written, str) and written.strip():
            return written.strip()
        return by_name.get(normalised(self.text(sheet, row, columns.get("三级指标", 0))))

    def is_total(self, sheet: Worksheet, row: int, columns: dict[str, int]) -> bool:
        labels = ("编号", "一级指标", "二级指标", "三级指标")
        return any(normalised(self.text(sheet, row, columns.get(t, 0))).startswith(TOTAL_LABEL) for t in labels)

    def read_total(self, sheet: str, row: int, column: int, data: dict[str, Any]) -> None:
        """The 总分 cell, where the applicant typed a number over the formula; the formula itself is no total
        stated (A008 asks for one: `total:` beside `workbook:` in proposal.yaml)."""
        if self.book.typed[sheet].cell(row, column).data_type == "f":
            return
        path = ("self_assessment", "total")
        total = self.value(sheet, row, column, AssessmentEntry, "score", path)
        if total is not None:
            data["total"] = total
            self.at(path, sheet, row, column)

    def entry(self, sheet: str, row: int, columns: dict[str, int], code: str, path: FieldPath) -> dict[str, Any] | None:
        """One row as an entry: code, figure, evidence and score, each with its cell; None where the score is
        blank or unreadable."""
        score_column = columns["自评分"]
        score = self.value(sheet, row, score_column, AssessmentEntry, "score", (*path, "score"))
        if score is None:
            return None
        entry: dict[str, Any] = {"code": code}
        fields = {"code": "编号", "figure": "指标值", "evidence": "佐证说明", "score": "自评分"}
        self.at(path, sheet, row, columns.get("编号", columns.get("三级指标", score_column)))
        for field, title in fields.items():
            if title not in columns:
                continue
            self.at((*path, field), sheet, row, columns[title])
            if field in ("figure", "evidence"):
                value = self.value(sheet, row, columns[title], AssessmentEntry, field, (*path, field))
                if value is not None:
                    entry[field] = value
        entry["score"] = score
        return entry

    # The evidence ledger

    def evidence(self) -> dict[str, Any] | None:
        """The registries from the sheets named by their titles, and the single values from OTHER_SHEET; a
        registry without a sheet is empty."""
        data: dict[str, Any] = {}
        names = self.worksheets()
        for name, model in registries().items():
            sheet = sheet_title(Evidence.model_fields[name].title or name)
            if sheet in names:
                data[name] = self.ledger(sheet, model, ("evidence", name))
        if OTHER_SHEET in names:
            data.update(self.others(OTHER_SHEET))
        elif not data:
            sheets = "、".join(
                f"「{sheet_title(Evidence.model_fields[n].title or n)}」" for n in list(registries())[:3]
            )
            message = f"工作簿「{self.book.reference}」中没有佐证台账的工作表（如{sheets}……「{OTHER_SHEET}」）"
            self.whole("L016", message, ("evidence", "workbook"))
            return None
        return data

    def ledger(self, sheet: str, model: type[BaseModel], path: FieldPath) -> list[dict[str, Any]]:
        """A registry: row 1 names the fields (their titles, units aside), each row below is a record."""
        typed = self.book.typed[sheet]
        self.at(path, sheet, 1, 1)
        self.source.cells[path] = f"{self.book.reference}「{sheet}」"
        known = {normalised(column_title(model, n)): n for n in model.model_fields}
        columns: dict[int, str] = {}
        for column in range(1, min(typed.max_column, MAX_COLUMNS) + 1):
            title = self.text(typed, 1, column)
            if normalised(title) in known:
                columns[column] = known[normalised(title)]
            elif title:
                message = f"列名「{title[:30]}」不是「{sheet}」台账的栏目，这一列没有读取"
                self.problem("L017", message, path, sheet, 1, column)
        records: list[dict[str, Any]] = []
        for row in range(2, min(typed.max_row, MAX_ROWS + 1) + 1):
            at = (*path, len(records))
            record = {}
            for column, name in columns.items():
                value = self.value(sheet, row, column, model, name, (*at, name))
                if value is not None:
                    record[name] = value
            if not record:
                continue
            self.at(at, sheet, row, min(columns))
            for column, name in columns.items():
                self.at((*at, name), sheet, row, column)
            records.append(record)
        return records

    def others(self, sheet: str) -> dict[str, Any]:
        """R&D staff, equipment value and the text on open sharing: a label in column A, its value in B."""
        typed = self.book.typed[sheet]
        known = {normalised(column_title(Evidence, n)): n for n in SCALARS}
        data: dict[str, Any] = {}
        for row in range(2, min(typed.max_row, MAX_ROWS + 1) + 1):
            label = self.text(typed, row, 1)
            name = known.get(normalised(label))
            if name is None:
                if label or self.text(typed, row, 2):
                    expected = "、".join(column_title(Evidence, n) for n in SCALARS)
                    message = f"「{label[:30]}」不是「{sheet}」中可以填写的项目（应为：{expected}），这一行没有读取"
                    self.problem("L017", message, ("evidence",), sheet, row, 1)
                continue
            path = ("evidence", name)
            value = self.value(sheet, row, 2, Evidence, name, path)
            self.at(path, sheet, row, 2)
            if value is not None:
                data[name] = value
        return data


def plain_number(value: Decimal) -> str:
    """A number as text without a trailing 「.0」 or an exponent: 2023.0 → 「2023」, 1.10 → 「1.1」."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_value(model: type[BaseModel], name: str, value: Any) -> Any:
    """A cell's value as field `name` of `model` takes it: text read as people write it (「4.5分」, 「国家级」,
    「是」, 「2025年3月1日」); numbers exact; a date as a date; anything that does not fit left for the schema
    to name (a date in a number's cell as its text)."""
    if value is None:
        return None
    kind, _ = field_types(model)[name]
    if isinstance(value, str):
        return value_for(model, name, value)
    if isinstance(value, bool):
        return value if kind is bool else ("是" if value else "否")
    if isinstance(value, datetime):
        value = value.date() if value.time() == time(0) else value
    if isinstance(value, date | datetime):
        return value if kind is date and not isinstance(value, datetime) else value.isoformat()
    if isinstance(value, int | float):
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if kind is int:
            return int(exact) if exact == exact.to_integral_value() else exact
        if kind is Decimal:
            return exact
        return plain_number(exact)
    return str(value)
