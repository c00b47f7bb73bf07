"""The PDF LibreOffice makes of the sample: A4, embedded fonts of the right families, the text, the grid."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from docx.oxml.ns import qn

from proposal_kit.formats import chinese_date
from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import load
from proposal_kit.validate import validate
from tests.conftest import SAMPLE, libreoffice_or_skip
from tests.docx_reading import W, open_document, paragraph_text
from tests.pdf_reading import fonts, lines, page_sizes, text

A4 = (595.3, 841.9)
BODY_LINE_HEIGHT = (20, 22)  # bbox height of 16 pt text in the CJK fonts


@pytest.fixture(scope="module")
def pdf(sample_build):
    libreoffice_or_skip()
    return sample_build[".pdf"]


def test_every_page_is_a4(pdf):
    sizes = page_sizes(pdf)
    assert len(sizes) > 30
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes)


def test_every_font_is_embedded_and_the_four_families_are_there(pdf):
    found = fonts(pdf)
    assert found and all(embedded for _, embedded in found), found
    names = " ".join(name for name, _ in found)
    assert "Fandol" in names and "Fang" in names  # 仿宋: body
    assert "NotoSansCJK" in names  # 黑体: 「一、」 headings
    assert "UKai" in names or "FandolKai" in names  # 楷体: 「（一）」 headings
    assert re.search(r"NotoSerifCJK\w*-(Bold|Black|Heavy)", names)  # 小标宋: a heavy serif title


def test_the_text_holds_every_chapter_the_form_and_page_numbers(pdf):
    content = text(pdf)
    flat = re.sub(r"\s+", "", content)
    for chapter in load_guideline().outline.chapters:
        assert chapter.heading in flat
    assert f"{load_guideline().indicators.title}自评表" in flat
    for name in (i.name for i in load_guideline().indicators.scored()):
        assert re.sub(r"\s+", "", name)[:6] in flat  # cells wrap, and pdftotext interleaves the columns
    for number in (1, 2, 3, 10):
        assert re.search(rf"—\s*{number}\s*—", content), number


def test_the_cover_has_no_page_number_and_the_body_starts_at_one(pdf):
    assert not re.search(r"—\s*\d+\s*—", text(pdf, 1, 1))
    first_body_page = next(
        n for n in range(2, 8) if "一、摘要" in re.sub(r"\s+", "", text(pdf, n, n)) and "......" not in text(pdf, n, n)
    )
    assert re.search(r"—\s*1\s*—", text(pdf, first_body_page, first_body_page))


def test_the_table_of_contents_has_page_numbers(pdf):
    toc = text(pdf, 2, 3)
    assert re.search(r"一、摘要\s*\.{5,}\s*1\b", toc)
    assert re.search(r"八、附件\s*\.{5,}\s*\d+", toc)


def _body_lines(pdf) -> list:
    return [
        line for line in lines(pdf) if BODY_LINE_HEIGHT[0] <= line.height <= BODY_LINE_HEIGHT[1] and line.x_min < 120
    ]


def test_a_full_body_page_holds_22_lines_at_the_grid_pitch(pdf):
    by_page = Counter(line.page for line in _body_lines(pdf))
    assert max(by_page.values()) == 22
    page = next(p for p, count in by_page.items() if count == 22)
    tops = sorted(line.y_min for line in _body_lines(pdf) if line.page == page)
    pitches = {round(b - a, 1) for a, b in itertools.pairwise(tops)}
    assert pitches <= {28.9, 28.95, 29.0, 28.8, 29.1}, pitches


def test_a_full_body_line_holds_28_characters(pdf):
    cjk_only = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’—…、]+$")
    full = [
        len(line.text)
        for line in _body_lines(pdf)
        if cjk_only.match(line.text) and line.x_min < 85 and line.x_max > 515
    ]
    assert len(full) > 100
    assert Counter(full).most_common(1)[0][0] == 28


TYPE_AREA_RIGHT = (28 + 156) / 25.4 * 72  # points from the left edge of the page


def test_no_line_hangs_into_the_right_margin(pdf):
    """Hanging punctuation, which LibreOffice may lose in the PDF, is off: every line ends inside the type area."""
    over = [(line.page, line.text[-6:]) for line in lines(pdf) if line.x_max > TYPE_AREA_RIGHT + 1]
    assert over == []


def _toc_entries(text: str) -> list[tuple[str, str]]:
    """(title, page) of each entry of the contents pages; a long title runs over lines."""
    entries, pending = [], ""
    for line in text.splitlines():
        match = re.match(r"^\s*(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if match:
            entries.append((pending + match[1], match[2]))
            pending = ""
        elif entries or "、" in line:
            pending += line.strip()
    return entries


def test_the_docx_carries_the_same_table_of_contents_as_the_pdf(sample_build, pdf):
    document = open_document(sample_build[".docx"])
    docx_entries = [
        tuple(paragraph_text(p).split("\t"))
        for p in document.element.body.iter(f"{W}p")
        if (p.find(f"{W}pPr/{W}pStyle") is not None)
        and p.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) in ("TOC1", "TOC2")
    ]
    pdf_entries = [(re.sub(r"\s+", "", title), page) for title, page in _toc_entries(text(pdf, 2, 4))]
    assert len(docx_entries) == len(load_guideline().outline.leaves()) + sum(
        1 for c in load_guideline().outline.chapters if c.items
    )
    assert [(re.sub(r"\s+", "", t), p) for t, p in docx_entries] == pdf_entries


def _broken(value: str, found: list) -> list[tuple[int, str, str]]:
    """Places where a cell holding `value` wraps it: one line ends with its start, the next holds the rest."""
    result = []
    for first, second in itertools.pairwise(found):
        a, b = re.sub(r"\s+", "", first.text), re.sub(r"\s+", "", second.text)
        for cut in range(1, len(value)):
            if a.endswith(value[:cut]) and b == value[cut:]:
                result.append((first.page, a[-cut:], b[: len(value) - cut]))
    return result


def test_codes_dates_and_short_names_in_tables_never_wrap(pdf):
    proposal, _ = validate(load(SAMPLE))
    units = [proposal.units.lead, *proposal.units.partners]
    values = [u.credit_code for u in units]
    values += [chinese_date(p.granted_on) for p in proposal.evidence.patents]
    values += [p.name for p in proposal.organization.personnel.key_people if len(p.name) <= 4]
    values += [u.kind.label for u in units]
    in_tables = [line for line in lines(pdf) if line.height < BODY_LINE_HEIGHT[0]]  # 12 pt and 10.5 pt text
    assert [b for value in values for b in _broken(value, in_tables)] == []
