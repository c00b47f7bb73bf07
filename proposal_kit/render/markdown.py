"""Markdown to Word paragraphs, lists and tables, through markdown-it-py.

Emphasis follows CommonMark with one change Chinese text needs: a delimiter run next to a CJK character counts
as if that character were punctuation-free space, so ``**“创新”**驱动`` and ``**注：**正文`` are bold
(CommonMark alone leaves the asterisks). Raw HTML is not interpreted: it is shown as the text it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned
from markdown_it.token import Token

from proposal_kit.render import tables
from proposal_kit.render.blocks import add_run, paragraph
from proposal_kit.render.text import clean

_BULLETS, _DECIMAL = 90, 91  # the template's numbering definitions
_LIST_INDENT = 320  # twips: one 16 pt character
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


@dataclass
class Styles:
    """The paragraph styles one rendering target uses: the body, or a table cell."""

    paragraph: str = "Normal"
    heading: str = "Heading4"
    bullet: str = "ListBullet"
    number: str = "ListNumber"


BODY = Styles()
CELL = Styles(paragraph="TableText", heading="TableText", bullet="TableText", number="TableText")


@dataclass
class _ListLevel:
    ordered: bool
    num_id: int


@dataclass
class _Renderer:
    container: Any
    styles: Styles
    lists: list[_ListLevel] = field(default_factory=list)
    first_in_item: bool = False

    def paragraph(self, style: str) -> Paragraph:
        return paragraph(self.container, style)

    def render(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            index = self.block(tokens, index)

    def block(self, tokens: list[Token], index: int) -> int:
        token = tokens[index]
        kind = token.type
        if kind == "heading_open":
            add_inline(self.paragraph(self.styles.heading), tokens[index + 1].children or [], bold=self.styles is CELL)
            return index + 3
        if kind == "paragraph_open":
            add_inline(self.list_paragraph(), tokens[index + 1].children or [])
            return index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            self.lists.append(_ListLevel(kind == "ordered_list_open", self.new_num(kind == "ordered_list_open", token)))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.lists.pop()
        elif kind == "list_item_open":
            self.first_in_item = True
        elif kind in ("code_block", "fence", "html_block"):
            for line in token.content.rstrip("\n").split("\n"):
                add_run(self.paragraph(self.styles.paragraph), line)
        elif kind == "table_open":
            return self.table(tokens, index)
        return index + 1

    def list_paragraph(self) -> Paragraph:
        if not self.lists:
            return self.paragraph(self.styles.paragraph)
        level = self.lists[-1]
        paragraph = self.paragraph(self.styles.number if level.ordered else self.styles.bullet)
        ppr = paragraph._p.get_or_add_pPr()
        if self.first_in_item:
            num_pr = ppr.get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = min(len(self.lists) - 1, 2)
            num_pr.get_or_add_numId().val = level.num_id
        else:  # a later paragraph of the same item: aligned with the item's text, no number
            indent = OxmlElement("w:ind")
            indent.set(qn("w:left"), str(_LIST_INDENT * (len(self.lists) + 1)))
            ppr.append(indent)
        self.first_in_item = False
        return paragraph

    def new_num(self, ordered: bool, token: Token) -> int:
        """Bullets share one numbering; each ordered list restarts at its own start number."""
        if not ordered:
            return _BULLETS
        numbering = self.container.part.numbering_part.element
        num = numbering.add_num(_DECIMAL)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(int(token.attrGet("start") or 1))
        return num.numId

    def table(self, tokens: list[Token], index: int) -> int:
        rows: list[list[list[Token]]] = []
        while tokens[index].type != "table_close":
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type == "inline":
                rows[-1].append(token.children or [])
            index += 1
        if rows:
            tables.markdown_table(self.container, rows, add_inline)
        return index + 1


def render_markdown(container: Any, markdown: str | None, styles: Styles = BODY) -> None:
    """Append the Word form of `markdown` to `container` (a document, a subdocument or a table cell)."""
    if not markdown or not markdown.strip():
        return
    _Renderer(container, styles).render(parser().parse(clean(markdown)))


def add_inline(paragraph: Paragraph, children: list[Token], bold: bool = False) -> None:
    """Append inline tokens to a paragraph as runs with bold, italic and strike-through."""
    state = {"strong": bold, "em": False, "s": False}
    previous = ""
    for index, child in enumerate(children):
        kind = child.type
        if kind.endswith("_open") and kind[:-5] in state:
            state[kind[:-5]] = True
        elif kind.endswith("_close") and kind[:-6] in state:
            state[kind[:-6]] = bold if kind == "strong_close" else False
        elif kind == "softbreak":
            following = children[index + 1].content if index + 1 < len(children) else ""
            previous = _soft_break(paragraph, previous, following)
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind == "image":
            previous = _run(paragraph, child.content or "", state)
        elif kind in ("text", "code_inline", "html_inline"):
            previous = _run(paragraph, child.content, state)


def _run(paragraph: Paragraph, text: str, state: dict[str, bool]) -> str:
    if text:
        run = add_run(paragraph, text, state["strong"] or None, state["em"] or None)
        if state["s"]:
            run.font.strike = True
    return text


def _soft_break(paragraph: Paragraph, previous: str, following: str) -> str:
    """A line break inside a paragraph: nothing between Chinese characters, a space between words."""
    if previous and following and not (_CJK.match(previous[-1]) or _CJK.match(following[0])):
        paragraph.add_run(" ")
        return " "
    return previous
