"""WordprocessingML built as text: runs, paragraphs and tables appended to a `Blocks` builder, parsed
once at the end. Building the XML as strings is many times faster than python-docx's element API."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from pydantic import BaseModel

from proposal_kit.render.text import amount, clean

TEXT_WIDTH = 8844  # twips: the 156 mm type area
BULLETS, DECIMAL = 90, 91  # the template's numbering definitions
INDENT = 320  # twips: one 16 pt character
CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the numbers of 「（一）」 headings."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def title_of(model: type[BaseModel], name: str) -> str:
    """The Chinese title the schema gives a field: one source for labels and messages."""
    return model.model_fields[name].title or name


def run(text: str, bold: bool = False, italic: bool = False, strike: bool = False) -> str:
    """A run of text, escaped; tabs and line breaks become Word's own."""
    text = clean(text)
    if not text:
        return ""
    formatting = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + ("<w:strike/>" if strike else "")
    body = escape(text).replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    body = body.replace("\r\n", "\n").replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    properties = f"<w:rPr>{formatting}</w:rPr>" if formatting else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{body}</w:t></w:r>'


def paragraph(style: str, runs: str = "", properties: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{properties}</w:pPr>{runs}</w:p>'


def shown(value: Any) -> str:
    """A value as a table shows it: numbers with thousands separators, nothing for None."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return amount(value)
    return "" if value is None else str(value)


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


@dataclass(frozen=True)
class TableStyles:
    text: str = "TableText"
    heading: str = "TableHeading"
    number: str = "TableNumber"


def widths(columns: Sequence[Column], total: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips, in proportion to the columns' weights, adding up to `total`."""
    weight = sum(c.weight for c in columns)
    result = [int(total * c.weight / weight) for c in columns]
    result[-1] += total - sum(result)
    return result


class Numbering:
    """The document's numbering part: each ordered list gets a w:num of its own, so it restarts."""

    def __init__(self, part: Any) -> None:
        self.element = part.numbering_part.element
        self.next_id = max((int(n.get(qn("w:numId"))) for n in self.element.iterchildren(qn("w:num"))), default=0) + 1

    def restart(self, start: int) -> int:
        num_id, self.next_id = self.next_id, self.next_id + 1
        self.element.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{DECIMAL}"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
            )
        )
        return num_id


class Blocks:
    """Block-level content (paragraphs and tables) collected as WordprocessingML text."""

    def __init__(self, numbering: Numbering, width: int = TEXT_WIDTH) -> None:
        self.numbering, self.width, self.parts = numbering, width, []

    def child(self, width: int) -> Blocks:
        """A builder for the inside of a table cell `width` twips wide."""
        return Blocks(self.numbering, width)

    def add(self, xml: str) -> None:
        self.parts.append(xml)

    def paragraph(self, style: str, text: str = "", properties: str = "") -> None:
        self.add(paragraph(style, run(text) if text else "", properties))

    def heading(self, level: int, text: str) -> None:
        """Headings 「一、」 (1), 「（一）」 (2), 「1.」 (3), 「（1）」 (4), each in its GB/T 9704 style."""
        self.paragraph(f"Heading{level}", text)

    def labelled(self, label: str, text: str) -> None:
        """A body paragraph 「label：text」, the label in bold."""
        self.add(paragraph("Normal", run(f"{label}：", bold=True) + run(text)))

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        styles: TableStyles = TableStyles(),
        header: Sequence[Any] | None = None,
    ) -> None:
        """A table: widths in the grid, a header row (the columns' titles unless `header` is given) repeated
        on every page, rows that never split."""
        grid = widths(columns, self.width)
        header = header or [Cell(c.title) for c in columns]
        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="PKTable"/><w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in grid),
            "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
            *(
                self._cell(c if isinstance(c, Cell) else Cell(c), w, styles.heading)
                for c, w in zip(header, grid, strict=True)
            ),
            "</w:tr>",
        ]
        for values in rows:
            xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            position = 0
            for value in values:
                cell = value if isinstance(value, Cell) else Cell(value)
                style = cell.style or (styles.number if columns[position].numeric else styles.text)
                xml.append(self._cell(cell, sum(grid[position : position + cell.span]), style))
                position += cell.span
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        self.add("".join(xml))

    def _cell(self, cell: Cell, width: int, style: str) -> str:
        properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if cell.span > 1:
            properties += f'<w:gridSpan w:val="{cell.span}"/>'
        if cell.merge:
            properties += '<w:vMerge w:val="restart"/>' if cell.merge == "restart" else "<w:vMerge/>"
        properties += '<w:vAlign w:val="center"/>'
        if callable(cell.value):
            inner = self.child(width - 170)
            cell.value(inner)
            content = inner.xml()
            if not content.endswith("</w:p>"):
                content += paragraph(style)
        else:
            content = paragraph(style, run(shown(cell.value)))
        return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"

    def xml(self) -> str:
        return "".join(self.parts)

    def elements(self) -> list[Any]:
        """The collected content as lxml elements, ready to insert into a document body."""
        return list(parse_xml(f"<w:body {nsdecls('w')}>{self.xml()}</w:body>"))


CellWriter = Callable[[Blocks], None]


class Numbered:
    """Writes the 「1.」 sub-headings inside one outline item, counting them."""

    def __init__(self, out: Blocks, level: int = 3) -> None:
        self.out, self.level, self.count = out, level, 0

    def __call__(self, text: str) -> None:
        self.count += 1
        label = f"{self.count}. " if self.level == 3 else f"（{self.count}）"
        self.out.heading(self.level, f"{label}{text}")
