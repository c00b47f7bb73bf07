"""HTML built as text, with the interface of `render.wordml.Blocks`: the preview prints the same headings,
captions, labelled lines and tables as the .docx, so the table builders of `render` serve both.

Every text is escaped here; only `Markup` (HTML this package made from escaped parts) passes as it is. A
builder has no `add`: a renderer that writes WordprocessingML into it fails loudly instead of printing XML."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from proposal_kit.formats import clean
from proposal_kit.levels import heading_number
from proposal_kit.render.wordml import Cell, Column, Row, grid

#: The HTML element of each heading level of the document: 「一、」 chapters, 「（一）」 items, then deeper.
HEADING_TAGS = {1: "h2", 2: "h3", 3: "h4"}
_TAG = re.compile(r"<[^>]*>")


class Markup(str):
    """HTML that is safe as it is: made by this package from escaped parts."""


def escape(value: Any) -> str:
    """A text from the draft as HTML: escaped, quotes included, the control characters a page cannot show
    taken out."""
    return html.escape(clean(str(value)), quote=True)


def lines(value: Any) -> str:
    """A text escaped, its line breaks kept."""
    return escape(value).replace("\r\n", "\n").replace("\n", "<br>")


class Html:
    """Block content as HTML; `level` and the per-level counts follow `Blocks`, so the sub-headings an author
    writes and those the tool adds are numbered as the document numbers them."""

    def __init__(self, level: int = 0) -> None:
        self.parts: list[str] = []
        self.level = level
        self.counts: dict[int, int] = {}

    def markup(self, markup: str) -> None:
        """Append HTML this package made (never a text from the draft)."""
        self.parts.append(markup)

    def paragraph(self, style: str, text: str = "", properties: str = "") -> None:
        css = "" if style == "Normal" else f' class="{escape(style.lower())}"'
        self.parts.append(f"<p{css}>{lines(text)}</p>")

    def heading(self, level: int, text: str) -> None:
        """A heading of the outline, its number in `text`: 「一、」 (1) or 「（一）」 (2)."""
        self._heading(level, text)
        self._enter(level)

    def numbered_heading(self, level: int, text: str) -> None:
        """A heading below the outline's, numbered here: 「（一）」, 「1.」, 「（1）」 or 「①」 by its level."""
        count = self.counts.get(level, 0) + 1
        self._enter(level)
        self.counts[level] = count
        self._heading(level, f"{heading_number(level, count)}{text}")

    def _heading(self, level: int, text: str) -> None:
        tag = HEADING_TAGS.get(level, "h5")
        self.parts.append(f'<{tag} class="level{level}">{escape(text)}</{tag}>')

    def _enter(self, level: int) -> None:
        self.level = level
        self.counts = {k: v for k, v in self.counts.items() if k <= level}

    def attachment(self, label: str, title: str) -> None:
        """The first lines of an attachment: 「附件1」 and its title; numbering starts afresh below them."""
        self.parts.append(f'<p class="attachment-label">{escape(label)}</p><h2 class="attachment">{escape(title)}</h2>')
        self.level, self.counts = 2, {}

    def caption(self, text: str) -> None:
        self.parts.append(f'<p class="caption">{escape(text)}</p>')

    def labelled(self, label: str, text: str) -> None:
        """A body paragraph 「label：text」, the label in bold."""
        self.parts.append(f"<p><b>{escape(label)}：</b>{lines(text)}</p>")

    def table(
        self,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any] | Row],
        styles: Any = None,
        header: Sequence[Any] | None = None,
    ) -> None:
        """A table as `Blocks.table` takes it: the columns' titles as the header (unless `header` is given),
        numbers aligned right, cells spanning columns, and cells merged down (`merge`) as row spans."""
        body = [row if isinstance(row, Row) else Row(row) for row in rows]
        head = [_as_cell(c) for c in header or [c.title for c in columns]]
        cells = [[self._filled(_as_cell(v)) for v in row.cells] for row in body]
        spans = _row_spans(cells)
        size = float(getattr(styles, "size", 12) or 12)
        colgroup = _colgroup([head, *cells], columns, size)
        css = "doc" + (" small" if size < 12 else "") + (" fixed" if colgroup else "")
        out = [f'<div class="table-wrap"><table class="{css}">{colgroup}<thead><tr>']
        out += [f"<th{_span(c.span, 1)}>{_content(c)}</th>" for c in head]
        out.append("</tr></thead><tbody>")
        for index, values in enumerate(cells):
            out.append("<tr>")
            position = 0
            for cell in values:
                if cell.merge != "continue":
                    css = _classes(cell, columns[position] if position < len(columns) else Column(""))
                    rowspan = spans.get((index, position), 1)
                    out.append(f"<td{css}{_span(cell.span, rowspan)}>{_content(cell)}</td>")
                position += cell.span
            out.append("</tr>")
        out.append("</tbody></table></div>")
        self.parts.append("".join(out))

    def markdown(self, text: str | None, in_cell: bool = False) -> None:
        """Append the HTML of Markdown `text` (a heading in a table cell as a bold line where `in_cell`)."""
        from proposal_kit.preview.prose import render_prose

        render_prose(self, text, in_cell)

    def child(self, width: int = 0) -> Html:
        """A builder for the inside of a table cell, under the same heading as this one."""
        return Html(self.level)

    def figure(self, png: bytes, width_mm: float, height_mm: float, label: str, reference: str = "") -> None:
        """A figure as `Blocks.figure` prints it: the sentence pointing at it, the PNG embedded at its printed
        width (never wider than the text), its numbered label under it."""
        import base64

        if reference:
            self.paragraph("Normal", reference)
        data = base64.b64encode(png).decode("ascii")
        width = f"{float(width_mm):.1f}mm" if width_mm and float(width_mm) > 0 else "auto"
        self.parts.append(
            f'<figure><img alt="{escape(label)}" style="width:{width}" src="data:image/png;base64,{data}">'
            f"<figcaption>{escape(label)}</figcaption></figure>"
        )

    def html(self) -> str:
        return "".join(self.parts)

    def _filled(self, cell: Cell) -> Cell:
        """A cell whose content is written by a function (as `Blocks` cells are): that content, as HTML."""
        if not callable(cell.value):
            return cell
        inner = self.child()
        cell.value(inner)
        return replace(cell, value=Markup(inner.html()))


