"""Markdown as proposal-kit reads it, for every stage: markdown-it-py's CommonMark with GFM tables, its
emphasis made to work beside Chinese punctuation, raw HTML left as text; and the structure a text has
once printed (the levels of its headings, its plain text).

Emphasis follows CommonMark with two changes Chinese text needs: CJK punctuation does not count as punctuation
when deciding whether ``*`` opens or closes emphasis, and ``_`` may open or close next to a CJK character. So
``**“创新”**驱动`` and ``**注：**正文`` are bold (CommonMark alone leaves the asterisks).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned
from markdown_it.token import Token

CJK = re.compile(r"[\u2010-\u2027\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")


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
        can_open = left and (canSplitWord or not right or last_punct or bool(CJK.match(last)))
        can_close = right and (canSplitWord or not left or next_punct or bool(CJK.match(following)))
        return Scanned(can_open, can_close, pos - start)


def _punctuation(char: str) -> bool:
    return not CJK.match(char) and (isMdAsciiPunct(ord(char)) or isPunctChar(char))


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


MAX_BRACKETS = 5000  # more 「[」 than this in one text, and markdown-it's link parsing turns quadratic


def parse(text: str) -> list[Token]:
    """The tokens of a Markdown text. A text with thousands of 「[」 is no longer read for links and images
    (each 「[」 is kept as the character it is): 300,000 「![」 took markdown-it 18 s."""
    if text.count("[") > MAX_BRACKETS:
        text = text.replace("\\", "\\\\").replace("[", "\\[")
    return parser().parse(text)


def heading_levels(tokens: list[Token], base: int) -> dict[int, int]:
    """The document level of each Markdown heading level a text uses, when the text sits under a heading of
    level `base`: the highest one used is one below `base`, the next one used below that, and so on, whatever
    number of #s the author chose."""
    used = sorted({int(t.tag[1:]) for t in tokens if t.type == "heading_open"})
    return {markdown_level: base + rank for rank, markdown_level in enumerate(used, 1)}


def plain_text(children: list[Token]) -> str:
    """The text inline tokens show, without their markup."""
    return "".join(c.content for c in children if c.type in ("text", "code_inline", "image"))
