"""Small building blocks of the document body: headings, plain paragraphs, labelled facts."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from pydantic import BaseModel

from proposal_kit.render.text import clean

CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the numbers of 「（一）」 headings."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def add_run(paragraph: Paragraph, text: str, bold: bool | None = None, italic: bool | None = None) -> Run:
    """Append a run of `text`; quotes, dashes and ellipses in it take the East Asian font (full width)."""
    run = paragraph.add_run(clean(text))
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:hint"), "eastAsia")
    run.bold, run.italic = bold, italic
    return run


def paragraph(container: Any, style: str, text: str = "") -> Paragraph:
    """Append a paragraph of `style` (a style id of the template) holding `text`."""
    result = container.add_paragraph()
    result._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), style)
    if text:
        add_run(result, text)
    return result


def heading(container: Any, level: int, text: str) -> Paragraph:
    """Headings 「一、」 (1), 「（一）」 (2), 「1.」 (3), 「（1）」 (4), each in its GB/T 9704 style."""
    return paragraph(container, f"Heading{level}", text)


def labelled(container: Any, label: str, text: str) -> Paragraph:
    """A body paragraph 「label：text」, the label in bold."""
    result = paragraph(container, "Normal")
    add_run(result, f"{label}：", bold=True)
    add_run(result, text)
    return result


def title_of(model: type[BaseModel], name: str) -> str:
    """The Chinese title the schema gives a field: one source for labels and messages."""
    return model.model_fields[name].title or name


class Numbered:
    """Counts the 「1.」 sub-headings inside one outline item."""

    def __init__(self, container: Any, level: int = 3) -> None:
        self.container, self.level, self.count = container, level, 0

    def __call__(self, text: str) -> Paragraph:
        self.count += 1
        label = f"{self.count}. " if self.level == 3 else f"（{self.count}）"
        return heading(self.container, self.level, f"{label}{text}")