def _colgroup(rows: list[list[Cell]], columns: Sequence[Column], size: float) -> str:
    """The columns' widths as the .docx gives them (measured from the cells' text by `render.wordml.grid`), as
    shares of the page's width; none where they cannot be measured."""
    measured = [[replace(c, value=_plain(c.value)) if isinstance(c.value, Markup) else c for c in row] for row in rows]
    try:
        widths = grid(measured, columns, size)
    except Exception:  # a table the measure does not expect is laid out by the browser
        return ""
    total = sum(widths) or 1
    return "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths) + "</colgroup>"


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


def _as_cell(value: Any) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def _content(cell: Cell) -> str:
    """What a cell shows: HTML this package made, or the value as the document shows it, escaped."""
    if isinstance(cell.value, Markup):
        return str(cell.value)
    return lines(cell.shown())


def _classes(cell: Cell, column: Column) -> str:
    names = []
    if cell.style in ("TableHeading", "FormHeading"):
        names.append("head")
    elif column.numeric or cell.style in ("TableNumber", "FormNumber"):
        names.append("num")
    if column.labels:
        names.append("label")
    return f' class="{" ".join(names)}"' if names else ""


def _span(columns: int, rows: int) -> str:
    return (f' colspan="{columns}"' if columns > 1 else "") + (f' rowspan="{rows}"' if rows > 1 else "")


def _row_spans(rows: list[list[Cell]]) -> dict[tuple[int, int], int]:
    """For each cell that opens a vertical merge, (row, column position) → the rows it spans."""
    at: list[dict[int, Cell]] = []
    for values in rows:
        positions, position = {}, 0
        for cell in values:
            positions[position] = cell
            position += cell.span
        at.append(positions)
    spans = {}
    for index, positions in enumerate(at):
        for position, cell in positions.items():
            if cell.merge == "restart":
                end = index + 1
                while end < len(at) and getattr(at[end].get(position), "merge", None) == "continue":
                    end += 1
                spans[(index, position)] = end - index
    return spans
