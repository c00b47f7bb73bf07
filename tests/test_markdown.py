"""Markdown to Word: paragraphs, lists, emphasis beside Chinese punctuation, tables, raw HTML as text."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from proposal_kit.render.document import default_template
from proposal_kit.render.markdown import CELL
from proposal_kit.render.markdown import render_markdown as render_into
from proposal_kit.render.wordml import Blocks, Numbering
from tests.docx_reading import W, paragraph_text


@pytest.fixture
def document():
    doc = docx.Document(str(default_template()))
    body = doc.element.body
    for child in list(body)[:-1]:
        body.remove(child)
    return doc


def render_markdown(doc, markdown: str, styles=None) -> Blocks:
    """Render into a fresh builder and put the result into `doc`'s body, as a build does."""
    out = Blocks(Numbering(doc.part))
    render_into(out, markdown, *([styles] if styles else []))
    body = doc.element.body
    body[len(body) - 1 : len(body) - 1] = out.elements()
    return out


def _paragraphs(doc):
    return [p for p in doc.element.body.iterchildren(f"{W}p")]


def _runs(p) -> list[tuple[str, bool, bool]]:
    result = []
    for r in p.iter(f"{W}r"):
        rpr = r.find(f"{W}rPr")
        bold = rpr is not None and rpr.find(f"{W}b") is not None
        italic = rpr is not None and rpr.find(f"{W}i") is not None
        result.append(("".join(t.text for t in r.iter(f"{W}t")), bold, italic))
    return result


def _bold_texts(doc) -> list[str]:
    return [text for p in doc.element.body.iter(f"{W}p") for text, bold, _ in _runs(p) if bold]


@pytest.mark.parametrize(
    ("source", "bold"),
    [
        ("**注：**正文", ["注："]),
        ("后**“创新”**驱动", ["“创新”"]),
        ("**一是材料。**SiC 器件", ["一是材料。"]),
        ("中文**加粗**中文", ["加粗"]),
        ("a **b** c", ["b"]),
        ("和__下划线__", ["下划线"]),
        ("x**y", []),
    ],
)
def test_bold_next_to_chinese_punctuation(document, source, bold):
    render_markdown(document, source)
    assert _bold_texts(document) == bold


def test_paragraphs_keep_their_text_and_join_chinese_lines(document):
    render_markdown(document, "第一段第一行\n第一段第二行\n\nEnglish words\non two lines\n\n第三段 *强调* 文字")
    paragraphs = _paragraphs(document)
    assert [paragraph_text(p) for p in paragraphs] == [
        "第一段第一行第一段第二行",
        "English words on two lines",
        "第三段 强调 文字",
    ]
    assert [r for r in _runs(paragraphs[2]) if r[2]] == [("强调", False, True)]


def _num(p) -> tuple[str, str] | None:
    num_pr = p.find(f"{W}pPr/{W}numPr")
    if num_pr is None:
        return None
    return num_pr.find(f"{W}numId").get(qn("w:val")), num_pr.find(f"{W}ilvl").get(qn("w:val"))


def test_bullet_and_numbered_lists(document):
    render_markdown(document, "- 甲\n- 乙\n  - 乙一\n\n1. 一\n2. 二\n\n段落\n\n3. 三\n4. 四\n")
    paragraphs = _paragraphs(document)
    texts = [paragraph_text(p) for p in paragraphs]
    assert texts == ["甲", "乙", "乙一", "一", "二", "段落", "三", "四"]
    nums = [_num(p) for p in paragraphs]
    assert nums[0] == nums[1] == ("90", "0")
    assert nums[2] == ("90", "1")
    assert nums[3] == nums[4] and nums[3][0] not in ("90", "91")
    assert nums[5] is None
    assert nums[6] == nums[7] and nums[6][0] != nums[3][0]  # each ordered list restarts
    numbering = document.part.numbering_part.element
    restart = numbering.num_having_numId(int(nums[6][0])).find(f"{W}lvlOverride/{W}startOverride")
    assert restart.get(qn("w:val")) == "3"
    styles = [p.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) for p in paragraphs]
    assert styles[:3] == ["ListBullet"] * 3 and styles[3] == "ListNumber"


def test_tables_become_word_tables(document):
    render_markdown(document, "| 年份 | 规模（亿元） |\n| --- | ---: |\n| 2024 | **1,200** |\n| 2025 | 1,500 |\n")
    [table] = document.tables
    rows = [[paragraph_text(p) for p in tr.iter(f"{W}p")] for tr in table._tbl.tr_lst]
    assert rows == [["年份", "规模（亿元）"], ["2024", "1,200"], ["2025", "1,500"]]
    assert table._tbl.tr_lst[0].trPr.find(f"{W}tblHeader") is not None
    assert "1,200" in _bold_texts(document)
    right = table._tbl.tr_lst[2].tc_lst[1].find(f"{W}p/{W}pPr/{W}pStyle").get(qn("w:val"))
    assert right == "TableNumber"  # the column the Markdown aligns right


def test_raw_html_and_template_syntax_are_text(document):
    render_markdown(document, "<script>alert(1)</script>\n\n文字 <b>粗</b> {{ x }} {% if %}")
    assert [paragraph_text(p) for p in _paragraphs(document)] == [
        "<script>alert(1)</script>",
        "文字 <b>粗</b> {{ x }} {% if %}",
    ]


def test_headings_inside_an_item_use_the_fourth_level(document):
    render_markdown(document, "### 研发平台\n\n正文")
    first = _paragraphs(document)[0]
    assert first.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) == "Heading4"


def test_markdown_in_a_table_cell_uses_table_styles(document):
    render_markdown(document, "简介**加粗**\n\n- 一项", CELL)
    styles = [p.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) for p in _paragraphs(document)]
    assert styles == ["TableText", "TableText"]
    assert _bold_texts(document) == ["加粗"]
