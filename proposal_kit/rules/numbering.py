"""Rules about the heading numbers an author types into the prose (GB/T 9704-2012 7.3.3)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from markdown_it.token import Token

from proposal_kit.findings import FieldPath, Severity
from proposal_kit.guideline import Guideline
from proposal_kit.levels import FIRST_NUMBERS, LEVEL_NAMES, field_levels, typed_level
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule


@rule("C004", "numbering-level", Severity.WARNING, "GB/T 9704-2012 7.3.3")
def numbering_level(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文中手写的序号与所在层次不符，或与自动生成的序号重复。

    层次序数依次为「一、」「（一）」「1.」「（1）」。每章是一级标题，提纲的每一项是二级标题，其下文字的层次从「1.」
    开始；Markdown 标题（###）和编号列表的序号由工具按层次生成，不要再手写。
    错误示例：在「（二）国内外产业发展状况」下写「**（一）国际发展状况。**」。
    正确示例：写成 Markdown 标题「### 国际发展状况」（印为「1. 国际发展状况」），或用“一是”“二是”。
    """
    levels = field_levels(guideline.outline)
    for path, text in _narratives(proposal, levels):
        yield from _check_text(path, text, levels[_pattern(path)])


_MARKERS = re.compile(r"^[\s#>*_+\-]+")


def _may_hold_a_number(text: str) -> bool:
    """Whether any paragraph or table cell of `text` could start with a typed number: parsing is the costly
    part of this rule, and most texts have none."""
    starts = (cell for line in text.split("\n") for cell in line.split("|"))
    return any(typed_level(_MARKERS.sub("", start)) for start in starts)


def _check_text(path: FieldPath, text: str, base: int) -> Iterator[Hit]:
    from proposal_kit.prose import heading_levels, parse, plain_text

    if not _may_hold_a_number(text):
        return
    tokens = parse(text)
    levels = heading_levels(tokens, base)
    context = base
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            context = levels[int(token.tag[1:])]
        if token.type != "inline" or token.map is None:
            continue
        found = typed_level(plain_text(token.children or []))
        if found is None:
            continue
        level, number = found
        if tokens[index - 1].type == "heading_open":
            yield path, f"标题中手写了序号「{number}」：标题的序号由工具自动生成，请删去", token.map[0]
        elif _opens_ordered_item(tokens, index):
            yield path, f"编号列表的项目中又手写了序号「{number}」：列表的序号自动生成，请删去", token.map[0]
        elif level <= context:
            expected = FIRST_NUMBERS[min(context + 1, 5)]
            yield (
                path,
                f"序号「{number}」属于{LEVEL_NAMES[level]}，但此处位于{LEVEL_NAMES[context]}之下，"
                f"应从「{expected}」开始，或改用“一是”“二是”",
                token.map[0],
            )


def _opens_ordered_item(tokens: list[Token], index: int) -> bool:
    """Whether the text at `index` is the first paragraph of an ordered list's item, whose number is generated."""
    return index >= 2 and tokens[index - 2].type == "list_item_open" and tokens[index - 2].markup in (".", ")")


def _pattern(path: FieldPath) -> str:
    """("units", "partners", 2, "profile") → 「units.partners[].profile」, the form `field_levels` keys take."""
    text = ""
    for part in path:
        text += "[]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _narratives(proposal: Proposal, levels: dict[str, int]) -> Iterator[tuple[FieldPath, str]]:
    """(path, text) of every narrative field of `levels` that holds text."""
    for pattern in levels:
        yield from _values(proposal, pattern.split("."), ())


def _values(value: Any, names: list[str], path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if value is None:
        return
    if not names:
        if isinstance(value, str) and value.strip():
            yield path, value
        return
    name, rest = names[0], names[1:]
    if name.endswith("[]"):
        for index, item in enumerate(getattr(value, name[:-2], None) or []):
            yield from _values(item, rest, (*path, name[:-2], index))
    else:
        yield from _values(getattr(value, name, None), rest, (*path, name))
