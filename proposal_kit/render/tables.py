"""Word tables the way the official format wants them: widths in the grid, a repeated header row,
rows that do not split across pages, text off the line grid (the table styles set snapToGrid 0)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from proposal_kit.render.blocks import add_run, paragraph
from proposal_kit.render.text import amount

TEXT_WIDTH = 8844  # twips: the 156 mm type area


@dataclass(frozen=True)
class Column:
    """One column: its heading, its share of the width, and whether it holds numbers (right-aligned)."""

    title: str
    weight: float = 1
    numeric: bool = False


@dataclass(frozen=True)
class Cell:
    """A cell with more than a value: spanning columns, merged with the cells below, or its own style."""

    value: Any = ""
    span: int = 1
    merge: str | None = None  # "restart" opens a vertical merge, "continue" joins the one above
    style: str | None = None


CellWriter = Callable[[_Cell], None]


def _element(tag: str, **attributes: str) -> Any:
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _sub(parent: Any, tag: str, **attributes: str) -> Any:
    child = _element(tag, **attributes)
    parent.append(child)
    return child


def widths(columns: Sequence[Column], total: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips, in proportion to the columns' weights, adding up to `total`."""
    weight = sum(c.weight for c in columns)
    result = [int(total * c.weight / weight) for c in columns]
    result[-1] += total - sum(result)
    return result


def add_table(
    container: Any,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    total: int = TEXT_WIDTH,
    text_style: str = "TableText",
    heading_style: str = "TableHeading",
    number_style: str = "TableNumber",
) -> Table:
    """Append a table to `container`: a repeated header row, then one row per item of `rows`."""
    grid = widths(columns, total)
    table = container.add_table(rows=0, cols=len(columns))
    tbl = table._tbl
    _table_properties(tbl, grid)
    header = _row(tbl, header=True)
    for column, width in zip(columns, grid, strict=True):
        _cell(table, header, width, column.title, heading_style)
    for values in rows:
        tr = _row(tbl)
        position = 0
        for value in values:
            cell = value if isinstance(value, Cell) else Cell(value)
            width = sum(grid[position : position + cell.span])
            style = cell.style or (number_style if columns[position].numeric else text_style)
            tc = _cell(table, tr, width, cell.value, style)
            _merge(tc, cell)
            position += cell.span
    return table


def _table_properties(tbl: Any, grid: list[int]) -> None:
    tbl_pr = tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    _sub(tbl_pr, "w:tblStyle", val="PKTable")
    _sub(tbl_pr, "w:tblW", w=str(sum(grid)), type="dxa")
    _sub(tbl_pr, "w:jc", val="center")
    _sub(tbl_pr, "w:tblLayout", type="fixed")
    tbl_grid = tbl.tblGrid
    for col in list(tbl_grid):
        tbl_grid.remove(col)
    for width in grid:
        _sub(tbl_grid, "w:gridCol", w=str(width))


def _row(tbl: Any, header: bool = False) -> Any:
    tr = _sub(tbl, "w:tr")
    tr_pr = _sub(tr, "w:trPr")
    _sub(tr_pr, "w:cantSplit")
    if header:
        _sub(tr_pr, "w:tblHeader")
    return tr


def _cell(table: Table, tr: Any, width: int, value: Any, style: str) -> Any:
    tc = _sub(tr, "w:tc")
    tc_pr = _sub(tc, "w:tcPr")
    _sub(tc_pr, "w:tcW", w=str(width), type="dxa")
    _sub(tc_pr, "w:vAlign", val="center")
    if callable(value):
        value(_Cell(tc, table))
        if tc.find(qn("w:p")) is None or tc[-1].tag != qn("w:p"):
            tc.append(_paragraph(style))
        return tc
    element = _paragraph(style)
    tc.append(element)
    text = amount(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else str(value or "")
    if text:
        add_run(Paragraph(element, None), text)
    return tc


def _paragraph(style: str) -> Any:
    paragraph = _element("w:p")
    _sub(_sub(paragraph, "w:pPr"), "w:pStyle", val=style)
    return paragraph


def _merge(tc: Any, cell: Cell) -> None:
    tc_pr = tc.tcPr
    if cell.span > 1:
        tc_pr.insert(1, _element("w:gridSpan", val=str(cell.span)))
    if cell.merge == "restart":
        _sub(tc_pr, "w:vMerge", val="restart")
    elif cell.merge == "continue":
        _sub(tc_pr, "w:vMerge")
    if cell.merge:  # vMerge must come before vAlign in tcPr
        v_align = tc_pr.find(qn("w:vAlign"))
        tc_pr.remove(v_align)
        tc_pr.append(v_align)


def markdown_table(container: Any, rows: list[list[list[Any]]], add_inline: Callable[..., None]) -> Table:
    """A GFM table: the first row is the header; column widths follow the length of their longest cell."""
    count = max(len(row) for row in rows)
    lengths = [1.0] * count
    for row in rows:
        for index, children in enumerate(row):
            text = "".join(child.content for child in children)
            lengths[index] = max(lengths[index], min(len(text), 24) + 2)

    def writer(children: list[Any], bold: bool) -> CellWriter:
        def write(cell: _Cell) -> None:
            add_inline(paragraph(cell, "TableHeading" if bold else "TableText"), children)

        return write

    header = [Column("", weight) for weight in lengths]
    table = add_table(container, header, [[writer(c, False) for c in row] for row in rows[1:]])
    header_cells = table._tbl.tr_lst[0].tc_lst
    for tc, children in zip(header_cells, rows[0], strict=False):
        tc.remove(tc.find(qn("w:p")))
        writer(children, True)(_Cell(tc, table))
    return table
