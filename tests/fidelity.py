"""What the sources say, paragraph by paragraph and cell by cell, and whether an output says it too.

Each piece is what one paragraph or table cell of the document must print: the text of a Markdown paragraph
(its markup aside, split where the renderer splits it), a cell of a Markdown table, a line of a code block,
or a whole plain-text value. Whitespace is compared loosely (line breaks fall anywhere in a PDF) and so are
characters never drawn (controls, format characters); every other character must be there, in order, with
nothing added inside the piece.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import Enum
from typing import Any, get_args, get_type_hints

from pydantic import BaseModel

from proposal_kit.formats import clean
from proposal_kit.model.base import Markdown
from proposal_kit.prose import parse, plain_text

# Fields whose text is not shown as written: codes and references the document names otherwise.
NOT_SHOWN = {"guideline", "code"}
SENTENCE_END = re.compile(r"[。！？；：][”’」』）》]*$")
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—")


def pieces(value: Any, name: str = "", markdown: bool = False) -> list[str]:
    """Every paragraph and cell the texts inside `value` must print."""
    if isinstance(value, Enum) or name in NOT_SHOWN or value is None:
        return []
    if isinstance(value, str):
        return markdown_pieces(value) if markdown else [value]
    if isinstance(value, BaseModel):
        kinds = _markdown_fields(type(value))
        return [p for field in type(value).model_fields for p in pieces(getattr(value, field), field, field in kinds)]
    if isinstance(value, list):
        return [p for item in value for p in pieces(item, name, markdown)]
    return []


def _markdown_fields(model: type[BaseModel]) -> set[str]:
    hints = get_type_hints(model, include_extras=True)
    return {name for name, hint in hints.items() if hint == Markdown or Markdown in get_args(hint)}


def markdown_pieces(text: str) -> list[str]:
    """The paragraphs, cells and code lines a Markdown text prints, without markup."""
    result = []
    for token in parse(clean(text)):
        if token.type == "inline":
            result += _split_at_sentence_ends(token.children or [])
        elif token.type in ("code_block", "fence", "html_block"):
            result += token.content.splitlines()
    return [piece for piece in result if normalized(piece)]


def _split_at_sentence_ends(children: list) -> list[str]:
    parts, current = [], []
    for child in children:
        if child.type == "softbreak" and SENTENCE_END.search(plain_text(current)):
            parts.append(plain_text(current))
            current = []
        else:
            current.append(child)
    return [*parts, plain_text(current)]


def normalized(text: str) -> str:
    """`text` without whitespace and characters that are never drawn."""
    return "".join(c for c in clean(text) if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf"))


def pdf_text(raw: str) -> str:
    """The text pdftotext -raw reads from a PDF, without the page numbers 「— n —」 of the footers."""
    return PAGE_NUMBER.sub("", raw)


def missing(expected: Iterable[str], *readings: str, ignore: str = "") -> list[str]:
    """The pieces of `expected` that no reading of an output holds exactly (characters in `ignore` aside).

    A PDF is read in drawing order, where a table cell's lines stay together but a character LibreOffice
    took from a fallback font comes after its line, and in visual order, line by line (pdf_reading). A piece
    found intact in either is printed intact."""
    drop = str.maketrans("", "", ignore)
    haystacks = [normalized(reading).translate(drop) for reading in readings]
    return [p for p in expected if not any(normalized(p).translate(drop) in h for h in haystacks)]
