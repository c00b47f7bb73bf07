"""Markdown prose as the preview shows it: read by `proposal_kit.prose` (raw HTML kept as text, so a draft can
put no markup of its own on the page), printed as `render.markdown` prints it into Word: headings numbered
below the heading the text sits under, ordered lists numbered by level, no bullets, a line that ends a Chinese
sentence ends its paragraph, images as their alternative text, links as their text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from proposal_kit.formats import clean
from proposal_kit.levels import heading_number
from proposal_kit.preview.html import Html, Markup
from proposal_kit.prose import CJK, heading_levels, parse, parser, plain_text
from proposal_kit.render.markdown import numeric_column
from proposal_kit.render.wordml import Column

# As render.markdown reads a line break: after the end of a sentence it starts a new paragraph.
_SENTENCE_END = re.compile(r"[。！？；：][”’」』）》]*$")
_DEEPEST_LIST_LEVEL = 5  # 「①」: Word's list definitions go no deeper


class _PreviewRenderer(RendererHTML):
    """markdown-it's HTML renderer with the document's reading of line breaks, images and links."""

    def paragraph_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        env["visible paragraph"] = not tokens[idx].hidden
        return self.renderToken(tokens, idx, options, env)

    def paragraph_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        env["visible paragraph"] = False
        return self.renderToken(tokens, idx, options, env)

    def softbreak(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        """A new paragraph after a sentence (a line break where a paragraph cannot be closed); a space
        between two words of Latin script; nothing between Chinese characters."""
        previous = _previous_text(tokens, idx)
        if _SENTENCE_END.search(previous):
            closable = env.get("visible paragraph") and not _inside_emphasis(tokens, idx)
            return "</p>\n<p>" if closable else "<br>\n"
        following = tokens[idx + 1].content if idx + 1 < len(tokens) else ""
        if previous and following and not (CJK.match(previous[-1]) or CJK.match(following[0])):
            return " "
        return ""

    def image(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return escapeHtml(tokens[idx].content)  # the document prints the alternative text

    def link_open(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return ""  # the document prints a link's text only

    def link_close(self, tokens: Sequence[Token], idx: int, options: Any, env: dict) -> str:
        return ""


def _previous_text(tokens: Sequence[Token], idx: int) -> str:
    for token in reversed(tokens[:idx]):
        if token.type in ("text", "code_inline", "image") and token.content:
            return token.content
    return ""


def _inside_emphasis(tokens: Sequence[Token], idx: int) -> bool:
    return sum(t.nesting for t in tokens[:idx] if t.type.endswith(("_open", "_close"))) > 0


@cache
def _renderer() -> _PreviewRenderer:
    return _PreviewRenderer()


def render_prose(out: Html, markdown: str | None, in_cell: bool = False) -> None:
    """Append the HTML of `markdown` to `out`, its headings and ordered lists numbered below the heading `out`
    is under (in a table cell, a heading is a bold line)."""
    if not markdown or not markdown.strip():
        return
    tokens = parse(clean(markdown))
    base = out.level
    levels = heading_levels(tokens, base)
    lists: list[list[Any]] = []  # [ordered, level, count] of each open list
    env: dict[str, Any] = {}
    start = index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            out.markup(_render(tokens[start:index], env))
            children = tokens[index + 1].children or []
            if in_cell:
                out.markup(f'<p class="cell-heading"><b>{_render_inline(children, env)}</b></p>')
            else:
                out.numbered_heading(levels[int(token.tag[1:])], plain_text(children))
            index += 3
            start = index
            continue
        if token.type == "table_open":
            out.markup(_render(tokens[start:index], env))
            index = _table(out, tokens, index, env)
            start = index
            continue
        _number(token, lists, out.level)
        index += 1
    out.markup(_render(tokens[start:], env))
    out.level = base


def _number(token: Token, lists: list[list[Any]], level: int) -> None:
    """Give each item of an ordered list its number as the document prints it (「（一）」, 「1.」, 「（1）」, 「①」
    by the level the list sits at)."""
    if token.type in ("ordered_list_open", "bullet_list_open"):
        ordered = token.type == "ordered_list_open"
        start = int(token.attrGet("start") or 1) if ordered else 1
        lists.append([ordered, level + len(lists) + 1, start - 1])
        token.attrs.pop("start", None)
    elif token.type in ("ordered_list_close", "bullet_list_close") and lists:
        lists.pop()
    elif token.type == "list_item_open" and lists and lists[-1][0]:
        lists[-1][2] += 1
        token.attrSet("data-n", heading_number(min(lists[-1][1], _DEEPEST_LIST_LEVEL), lists[-1][2]).strip())


def _table(out: Html, tokens: list[Token], index: int, env: dict[str, Any]) -> int:
    """A GFM table as the document prints it (the first row the header, columns of numbers or aligned right
    in the Markdown aligned right, widths from the text); the index after it."""
    rows: list[list[Token]] = []
    right: list[bool] = []
    while index < len(tokens) and tokens[index].type != "table_close":
        token = tokens[index]
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "th_open":
            right.append("right" in str(token.attrGet("style") or ""))
        elif token.type == "inline" and rows:
            rows[-1].append(token)
        index += 1
    if rows:
        count = max(len(row) for row in rows)
        texts = [[plain_text(cell.children or []) for cell in row] for row in rows]
        numeric = [
            (i < len(right) and right[i]) or numeric_column([row[i] for row in texts[1:] if i < len(row)])
            for i in range(count)
        ]
        cells = [[Markup(_render_inline(cell.children or [], env)) for cell in row] for row in rows]
        body = [row + [Markup("")] * (count - len(row)) for row in cells[1:]]
        header = cells[0] + [Markup("")] * (count - len(cells[0]))
        out.table([Column("", numeric[i]) for i in range(count)], body, header=header)
    return index + 1


def _render(tokens: list[Token], env: dict[str, Any]) -> str:
    return _renderer().render(tokens, parser().options, env) if tokens else ""


def _render_inline(children: list[Token], env: dict[str, Any]) -> str:
    return _renderer().renderInline(children, parser().options, env)
