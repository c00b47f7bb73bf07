"""The pages after the body: the 附件2 self-assessment form, as a person types it or as we print it (merged
first- and second-level cells, subtotal and bonus rows, scores such as 「4.5分」, blank rows), read into
entries by indicator; and the evidence registries listed below it, read table by table."""

from __future__ import annotations

import re
from typing import Any

from proposal_kit.docx_in.blocks import Block, Paragraph, Table
from proposal_kit.docx_in.content import markdown
from proposal_kit.docx_in.outline import Heading, alike, normalised
from proposal_kit.docx_in.structured import Rows, Taken, take
from proposal_kit.docx_in.tables import column_title, labelled
from proposal_kit.docx_in.values import field_types, number
from proposal_kit.findings import FieldPath
from proposal_kit.guideline import Indicator, IndicatorSystem
from proposal_kit.model.evidence import Evidence

_HEADERS = {
    "name": ("三级指标", "评价指标", "指标名称", "指标"),
    "figure": ("指标值", "实际值", "数值"),
    "evidence": ("佐证说明", "佐证材料", "说明", "备注"),
    "score": ("自评分", "自评得分", "得分", "评分"),
}
_TOTAL = re.compile(r"^(总分|合计|总计)")
_CODE = re.compile(r"^\s*([0-9]\.[0-9]\.[0-9]|B\.[0-9]+)\s*")
#: How alike a cell must be to an indicator's name to be that indicator's row.
NAME_ALIKE = 0.8


def is_form(table: Table) -> bool:
    return _header_row(table) is not None


def _header_row(table: Table) -> tuple[int, dict[str, int]] | None:
    """The header row of a self-assessment form (within its first three rows) and the column of each part."""
    for at, row in enumerate(table.rows[:3]):
        titles = [column_title(c) for c in row]
        columns: dict[str, int] = {}
        for part, wanted in _HEADERS.items():
            for option in wanted:
                if option in titles and titles.index(option) not in columns.values():
                    columns[part] = titles.index(option)
                    break
        if "name" in columns and "score" in columns:
            return at, columns
    return None


def read_form(table: Table, system: IndicatorSystem) -> tuple[dict[str, Any], dict[FieldPath, str]]:
    """The self-assessment as the form gives it (entries by indicator code, the total where the form says
    one), and the row of each entry."""
    header = _header_row(table)
    if header is None:
        return {}, {}
    at, columns = header
    indicators = system.scored()
    entries: list[dict[str, Any]] = []
    places: dict[FieldPath, str] = {}
    total = None
    for number_of_row, row in enumerate(table.rows[at + 1 :], at + 2):
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        if not filled:
            continue
        score = _cell(cells, columns.get("score"))
        if _TOTAL.match(re.sub(r"\s+", "", filled[0])):
            total = number(score) if score else None
            continue
        indicator = _indicator(cells, columns["name"], indicators)
        if indicator is None or number(score) is None:
            continue
        entry: dict[str, Any] = {"code": indicator.code, "score": number(score)}
        figure = _cell(cells, columns.get("figure"))
        if figure and number(figure) is not None:
            entry["figure"] = number(figure)
        evidence = _cell(cells, columns.get("evidence"))
        if evidence:
            entry["evidence"] = evidence
        places[("self_assessment", "entries", len(entries))] = f"附件2 第{number_of_row}行"
        entries.append(entry)
    found: dict[str, Any] = {"entries": entries} if entries else {}
    if total is not None:
        found["total"] = total
    return found, places


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _indicator(cells: list[str], column: int, indicators: list[Indicator]) -> Indicator | None:
    """The indicator a row is for: by a code written before its name, by its name in the name column, or
    by the name in any cell."""
    for text in [_cell(cells, column), *cells]:
        code = _CODE.match(text)
        if code:
            return next((i for i in indicators if i.code == code[1]), None)
        name = normalised(_CODE.sub("", text))
        if not name:
            continue
        exact = next((i for i in indicators if normalised(i.name) == name), None)
        if exact:
            return exact
        score, best = max(((alike(name, i.name), n) for n, i in enumerate(indicators)), default=(0.0, 0))
        if score >= NAME_ALIKE:
            return indicators[best]
    return None


def _registries() -> list[Rows]:
    """A Rows spec for each registry of the evidence, its key the registry's first field."""
    specs = []
    for name, info in Evidence.model_fields.items():
        kind, many = field_types(Evidence)[name]
        if many and isinstance(kind, type) and hasattr(kind, "model_fields"):
            first = next(iter(kind.model_fields))
            specs.append(Rows(("evidence", name), kind, first, titles=(info.title or name,)))
    return specs


_SCALARS = {column_title(Evidence.model_fields[n].title or n): n for n in ("rd_staff", "equipment_value")}
_OPEN_SHARING = Evidence.model_fields["open_sharing"].title or ""


def read_evidence(blocks: list[Block], inner: dict[int, Heading]) -> Taken:
    """The evidence registries below the form: each table by the sub-heading above it (or, where there is
    none, by its columns), the two counts by their labels, and the text on open sharing."""
    taken = take("", blocks, inner, list(_registries()))
    evidence: dict[str, Any] = {}
    sharing: list[Block] = []
    in_sharing = False
    for block in taken.prose:
        if block.index in inner:
            in_sharing = alike(inner[block.index].title, _OPEN_SHARING) >= NAME_ALIKE
            continue
        label = labelled(block) if isinstance(block, Paragraph) else None
        if label and label[0] in _SCALARS and (value := number(label[1])) is not None:
            evidence[_SCALARS[label[0]]] = int(value) if _SCALARS[label[0]] == "rd_staff" else value
        elif in_sharing:
            sharing.append(block)
    if sharing:
        evidence["open_sharing"] = markdown(sharing, inner)
    for name, value in evidence.items():
        taken.values[("evidence", name)] = value
    return taken
