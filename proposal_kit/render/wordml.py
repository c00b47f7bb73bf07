"""WordprocessingML built as text: runs, paragraphs and tables appended to a `Blocks` builder, parsed
once at the end. Building the XML as strings is many times faster than python-docx's element API."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from pydantic import BaseModel

from proposal_kit.exceptions import DocumentTooLarge
from proposal_kit.formats import amount, clean
from proposal_kit.layout import CELL_PADDING, CHAR, LIST_NUMBERING, MAX_PARAGRAPHS, TEXT_WIDTH
from proposal_kit.levels import heading_number
from proposal_kit.render.widths import (
    break_before_unit,
    column_widths,
    label_width,
    text_width,
    unbreakable_width,
)

HEADING_STYLES = {2: "ProseHeading2", 3: "Heading3"}  # numbered headings inside an item; deeper ones: Heading4


def title_of(model: type[BaseModel], name: str) -> str:
    """The Chinese title the schema gives a field: one source for labels and messages."""
    return model.model_fields[name].title or name


_IDEOGRAPH = re.compile("[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


def run(text: str, bold: bool = False, italic: bool = False, strike: bool = False) -> str:
    """A run of text, escaped; tabs and line breaks become Word's own. Chinese text is not set in italics
    (it has none: Word and LibreOffice slant it); it is emphasised with dots beneath, 着重号."""
    text = clean(text)
    if not text:
        return ""
    dots = italic and bool(_IDEOGRAPH.search(text))
    formatting = (
        ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic and not dots else "")
        + ("<w:strike/>" if strike else "")
        + ('<w:em w:val="underDot"/>' if dots else "")
    )
    body = escape(text).replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">')
    body = body.replace("\r\n", "\n").replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
    properties = f"<w:rPr>{formatting}</w:rPr>" if formatting else ""
    return f'<w:r>{properties}<w:t xml:space="preserve">{body}</w:t></w:r>'


LINE_BREAK = "<w:r><w:br/></w:r>"


def numbered(num_id: int, depth: int) -> str:
    """Paragraph properties that number a paragraph in list `num_id` at `depth` (0 the outermost)."""
    return f'<w:numPr><w:ilvl w:val="{min(depth, 2)}"/><w:numId w:val="{num_id}"/></w:numPr>'


def indented(depth: int) -> str:
    """Paragraph properties that indent a paragraph of a list nested `depth` deep (0: none)."""
    return f'<w:ind w:left="{CHAR * 2 * depth}"/>' if depth else ""


def paragraph(style: str, runs: str = "", properties: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{properties}</w:pPr>{runs}</w:p>'


def shown(value: Any) -> str:
    """A value as a table shows it: numbers with thousands separators, nothing for None."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return amount(value)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Column:
    """One column: its heading, whether it holds numbers (right-aligned), and whether it holds labels, which
    are never split (but before a unit in brackets)."""

    title: str
    numeric: bool = False
    labels: bool = False


@dataclass(frozen=True)
class Cell:
    """A cell with more than a value: spanning columns, merged with the cells below, its own style, or
    content written by a function (then `text` is what it says, for measuring the column)."""

    value: Any = ""
    span: int = 1
    merge: str | None = None  # "restart" opens a vertical merge, "continue" joins the one above
    style: str | None = None
    text: str = ""

    def shown(self) -> str:
        return self.text if callable(self.value) else shown(self.value)


@dataclass(frozen=True)
class TableStyles:
    text: str = "TableText"
    heading: str = "TableHeading"
    number: str = "TableNumber"
    size: float = 12  # points: the styles' font size, for measuring


def _as_cell(value: Any) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def grid(rows: Sequence[Sequence[Cell]], columns: Sequence[Column], size: float, total: int = TEXT_WIDTH) -> list[int]:
    """Column widths in twips from the cells' text, adding up to `total`. Cells spanning several columns are
    left out; a cell merged with the cells below has their height to wrap in, so asks for no more than its
    minimum."""
    em = size * 20
    minimums, wanted = [0.0] * len(columns), [0.0] * len(columns)
    for row in rows:
        position = 0
        for cell in row:
            if cell.span == 1 and position < len(columns):
                lines = cell.shown().split("\n")
                whole = label_width if columns[position].labels else unbreakable_width
                least = max(whole(line) for line in lines)
                most = least if cell.merge else max(text_width(line) for line in lines)
                minimums[position] = max(minimums[position], least)
                wanted[position] = max(wanted[position], most)
            position += cell.span
    return column_widths([m * em + CELL_PADDING for m in minimums], [w * em + CELL_PADDING for w in wanted], total)


