"""What belongs to one part of the outline, as the model holds it: Markdown (sub-headings as 「###」, tables as
pipe tables), split among the fields of a part whose sub-headings name them (the four functions, the
mechanisms, economic and social benefits and risks)."""

from __future__ import annotations

from proposal_kit.docx_in.blocks import Block, Paragraph, Table
from proposal_kit.docx_in.outline import Heading, alike, number_of


def markdown(blocks: list[Block], inner: dict[int, Heading]) -> str:
    """Blocks as Markdown, one paragraph each; the headings inside a part (`inner`, by block) as 「###」."""
    parts = []
    for block in blocks:
        if isinstance(block, Table):
            parts.append(pipe_table(block))
        elif block.index in inner:
            heading = inner[block.index]
            parts.append("#" * min(heading.level + 1, 6) + " " + heading.title.strip())
        elif block.number and not block.heading_level:
            parts.append(_list_item(block))
        else:
            parts.append(block.markdown or block.text)
    return "\n\n".join(part for part in parts if part.strip())


def _list_item(paragraph: Paragraph) -> str:
    """A paragraph Word numbers (a list item, not a heading) as an item of a Markdown list: Markdown numbers
    it again where it is printed, or marks it with no glyph where Word's was a bullet."""
    text = (paragraph.markdown or paragraph.text)[len(paragraph.number) :].strip()
    ordered = any(ch.isdigit() or ch in _NUMERALS for ch in paragraph.number)
    return f"{'1.' if ordered else '-'} {text}"


_NUMERALS = "一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩ⅠⅡⅢⅣⅤⅰⅱⅲⅳⅴabcdefghijABCDEFGHIJ"


def pipe_table(table: Table) -> str:
    """A table as a Markdown pipe table, its first row the header."""
    width = max((len(row) for row in table.rows), default=0)
    if not width:
        return ""
    rows = [list(row) + [""] * (width - len(row)) for row in table.rows]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    return "\n".join([line(rows[0]), "|" + " --- |" * width, *(line(r) for r in rows[1:])])


def split(blocks: list[Block], inner: dict[int, Heading], fields: dict[str, str], rest: str) -> dict[str, str]:
    """Markdown for each of `fields` (name → title) whose title a sub-heading names; what comes before or under
    no such sub-heading goes to `rest`. The sub-headings that name a field are not kept in its text."""
    owner = rest
    grouped: dict[str, list[Block]] = {}
    for block in blocks:
        heading = inner.get(block.index)
        named = _named(heading.title, fields) if heading else None
        if named is not None:
            owner = named
            continue
        grouped.setdefault(owner, []).append(block)
    return {name: text for name, group in grouped.items() if (text := markdown(group, inner))}


def _named(title: str, fields: dict[str, str]) -> str | None:
    scored = [(alike(title, wanted), name) for name, wanted in fields.items()]
    score, name = max(scored, default=(0.0, ""))
    return name if score >= 0.6 else None


def plain(block: Block) -> str:
    """A paragraph's text without its heading number."""
    if not isinstance(block, Paragraph):
        return ""
    numbered = number_of(block.text)
    return numbered[2] if numbered else block.text
