"""Reading a built .docx back for tests: paragraphs with their styles, tables, section geometry."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_document(path: Path):
    return docx.Document(str(path))


def paragraph_text(p) -> str:
    """The text of a paragraph as Word shows it: text runs, tabs and line breaks."""
    marks = {f"{W}tab": "\t", f"{W}br": "\n"}
    return "".join((e.text or "") if e.tag == f"{W}t" else marks.get(e.tag, "") for r in p.iter(f"{W}r") for e in r)


def body_paragraphs(document) -> list[tuple[str, str]]:
    """(style id, text) of every top-level paragraph of the body, in order."""
    result = []
    for p in document.element.body.iterchildren(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        result.append((style.get(qn("w:val")) if style is not None else "", paragraph_text(p)))
    return result


def all_text(document) -> str:
    """Every paragraph of the body, tables included, one a line."""
    return "\n".join(paragraph_text(p) for p in document.element.body.iter(f"{W}p"))


def table_rows(table) -> list[list[str]]:
    """The text of each cell of each row, as written (merged cells appear once, where they start)."""
    return [
        ["\n".join(paragraph_text(p) for p in tc.iter(f"{W}p")) for tc in tr.iter(f"{W}tc")] for tr in table._tbl.tr_lst
    ]
