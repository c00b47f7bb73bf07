"""Markdown to Word: paragraphs, lists, emphasis beside Chinese punctuation, tables, raw HTML as text."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from proposal_kit.render.document import default_template
from proposal_kit.render.markdown import CELL
from proposal_kit.render.markdown import render_markdown as render_into
from proposal_kit.render.wordml import Blocks, Numbered, Numbering
from tests.docx_reading import W, paragraph_text


@pytest.fixture
def document():
    doc = docx.Document(str(default_template()))
    body = doc.element.body
    for child in list(body)[:-1]:
        body.remove(child)
    return doc


def render_markdown(doc, markdown: str, styles=None, level: int = 0) -> Blocks:
    """Render into a fresh builder (under a heading of `level`) and put the result into `doc`'s body, as a
    build does."""
    out = Blocks(Numbering(doc.part), level=level)
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
    emphasised = [r for r in paragraphs[2].iter(f"{W}r") if r.find(f"{W}rPr/{W}em") is not None]
    assert ["".join(t.text for t in r.iter(f"{W}t")) for r in emphasised] == ["强调"]


def _num(p) -> tuple[str, str] | None:
    num_pr = p.find(f"{W}pPr/{W}numPr")
    if num_pr is None:
        return None
    return num_pr.find(f"{W}numId").get(qn("w:val")), num_pr.find(f"{W}ilvl").get(qn("w:val"))


def test_bullet_and_numbered_lists(document):
    out = render_markdown(document, "- 甲\n- 乙\n  - 乙一\n\n1. 一\n2. 二\n\n段落\n\n3. 三\n4. 四\n", level=2)
    paragraphs = _paragraphs(document)
    texts = [paragraph_text(p) for p in paragraphs]
    assert texts == ["甲", "乙", "乙一", "一", "二", "段落", "三", "四"]
    nums = [_num(p) for p in paragraphs]
    assert nums[:3] == [None] * 3  # official documents print no bullets
    assert paragraphs[2].find(f"{W}pPr/{W}ind").get(qn("w:left")) == "640"  # a nested item is indented
    assert nums[3] == nums[4] and nums[3][1] == "0"
    assert nums[5] is None
    assert nums[6] == nums[7] and nums[6][0] != nums[3][0]  # each ordered list restarts
    numbering = document.part.numbering_part.element
    restart = numbering.num_having_numId(int(nums[6][0])).find(f"{W}lvlOverride/{W}startOverride")
    assert restart.get(qn("w:val")) == "3"
    # under a 「（一）」 item the list takes the numbers of the level below, 「1.」 (definition 90 + 3)
    definition = numbering.num_having_numId(int(nums[3][0])).find(f"{W}abstractNumId").get(qn("w:val"))
    assert definition == "93" and out.level == 2
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


def _styled(doc) -> list[tuple[str, str]]:
    return [(p.find(f"{W}pPr/{W}pStyle").get(qn("w:val")), paragraph_text(p)) for p in _paragraphs(doc)]


def test_headings_take_the_numbers_of_the_levels_below_the_item(document):
    out = render_markdown(document, "## 国际\n\n正文一\n\n### 欧洲\n\n正文二\n\n## 国内\n", level=2)
    assert _styled(document) == [
        ("Heading3", "1. 国际"),
        ("Normal", "正文一"),
        ("Heading4", "（1）欧洲"),
        ("Normal", "正文二"),
        ("Heading3", "2. 国内"),
    ]
    assert out.level == 2  # what follows the text sits under the item again
    Numbered(out)("资金来源")  # a sub-heading the tool adds continues the author's sequence
    assert paragraph_text(out.elements()[-1]) == "3. 资金来源"


def test_headings_in_a_chapter_without_items_are_second_level_and_stay_out_of_the_contents(document):
    render_markdown(document, "# 背景\n\n正文\n\n# 方向\n", level=1)
    assert _styled(document) == [("ProseHeading2", "（一）背景"), ("Normal", "正文"), ("ProseHeading2", "（二）方向")]


def test_a_line_that_ends_a_chinese_sentence_ends_its_paragraph(document):
    render_markdown(document, "第一段**加粗。**\n第二段，\n接续的行。\nEnglish\nwords\n\n第三段")
    assert [text for _, text in _styled(document)] == ["第一段加粗。", "第二段，接续的行。", "English words", "第三段"]
    assert _runs(_paragraphs(document)[0])[-1] == ("加粗。", True, False)


def test_columns_of_numbers_align_right_and_years_do_not(document):
    render_markdown(
        document, "| 年份 | 规模 | 占比 | 说明 |\n| --- | --- | --- | --- |\n| 2024 | 1,120 | 25.6% | 甲 |\n"
    )
    cells = document.tables[0].rows[1].cells
    styles = [c.paragraphs[0]._p.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) for c in cells]
    assert styles == ["TableText", "TableNumber", "TableNumber", "TableText"]


def test_chinese_emphasis_gets_dots_beneath_not_italics(document):
    render_markdown(document, "坚持*量产一代*和*English*")
    runs = list(_paragraphs(document)[0].iter(f"{W}r"))
    properties = [r.find(f"{W}rPr") for r in runs]
    assert properties[1].find(f"{W}em").get(qn("w:val")) == "underDot" and properties[1].find(f"{W}i") is None
    assert properties[3].find(f"{W}i") is not None and properties[3].find(f"{W}em") is None
