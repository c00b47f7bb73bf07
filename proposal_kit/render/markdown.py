"""Markdown to Word paragraphs, lists and tables (read by `proposal_kit.prose`). Raw HTML is shown as the
text it is; headings and ordered lists are numbered at the levels below the heading the text sits under."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from proposal_kit.formats import clean
from proposal_kit.prose import CJK, heading_levels, parse, plain_text
from proposal_kit.render.wordml import LINE_BREAK, Blocks, Cell, Column, indented, numbered, paragraph, run


@dataclass(frozen=True)
class Styles:
    """The paragraph styles one rendering target uses: the body, or a table cell."""

    paragraph: str = "Normal"
    bullet: str = "ListBullet"
    number: str = "ListNumber"
    in_cell: bool = False


BODY = Styles()
CELL = Styles(paragraph="TableText", bullet="TableText", number="TableText", in_cell=True)

# A line of Chinese prose that ends a sentence ends its paragraph, even without a blank line after it: text
# pasted from Word arrives one paragraph a line. Closing quotes and brackets may follow the mark.
_SENTENCE_END = re.compile(r"[。！？；：][”’」』）》]*$")


@dataclass
class _ListLevel:
    ordered: bool
    num_id: int


@dataclass
class _Renderer:
    out: Blocks
    styles: Styles
    heading_levels: dict[int, int]  # Markdown heading level (# = 1) → document level
    lists: list[_ListLevel] = field(default_factory=list)
    first_in_item: bool = False

    def render(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.block(tokens, index)

    def block(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            self.heading(int(token.tag[1:]), tokens[index + 1].children or [])
            return index + 3
        if kind == "paragraph_open":
            for runs in inline_paragraphs(tokens[index + 1].children or []):
                style, properties = self.list_paragraph()
                self.out.add(paragraph(style, runs, properties))
            return index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            level = self.out.level + len(self.lists) + 1
            number = self.out.numbering.restart(level, int(token.attrGet("start") or 1)) if ordered else 0
            self.lists.append(_ListLevel(ordered, number))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.first_in_item = True
        elif kind in ("code_block", "fence", "html_block"):
            for line in token.content.rstrip("\n").split("\n"):
                self.out.add(paragraph(self.styles.paragraph, run(line)))
        elif kind == "table_open":
            return self.table(tokens, index)
        return index + 1

    def heading(self, markdown_level: int, children: list[Token]) -> None:
        """A heading the author wrote: numbered at its level below the heading the text sits under; in a
        table cell, a bold line."""
        if self.styles.in_cell:
            self.out.add(paragraph(self.styles.paragraph, inline_runs(children, bold=True)))
        else:
            self.out.numbered_heading(self.heading_levels[markdown_level], plain_text(children))

    def list_paragraph(self) -> tuple[str, str]:
        """The style and paragraph properties of the next paragraph: numbered if it opens an item of an
        ordered list; a bullet list's items are plain paragraphs (official documents print no bullets)."""
        if not self.lists:
            return self.styles.paragraph, ""
        level = self.lists[-1]
        depth = len(self.lists) - 1
        if level.ordered and self.first_in_item:
            self.first_in_item = False
            return self.styles.number, numbered(level.num_id, depth)
        self.first_in_item = False
        style = self.styles.number if level.ordered else self.styles.bullet
        return style, indented(depth)

    def table(self, tokens: list[Token], index: int) -> int:
        rows: list[list[list[Token]]] = []
        right: list[bool] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "th_open":
                right.append("right" in str(token.attrGet("style") or ""))
            elif token.type == "inline":
                rows[-1].append(token.children or [])
            index += 1
        if rows:
            _table(self.out, rows, right)
        return index + 1


_NUMBER = re.compile(r"^[+\-−]?[\d,]*\.?\d+\s*[%‰]?$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def numeric_column(cells: list[str]) -> bool:
    """A column of numbers (amounts, shares), not of years, which are labels."""
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(_NUMBER.match(c) for c in filled) and not all(_YEAR.match(c) for c in filled)


def _table(out: Blocks, rows: list[list[list[Token]]], right: list[bool]) -> None:
    """A GFM table: the first row is the header; columns of numbers (or aligned right in the Markdown) are
    aligned right."""
    count = max(len(row) for row in rows)
    texts = [[plain_text(children) for children in row] for row in rows]
    numeric = [
        (i < len(right) and right[i]) or numeric_column([row[i] for row in texts[1:] if i < len(row)])
        for i in range(count)
    ]

    def cell(children: list[Token], style: str) -> Cell:
        return Cell(lambda inner: inner.add(paragraph(style, inline_runs(children))), text=plain_text(children))

    columns = [Column("", numeric[i]) for i in range(count)]
    header = [cell(children, "TableHeading") for children in rows[0]]
    body = [[cell(c, "TableNumber" if numeric[i] else "TableText") for i, c in enumerate(row)] for row in rows[1:]]
    out.table(columns, body, header=header)


def render_markdown(out: Blocks, markdown: str | None, styles: Styles = BODY) -> None:
    """Append the Word form of `markdown` to `out` (the body, or a table cell's content), its headings and
    ordered lists numbered below the heading `out` is under."""
    if not markdown or not markdown.strip():
        return
    tokens = parse(clean(markdown))
    base = out.level
    _Renderer(out, styles, heading_levels(tokens, base)).render(tokens)
    out.level = base


def inline_runs(children: list[Token], bold: bool = False) -> str:
    """Inline tokens as runs with bold, italic and strike-through."""
    return "".join(inline_paragraphs(children, bold))


def inline_paragraphs(children: list[Token], bold: bool = False) -> list[str]:
    """Inline tokens as the runs of one paragraph or more: a line break that follows the end of a Chinese
    sentence starts a new paragraph."""
    state = {"strong": bold, "em": False, "s": False}
    paragraphs: list[list[str]] = [[]]
    previous = ""
    for index, child in enumerate(children):
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in state:
            state[kind[:-5]] = True
        elif kind.endswith("_close") and kind[:-6] in state:
            state[kind[:-6]] = bold if kind == "strong_close" else False
        elif kind == "softbreak" and _SENTENCE_END.search(previous):
            paragraphs.append([])
        elif kind == "softbreak":
            following = children[index + 1].content if index + 1 < len(children) else ""
            if previous and following and not (CJK.match(previous[-1]) or CJK.match(following[0])):
                paragraphs[-1].append(run(" "))
        elif kind == "hardbreak":
            paragraphs[-1].append(LINE_BREAK)
        elif kind in ("text", "code_inline", "image"):
            previous = child.content or previous
            paragraphs[-1].append(run(child.content, state["strong"], state["em"], state["s"]))
    return ["".join(runs) for runs in paragraphs if runs]