class Numbering:
    """The document's numbering part: each ordered list gets a w:num of its own, so it restarts."""

    def __init__(self, part: Any) -> None:
        self.element = part.numbering_part.element
        self.next_id = max((int(n.get(qn("w:numId"))) for n in self.element.iterchildren(qn("w:num"))), default=0) + 1

    def restart(self, level: int, start: int) -> int:
        """A new list whose numbers are those of `level` (「（一）」 2, 「1.」 3, 「（1）」 4, 「①」 5)."""
        num_id, self.next_id = self.next_id, self.next_id + 1
        definition = LIST_NUMBERING + min(max(level, 2), 5)
        self.element.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{definition}"/>'
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride></w:num>'
            )
        )
        return num_id


class Pictures:
    """The document's image parts: each figure's PNG added once, referred to by its relationship id."""

    def __init__(self, part: Any) -> None:
        self.part, self.next_id = part, 1000

    def add(self, png: bytes) -> tuple[str, int]:
        """The relationship id of the image part holding `png`, and a drawing id unique in the document."""
        rid, _ = self.part.get_or_add_image(io.BytesIO(png))
        self.next_id += 1
        return rid, self.next_id


EMU_PER_MM = 36000
_DRAWING = (
    '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{id}" name="{name}"/>'
    '<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr>'
    '<pic:cNvPr id="{id}" name="{name}.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:embed="{rid}"/>'
    '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
    '<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


@dataclass(frozen=True)
class Row:
    """A table row whose cells are `cells`; `keep_with_next` keeps it on the page of the row after it."""

    cells: Sequence[Any]
    keep_with_next: bool = False


# Half a line between a table and the text around it; the one above keeps a heading with its table.
GAP_BEFORE = paragraph("TableGap", "", "<w:keepNext/>")
GAP_AFTER = paragraph("TableGap")


class Budget:
    """The paragraphs a document may still take; spending past them raises DocumentTooLarge."""

    def __init__(self, limit: int = MAX_PARAGRAPHS) -> None:
        self.limit, self.left = limit, limit

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise DocumentTooLarge(
                f"生成的文档超过 {self.limit} 个段落（表格中的段落在内，约 2000 页）的上限，未生成 Word 文档；"
                "请精简内容，或把长清单改为附件另行报送"
            )


class Blocks:
    """Block-level content (paragraphs and tables) collected as WordprocessingML text.

    It also knows where it is in the heading hierarchy: `level` is the level of the heading the next content
    sits under (「一、」 1, 「（一）」 2, 「1.」 3, 「（1）」 4), and headings it numbers itself are counted per level,
    so a sub-heading an author writes and one the tool adds continue one sequence."""

    def __init__(
        self,
        numbering: Numbering,
        width: int = TEXT_WIDTH,
        level: int = 0,
        budget: Budget | None = None,
        pictures: Pictures | None = None,
    ):
        self.numbering, self.width, self.parts = numbering, width, []
        self.pictures = pictures
        self.level = level
        self.budget, self.counts_paragraphs = budget or Budget(), budget is None  # the document's own counts
        self.counts: dict[int, int] = {}
        self.after_caption = False

    def child(self, width: int) -> Blocks:
        """A builder for the inside of a table cell `width` twips wide."""
        return Blocks(self.numbering, width, self.level, self.budget)

    def add(self, xml: str) -> None:
        if self.counts_paragraphs:  # a cell's paragraphs are counted once, with the table that holds them
            self.budget.spend(xml.count("<w:p>"))
        self.parts.append(xml)
        self.after_caption = False

    def paragraph(self, style: str, text: str = "", properties: str = "") -> None:
        self.add(paragraph(style, run(text) if text else "", properties))

    def heading(self, level: int, text: str) -> None:
        """A heading of the outline, its number in `text`: 「一、」 (1) or 「（一）」 (2), in its GB/T 9704 style."""
        self.paragraph(f"Heading{level}", text)
        self._enter(level)

    def numbered_heading(self, level: int, text: str) -> None:
        """A heading below the outline's, numbered here: 「（一）」, 「1.」, 「（1）」 or 「①」 by its level."""
        count = self.counts.get(level, 0) + 1
        self._enter(level)
        self.counts[level] = count
        self.paragraph(HEADING_STYLES.get(level, "Heading4"), f"{heading_number(level, count)}{text}")

    def _enter(self, level: int) -> None:
        self.level = level
        self.counts = {k: v for k, v in self.counts.items() if k <= level}

    def attachment(self, label: str, title: str) -> None:
        """The first lines of an attachment: 「附件1」 and its title; numbering starts afresh below them."""
        self.paragraph("AttachmentLabel", label)
        self.paragraph("Title", title)
        self.level, self.counts = 2, {}

    def markdown(self, text: str | None, in_cell: bool = False) -> None:
        """Append the Word form of Markdown `text` (in a table cell's styles where `in_cell`)."""
        from proposal_kit.render.markdown import BODY, CELL, render_markdown

        render_markdown(self, text, CELL if in_cell else BODY)

    def figure(self, png: bytes, width_mm: float, height_mm: float, label: str, reference: str = "") -> None:
        """A figure: the sentence pointing at it, the picture centred on a line of its own, its numbered caption
        below (「图1 创新中心组织架构」), kept together."""
        if self.pictures is None:
            return
        if reference:
            self.paragraph("Normal", reference, "<w:keepNext/>")
        rid, number = self.pictures.add(png)
        scale = min(1.0, self.width / 20 / 72 * 25.4 / width_mm)  # twips → mm: never wider than the text
        cx, cy = round(width_mm * scale * EMU_PER_MM), round(height_mm * scale * EMU_PER_MM)
        name = escape(label, {'"': "&quot;"})
        self.add(paragraph("Figure", _DRAWING.format(cx=cx, cy=cy, id=number, name=name, rid=rid)))
        self.paragraph("FigureCaption", label)

    def caption(self, text: str) -> None:
        """A table's caption, kept with the table below it."""
        self.paragraph("TableCaption", text)
        self.after_caption = True

    def labelled(self, label: str, text: str) -> None:
        """A body paragraph 「label：text」, the label in bold."""
        self.add(paragraph("Normal", run(f"{label}：", bold=True) + run(text)))

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any] | Row],
        styles: TableStyles = TableStyles(),
        header: Sequence[Any] | None = None,
    ) -> None:
        """A table: column widths from its content, a header row (the columns' titles unless `header` is
        given) repeated on every page, rows that never split, half a line of space above and below."""
        body = [row if isinstance(row, Row) else Row(row) for row in rows]
        head = [_as_cell(c) for c in header or [c.title for c in columns]]
        cells = [[_as_cell(v) for v in row.cells] for row in body]
        if sum(map(len, cells)) > self.budget.left:  # each cell holds a paragraph: refused before it is built
            self.budget.spend(sum(map(len, cells)))
        widths = grid([head, *cells], columns, styles.size, self.width)
        xml = [
            f'<w:tbl><w:tblPr><w:tblStyle w:val="PKTable"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>',
            *(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
            *(self._cell(c, w, styles.heading, styles.size, True, True) for c, w in zip(head, widths, strict=True)),
            "</w:tr>",
        ]
        for row, values in zip(body, cells, strict=True):
            xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            position = 0
            for cell in values:
                style = cell.style or (styles.number if columns[position].numeric else styles.text)
                width = sum(widths[position : position + cell.span])
                label = columns[position].labels
                xml.append(self._cell(cell, width, style, styles.size, row.keep_with_next, label))
                position += cell.span
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        if not self.after_caption:
            self.add(GAP_BEFORE)
        self.add("".join(xml))
        self.add(GAP_AFTER)

    def _cell(
        self, cell: Cell, width: int, style: str, size: float, keep_with_next: bool = False, label: bool = False
    ) -> str:
        """A cell; in a heading or a label, a unit in brackets that does not fit goes to a line of its own."""
        properties = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if cell.span > 1:
            properties += f'<w:gridSpan w:val="{cell.span}"/>'
        if cell.merge:
            properties += '<w:vMerge w:val="restart"/>' if cell.merge == "restart" else "<w:vMerge/>"
        properties += '<w:vAlign w:val="center"/>'
        if callable(cell.value):
            inner = self.child(width - CELL_PADDING)
            cell.value(inner)
            content = inner.xml()
            if not content.endswith("</w:p>"):
                content += paragraph(style)
        else:
            text = shown(cell.value)
            if label:
                text = break_before_unit(text, (width - CELL_PADDING) / (size * 20))
            content = paragraph(style, run(text), "<w:keepNext/>" if keep_with_next else "")
        return f"<w:tc><w:tcPr>{properties}</w:tcPr>{content}</w:tc>"

    def xml(self) -> str:
        return "".join(self.parts)

    def elements(self) -> list[Any]:
        """The collected content as lxml elements, ready to insert into a document body."""
        return list(parse_xml(f"<w:body {nsdecls('w')}>{self.xml()}</w:body>"))


CellWriter = Callable[[Blocks], None]


class Numbered:
    """Writes the numbered sub-headings the tool adds inside one outline item: one level below the heading
    the item's content sat under when it was made."""

    def __init__(self, out: Blocks) -> None:
        self.out, self.level = out, out.level + 1

    def __call__(self, text: str) -> None:
        self.out.numbered_heading(self.level, text)
