"""Markdown to Word paragraphs, lists and tables, through markdown-it-py.

Emphasis follows CommonMark with two changes Chinese text needs: CJK punctuation does not count as punctuation
when deciding whether ``*`` opens or closes emphasis, and ``_`` may open or close next to a CJK character. So
``**“创新”**驱动`` and ``**注：**正文`` are bold (CommonMark alone leaves the asterisks). Raw HTML is not
interpreted: it is shown as the text it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned
from markdown_it.token import Token

from proposal_kit.render.text import clean
from proposal_kit.render.wordml import BULLETS, INDENT, Blocks, Cell, Column, paragraph, run

_CJK = re.compile(r"[\u2010-\u2027\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


class _CjkStateInline(StateInline):
    """Inline state that does not count CJK punctuation as punctuation when deciding whether a run of
    ``*`` can open or close emphasis, so 「**注：**正文」 and 「**“创新”**驱动」 are bold as authors mean."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        pos = start
        marker = self.src[start]
        while pos < self.posMax and self.src[pos] == marker:
            pos += 1
        last = self.src[start - 1] if start > 0 else " "
        following = self.src[pos] if pos < self.posMax else " "
        last_punct, next_punct = _punctuation(last), _punctuation(following)
        last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(following))
        left = not (next_space or (next_punct and not (last_space or last_punct)))
        right = not (last_space or (last_punct and not (next_space or next_punct)))
        # `_` may not split words, but Chinese has no spaces between words: a CJK neighbour is a boundary
        can_open = left and (canSplitWord or not right or last_punct or bool(_CJK.match(last)))
        can_close = right and (canSplitWord or not left or next_punct or bool(_CJK.match(following)))
        return Scanned(can_open, can_close, pos - start)


def _punctuation(char: str) -> bool:
    return not _CJK.match(char) and (isMdAsciiPunct(ord(char)) or isPunctChar(char))


class _CjkParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        state = _CjkStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


@cache
def parser() -> MarkdownIt:
    """CommonMark with GFM tables and strikethrough, raw HTML kept as text, CJK-friendly emphasis."""
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    inline = _CjkParserInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
    return md


@dataclass(frozen=True)
class Styles:
    """The paragraph styles one rendering target uses: the body, or a table cell."""

    paragraph: str = "Normal"
    heading: str = "Heading4"
    bullet: str = "ListBullet"
    number: str = "ListNumber"
    bold_headings: bool = False


BODY = Styles()
CELL = Styles(paragraph="TableText", heading="TableText", bullet="TableText", number="TableText", bold_headings=True)


@dataclass
class _ListLevel:
    ordered: bool
    num_id: int


@dataclass
class _Renderer:
    out: Blocks
    styles: Styles
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
            runs = inline_runs(tokens[index + 1].children or [], bold=self.styles.bold_headings)
            self.out.add(paragraph(self.styles.heading, runs))
            return index + 3
        if kind == "paragraph_open":
            style, properties = self.list_paragraph()
            self.out.add(paragraph(style, inline_runs(tokens[index + 1].children or []), properties))
            return index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            ordered = kind == "ordered_list_open"
            number = self.out.numbering.restart(int(token.attrGet("start") or 1)) if ordered else BULLETS
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

    def list_paragraph(self) -> tuple[str, str]:
        """The style and paragraph properties of the next paragraph: numbered if it opens a list item."""
        if not self.lists:
            return self.styles.paragraph, ""
        level = self.lists[-1]
        style = self.styles.number if level.ordered else self.styles.bullet
        if self.first_in_item:
            self.first_in_item = False
            depth = min(len(self.lists) - 1, 2)
            return style, f'<w:numPr><w:ilvl w:val="{depth}"/><w:numId w:val="{level.num_id}"/></w:numPr>'
        return style, f'<w:ind w:left="{INDENT * 2 * len(self.lists)}"/>'  # a later paragraph of the item'

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


def _table(out: Blocks, rows: list[list[list[Token]]], right: list[bool]) -> None:
    """A GFM table: the first row is the header; widths follow each column's longest cell; columns the
    Markdown aligns right hold numbers."""
    count = max(len(row) for row in rows)
    lengths = [1.0] * count
    for row in rows:
        for index, children in enumerate(row):
            lengths[index] = max(lengths[index], min(len("".join(c.content for c in children)), 24) + 2)

    def cell(children: list[Token], style: str) -> Cell:
        return Cell(lambda inner: inner.add(paragraph(style, inline_runs(children))))

    columns = [Column("", weight) for weight in lengths]
    header = [cell(children, "TableHeading") for children in rows[0]]
    body = [
        [cell(c, "TableNumber" if i < len(right) and right[i] else "TableText") for i, c in enumerate(row)]
        for row in rows[1:]
    ]
    out.table(columns, body, header=header)


def render_markdown(out: Blocks, markdown: str | None, styles: Styles = BODY) -> None:
    """Append the Word form of `markdown` to `out` (the body, or a table cell's content)."""
    if not markdown or not markdown.strip():
        return
    _Renderer(out, styles).render(parser().parse(clean(markdown)))


def inline_runs(children: list[Token], bold: bool = False) -> str:
    """Inline tokens as runs with bold, italic and strike-through."""
    state = {"strong": bold, "em": False, "s": False}
    runs: list[str] = []
    previous = ""
    for index, child in enumerate(children):
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in state:
            state[kind[:-5]] = True
        elif kind.endswith("_close") and kind[:-6] in state:
            state[kind[:-6]] = bold if kind == "strong_close" else False
        elif kind == "softbreak":
            following = children[index + 1].content if index + 1 < len(children) else ""
            if previous and following and not (_CJK.match(previous[-1]) or _CJK.match(following[0])):
                runs.append(run(" "))
        elif kind == "hardbreak":
            runs.append("<w:r><w:br/></w:r>")
        elif kind in ("text", "code_inline", "image"):
            previous = child.content
            runs.append(run(child.content, state["strong"], state["em"], state["s"]))
    return "".join(runs)
