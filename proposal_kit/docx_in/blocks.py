"""A Word document as a reader sees it: paragraphs and tables in order, each paragraph with its text (the
automatic number included), its style's name and its heading level; text boxes read once, in place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from proposal_kit.docx_in.numbering import Numbering, W

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED = {f"{W}txbxContent", f"{MC}Fallback", f"{W}del", f"{W}instrText", f"{W}delText", f"{W}footnoteReference"}


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its text with the number Word shows before it, the style's name, the heading level its
    style or outline level gives it (0: body text), and whether all of it is bold."""

    index: int
    text: str
    number: str
    style: str
    heading_level: int
    bold: bool
    markdown: str = ""  # the text with its bold and italic runs marked as Markdown


@dataclass(frozen=True)
class Table:
    """One table: the text of each cell of each row by the table's grid (a merged cell's text where it
    starts, "" in the columns it spans and the rows below it)."""

    index: int
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | Table


@dataclass(frozen=True)
class Style:
    name: str
    based_on: str
    outline_level: int | None
    numbering: tuple[str, int] | None
    bold: bool


def read_blocks(document: Any) -> list[Block]:
    """Every paragraph and table of a python-docx Document's body, in reading order."""
    styles = _styles(document)
    numbering = Numbering.of(_numbering_xml(document))
    reader = _Reader(styles, numbering)
    reader.container(document.element.body)
    return reader.blocks


class _Reader:
    def __init__(self, styles: dict[str, Style], numbering: Numbering) -> None:
        self.styles, self.numbering = styles, numbering
        self.blocks: list[Block] = []

    def container(self, element: Any) -> None:
        for child in element:
            if child.tag == f"{W}p":
                self.paragraph(child)
            elif child.tag == f"{W}tbl":
                self.table(child)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    self.container(content)

    def paragraph(self, p: Any) -> None:
        properties = p.find(f"{W}pPr")
        style_id = _val(properties, "pStyle") or ""
        chain = _chain(self.styles, style_id)
        number = self._number(properties, chain)
        text = _text(p).strip()
        level = _heading_level(properties, chain)
        style_bold = any(s.bold for s in chain)
        bold = _all_bold(p, style_bold)
        if text or number:
            name = chain[0].name if chain else ""
            marked = f"{number}{_marked(p, style_bold and not level)}".strip()
            self.blocks.append(
                Paragraph(len(self.blocks), f"{number}{text}".strip(), number, name, level, bold, marked)
            )
        for box in _text_boxes(p):
            self.container(box)

    def table(self, tbl: Any) -> None:
        rows = []
        for tr in tbl.iter(f"{W}tr"):
            if _inside_nested_table(tr, tbl):
                continue
            cells = []
            for tc in tr.iterchildren(f"{W}tc"):
                cells.append("\n".join(t for t in (_text(p).strip() for p in tc.iter(f"{W}p")) if t))
                span = _val(tc.find(f"{W}tcPr"), "gridSpan")
                cells += [""] * (int(span) - 1 if span and span.isdigit() and 1 < int(span) < 64 else 0)
            rows.append(tuple(cells))
        self.blocks.append(Table(len(self.blocks), tuple(rows)))

    def _number(self, properties: Any, chain: list[Style]) -> str:
        numbered = _numbering(properties)
        if numbered is None:
            numbered = next((s.numbering for s in chain if s.numbering), None)
        if numbered is None:
            return ""
        return self.numbering.next(*numbered)


def _val(properties: Any, name: str) -> str | None:
    if properties is None:
        return None
    element = properties.find(f"{W}{name}")
    return element.get(f"{W}val") if element is not None else None


def _numbering(properties: Any) -> tuple[str, int] | None:
    num_pr = properties.find(f"{W}numPr") if properties is not None else None
    if num_pr is None:
        return None
    num_id = _val(num_pr, "numId")
    return (num_id, int(_val(num_pr, "ilvl") or 0)) if num_id else None


