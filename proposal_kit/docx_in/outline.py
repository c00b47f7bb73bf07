"""The outline of 附件1 found in a document written by people: its chapter and item headings, whether styled
as headings or typed as numbered paragraphs (「一、」「（一）」「1.」「（1）」, or numbered by Word itself),
matched to the guideline's chapters and items by their titles, reworded, renumbered or reordered."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from proposal_kit.docx_in.blocks import Block, Paragraph
from proposal_kit.guideline import Chapter, Outline, OutlineItem

# The heading numbers of GB/T 9704 and the variants people type: full-width dots, 「、」, ASCII brackets.
NUMBERS = (
    (1, re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*")),
    (2, re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*[、.．]?\s*")),
    (3, re.compile(r"^\s*(\d{1,2})\s*[.．、](?!\d)\s*")),
    (4, re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]\s*")),
    (5, re.compile(r"^\s*([\u2460-\u2473])\s*")),
)
_LIST_STYLES = re.compile(r"^(list|列表)", re.IGNORECASE)
_NOT_HEADINGS = re.compile(r"^(toc|table caption|caption|目录|toc heading|title)", re.IGNORECASE)
#: A heading is a title, not a sentence: longer lines, or lines with a full stop inside, are body text.
TITLE_CHARS = 40
#: How alike two titles must be (difflib's ratio on their characters, punctuation aside) to be the same.
ALIKE = 0.5


@dataclass(frozen=True)
class Heading:
    """A paragraph that reads as a heading: where it is, its level (by style or typed number), number and title."""

    block: int
    level: int
    number: str
    title: str
    styled: bool


@dataclass
class Part:
    """A chapter or item of 附件1 found in the document: its heading and the blocks that belong to it."""

    field: str
    heading: Heading
    place: str  # how the guideline numbers it: 「二、1」, 「一」
    start: int
    end: int = 0


@dataclass
class Found:
    """The outline as found: each part with its blocks, where the cover ends, and what was not matched."""

    parts: dict[str, Part] = field(default_factory=dict)
    cover_end: int = 0
    missing: list[str] = field(default_factory=list)
    unmatched: list[Heading] = field(default_factory=list)


def number_of(text: str) -> tuple[int, str, str] | None:
    """(level, number, rest) of a text that starts with a heading number, else None."""
    for level, pattern in NUMBERS:
        match = pattern.match(text)
        if match:
            return level, match[1], text[match.end() :]
    return None


def headings(blocks: list[Block]) -> list[Heading]:
    """Every paragraph that reads as a heading, with its level."""
    found = []
    for block in blocks:
        if not isinstance(block, Paragraph) or _NOT_HEADINGS.match(block.style):
            continue
        if not block.heading_level and _LIST_STYLES.match(block.style):
            continue  # an item of a list Word numbers
        numbered = number_of(block.text)
        title = numbered[2] if numbered else block.text
        if not _title_like(title, bool(block.heading_level)):
            continue
        if block.heading_level:
            found.append(Heading(block.index, block.heading_level, numbered[1] if numbered else "", title, True))
        elif numbered:
            found.append(Heading(block.index, numbered[0], numbered[1], title, False))
    return found


def _title_like(title: str, styled: bool = True) -> bool:
    """A heading is a title, not a sentence; a typed number before a sentence (「（四）发展目标。」) opens a
    paragraph of text, as GB/T 9704 run-in headings do, while a styled heading may end in a full stop."""
    body = title.strip().rstrip("：:")
    if styled:
        body = body.rstrip("。")
    return 0 < len(body) <= TITLE_CHARS and "。" not in body and "；" not in body


def normalised(title: str) -> str:
    return re.sub(r"[\s、，,。．.：:；;（）()“”\"'《》〈〉【】\-—]", "", title)


def alike(a: str, b: str) -> float:
    return SequenceMatcher(None, normalised(a), normalised(b)).ratio()


def find_outline(blocks: list[Block], outline: Outline) -> Found:
    """Match the document's headings to the chapters and items of `outline`."""
    found = Found()
    marks = headings(blocks)
    chapters = _chapters(marks, outline)
    found.cover_end = chapters[0][0].block if chapters else len(blocks)
    ends = [heading.block for heading, _ in chapters[1:]] + [len(blocks)]
    seen = {h.block for h, _ in chapters}
    for (heading, chapter), end in zip(chapters, ends, strict=True):
        inside = [m for m in marks if heading.block < m.block < end]
        if not chapter.items:
            found.parts[chapter.field] = Part(chapter.field, heading, chapter.heading, heading.block + 1, end)
            seen |= {m.block for m in inside if m.level > 1}  # a chapter of prose may have sub-headings
            continue
        _items(found, chapter, heading, inside, end)
    seen |= {part.heading.block for part in found.parts.values()}
    found.unmatched = [m for m in marks if m.block not in seen and m.level <= 2 and m.block >= found.cover_end]
    for leaf in outline.leaves():
        if leaf.field not in found.parts:
            found.missing.append(leaf.field)
    return found


def _chapters(marks: list[Heading], outline: Outline) -> list[tuple[Heading, Chapter]]:
    """The headings that open the chapters, in document order, each chapter at most once."""
    chosen: dict[str, tuple[float, Heading, Chapter]] = {}
    for mark in marks:
        if mark.level > 2 and not mark.styled:
            continue
        for chapter in outline.chapters:
            score = alike(mark.title, chapter.title)
            if mark.number == chapter.number and mark.level == 1:
                score += 0.3
            if mark.level != 1 and not mark.styled:
                score -= 0.2
            best = chosen.get(chapter.key)
            if score >= ALIKE and (best is None or score > best[0]):
                chosen[chapter.key] = (score, mark, chapter)
    taken: dict[int, tuple[float, Heading, Chapter]] = {}
    for score, mark, chapter in chosen.values():  # a heading opens one chapter: the one it is most like
        if mark.block not in taken or score > taken[mark.block][0]:
            taken[mark.block] = (score, mark, chapter)
    return sorted(((mark, chapter) for _, mark, chapter in taken.values()), key=lambda pair: pair[0].block)


def _items(found: Found, chapter: Chapter, opening: Heading, inside: list[Heading], end: int) -> None:
    """Match the headings inside one chapter to its items; the level of the first match is the items' level."""
    pairs = [
        (alike(mark.title, item.title) + (0.2 if _same_position(mark.number, position) else 0), mark, item)
        for mark in inside
        for position, item in enumerate(chapter.items)
    ]
    best: dict[int, tuple[float, Heading]] = {}
    taken: set[int] = set()
    for score, mark, item in sorted(pairs, key=lambda p: -p[0]):  # the most alike first, each used once
        if score >= ALIKE and item.number not in best and mark.block not in taken:
            best[item.number] = (score, mark)
            taken.add(mark.block)
    if not best:
        return
    level = min(mark.level for _, mark in best.values())
    matched = sorted(
        ((mark, _item(chapter, number)) for number, (_, mark) in best.items() if mark.level == level),
        key=lambda pair: pair[0].block,
    )
    ends = [mark.block for mark, _ in matched[1:]] + [end]
    for (mark, item), stop in zip(matched, ends, strict=True):
        found.parts[item.field] = Part(item.field, mark, f"{chapter.number}、{item.number}", mark.block + 1, stop)


def _same_position(number: str, position: int) -> bool:
    digits = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
    value = int(number) if number.isdigit() else digits.get(number, 0)
    return value == position + 1


def _item(chapter: Chapter, number: int) -> OutlineItem:
    return next(item for item in chapter.items if item.number == number)
