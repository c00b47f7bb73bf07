"""The table of contents of a built .docx filled in: the entries and page numbers LibreOffice laid out for the
PDF, stored as the TOC field's result, so that the Word file shows the same contents as the PDF before anyone
updates its fields (Word still updates them on opening)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from xml.sax.saxutils import escape

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
DOCUMENT = "word/document.xml"


def fill_contents(docx: bytes, contents: str) -> bytes:
    """`docx` with its TOC field's result replaced by `contents` (an entry a line: title, tab, page); `docx`
    unchanged where it has no TOC field whose result can be told apart."""
    entries = [line.split("\t") for line in contents.splitlines() if line.strip()]
    if not entries:
        return docx
    source = zipfile.ZipFile(io.BytesIO(docx))
    root = etree.fromstring(source.read(DOCUMENT))
    first = _toc_paragraph(root)
    if first is None or not _replace_result(first, entries):
        return docx
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == DOCUMENT:
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    return out.getvalue()


def _toc_paragraph(root: etree._Element) -> etree._Element | None:
    for instruction in root.iter(f"{W}instrText"):
        if (instruction.text or "").strip().startswith("TOC"):
            return instruction.getparent().getparent()
    return None


def _replace_result(first: etree._Element, entries: list[list[str]]) -> bool:
    """Keep the field's begin, instruction and separator in the first paragraph; put one entry in it and in
    each paragraph after it; close the field in the last."""
    found = _separator_and_end(first)
    if found is None:
        return False
    separator, end = found
    last_old = _top_paragraph(end, first.getparent())
    if separator.getparent() is not first or last_old is None:
        return False
    for run in list(separator.itersiblings()):
        first.remove(run)
    while last_old is not first:
        following = first.getnext()
        first.getparent().remove(following)
        if following is last_old:
            break
    last = first
    _set_style(first, _style(entries[0][0]))
    first.extend(_entry_runs(entries[0]))
    for entry in entries[1:]:
        paragraph = etree.fromstring(
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{_style(entry[0])}"/></w:pPr></w:p>'
        )
        paragraph.extend(_entry_runs(entry))
        last.addnext(paragraph)
        last = paragraph
    last.append(end)
    return True


def _separator_and_end(first: etree._Element) -> tuple[etree._Element, etree._Element] | None:
    """The separator and end runs of the field that begins in paragraph `first`; fields nested in its result
    (PAGEREF, HYPERLINK) have begins and ends of their own."""
    depth, separator = 0, None
    for run in _runs_from(first):
        kind = _field_char(run)
        if kind == "begin":
            depth += 1
        elif kind == "separate" and depth == 1:
            separator = run
        elif kind == "end":
            depth -= 1
            if depth == 0:
                return (separator, run) if separator is not None else None
    return None


def _runs_from(paragraph: etree._Element | None) -> Iterator[etree._Element]:
    while paragraph is not None:
        yield from paragraph.iter(f"{W}r")
        paragraph = paragraph.getnext()


def _top_paragraph(element: etree._Element, body: etree._Element) -> etree._Element | None:
    """The child of `body` that holds `element`."""
    while element is not None and element.getparent() is not body:
        element = element.getparent()
    return element


def _field_char(run: etree._Element) -> str | None:
    char = run.find(f"{W}fldChar")
    return None if char is None else char.get(f"{W}fldCharType")


def _style(title: str) -> str:
    """「一、…」 chapters are entries of the first level, 「（一）…」 items of the second."""
    return "TOC2" if title.lstrip().startswith(("（", "(")) else "TOC1"


def _set_style(paragraph: etree._Element, style: str) -> None:
    element = paragraph.find(f"{W}pPr/{W}pStyle")
    if element is not None:
        element.set(f"{W}val", style)


def _entry_runs(entry: list[str]) -> list[etree._Element]:
    title, page = entry[0], entry[-1] if len(entry) > 1 else ""
    xml = (
        f'<w:r><w:t xml:space="preserve">{escape(title)}</w:t></w:r>'
        f"<w:r><w:tab/></w:r>"
        f"<w:r><w:t>{escape(page)}</w:t></w:r>"
    )
    return list(etree.fromstring(f'<w:wrap xmlns:w="{W_NS}">{xml}</w:wrap>'))