def _text(element: Any) -> str:
    """The text of a paragraph as Word shows it, without text boxes, deleted text or field codes."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag == f"{W}tab":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif len(child):
            parts.append(_text(child))
    return "".join(parts)


def _text_boxes(p: Any) -> list[Any]:
    """The text boxes anchored in a paragraph, each once (the drawing's, not the VML fallback's copy)."""
    boxes = []
    for box in p.iter(f"{W}txbxContent"):
        ancestor = box.getparent()
        fallback = False
        while ancestor is not None and ancestor is not p:
            if ancestor.tag == f"{MC}Fallback" or ancestor.tag == f"{W}txbxContent":
                fallback = True
                break
            ancestor = ancestor.getparent()
        if not fallback:
            boxes.append(box)
    return boxes


def _inside_nested_table(tr: Any, table: Any) -> bool:
    ancestor = tr.getparent()
    while ancestor is not None and ancestor is not table:
        if ancestor.tag == f"{W}tbl":
            return True
        ancestor = ancestor.getparent()
    return False


_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _heading_level(properties: Any, chain: list[Style]) -> int:
    """1–9 for a heading (by its style's built-in name or an outline level, also inherited), 0 for body text."""
    outline = _val(properties, "outlineLvl")
    if outline is not None and outline.isdigit() and int(outline) < 9:
        return int(outline) + 1
    for style in chain:
        match = _HEADING_NAME.match(style.name)
        if match:
            return int(match[1])
        if style.outline_level is not None and style.outline_level < 9:
            return style.outline_level + 1
    return 0


def _all_bold(p: Any, style_bold: bool) -> bool:
    runs = [r for r in _runs(p) if _text(r).strip()]
    return bool(runs) and all(_run_bold(r, style_bold) for r in runs)


def _runs(element: Any) -> list[Any]:
    """The runs of a paragraph in order, those inside hyperlinks and insertions included, not text boxes'."""
    runs = []
    for child in element:
        if child.tag == f"{W}r":
            runs.append(child)
        elif child.tag not in _SKIPPED and child.tag in _RUN_HOLDERS:
            runs += _runs(child)
    return runs


_RUN_HOLDERS = {f"{W}hyperlink", f"{W}ins", f"{W}smartTag", f"{W}fldSimple", f"{W}sdtContent", f"{W}sdt"}


def _marked(p: Any, style_bold: bool) -> str:
    """The paragraph's text as Markdown: bold runs in 「**」, italic or dotted (着重号) runs in 「*」."""
    pieces: list[tuple[str, str]] = []
    for run in _runs(p):
        text = _text(run).replace("*", "\\*")
        if not text:
            continue
        properties = run.find(f"{W}rPr")
        italic = properties is not None and (
            properties.find(f"{W}i") is not None or properties.find(f"{W}em") is not None
        )
        mark = ("**" if _run_bold(run, style_bold) else "") + ("*" if italic else "")
        if pieces and pieces[-1][0] == mark:
            pieces[-1] = (mark, pieces[-1][1] + text)
        else:
            pieces.append((mark, text))
    out = []
    for mark, text in pieces:
        core = text.strip()
        if mark and core:
            lead, tail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
            out.append(f"{lead}{mark}{core}{mark[::-1]}{tail}")
        else:
            out.append(text)
    return "".join(out)


def _run_bold(run: Any, default: bool) -> bool:
    properties = run.find(f"{W}rPr")
    b = properties.find(f"{W}b") if properties is not None else None
    if b is None:
        return default
    return b.get(f"{W}val", "true") not in ("0", "false", "off")


def _styles(document: Any) -> dict[str, Style]:
    styles = {}
    element = document.styles.element
    for style in element.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        name = style.find(f"{W}name")
        based = style.find(f"{W}basedOn")
        properties = style.find(f"{W}pPr")
        outline = _val(properties, "outlineLvl")
        run = style.find(f"{W}rPr")
        bold = run is not None and run.find(f"{W}b") is not None and _run_bold(style, False)
        styles[style.get(f"{W}styleId")] = Style(
            name.get(f"{W}val", "") if name is not None else "",
            based.get(f"{W}val", "") if based is not None else "",
            int(outline) if outline and outline.isdigit() else None,
            _numbering(properties),
            bold,
        )
    return styles


def _chain(styles: dict[str, Style], style_id: str) -> list[Style]:
    """A paragraph style and the styles it is based on, nearest first (the default style where none)."""
    chain: list[Style] = []
    seen: set[str] = set()
    current = style_id or next((i for i, s in styles.items() if s.name.lower() == "normal"), "")
    while current and current in styles and current not in seen:
        seen.add(current)
        chain.append(styles[current])
        current = styles[current].based_on
    return chain


def _numbering_xml(document: Any) -> Any:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return None
