"""The PDF LibreOffice makes of the sample: A4, embedded fonts of the right families, the text, the grid."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from proposal_kit.guideline import indicator_system, outline
from tests.conftest import libreoffice_or_skip
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
    for chapter in outline().chapters:
        assert chapter.heading in flat
    assert f"{indicator_system().title}自评表" in flat
    for name in (i.name for i in indicator_system().scored()):
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
