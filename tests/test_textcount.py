"""The 字数 counter agrees with Word's 字数统计 (字数 = 中文字符和朝鲜语单词 + 非中文单词)."""

from __future__ import annotations

import pytest

from proposal_kit.textcount import count_markdown_words, count_words

# Each case: text, the count Word 2016+ shows as 字数 for it.
WORD_CASES = [
    ("", 0),
    ("   \n\t ", 0),
    ("中文", 2),
    ("重庆市产业创新中心。", 10),  # the full stop is one
    ("“创新”", 4),  # curly quotes are full-width marks
    ("（一）组建依据", 7),
    ("hello", 1),
    ("hello world", 2),
    ("SiC MOSFET", 2),
    ("2025年3月1日", 6),  # 2025 / 年 / 3 / 月 / 1 / 日
    ("R&D人员186人", 5),  # R&D / 人 / 员 / 186 / 人
    ("AEC-Q101认证", 3),
    ("1,200 万元", 3),
    ("3.5%的增长", 4),  # 3.5% is one word
    ("— 1 —", 3),  # em dashes are full-width marks
    (" - ", 0),  # half-width punctuation alone counts nothing
    ("a, b; c.", 3),
    ("𠀾堃喆", 3),  # ideographs outside the BMP count like any other
    ("ＡＢＣ１２", 5),  # full-width letters and digits are East Asian characters
    ("中文 English 混排 text", 6),
    ("１２００ 万元", 6),
    ("SiC（碳化硅）", 6),
    ("比导通电阻 2.8 mΩ·cm²", 7),
]


@pytest.mark.parametrize(("text", "expected"), WORD_CASES)
def test_counts_as_word_does(text, expected):
    assert count_words(text) == expected


def test_markdown_markers_are_not_text():
    markdown = "# 标题\n\n- 第一项\n- 第二项\n\n1. 编号\n2) 编号\n\n> 引用\n\n**加粗**和*强调*"
    assert count_markdown_words(markdown) == count_words("标题 第一项 第二项 编号 编号 引用 加粗和强调")


def test_the_sample_abstract_is_about_two_thousand():
    from tests.conftest import SAMPLE

    count = count_markdown_words((SAMPLE / "abstract.md").read_text("utf-8"))
    assert 1800 <= count <= 2500


def test_html_comments_are_neither_printed_nor_counted():
    from proposal_kit.model import Proposal

    data = {
        "center": {
            "name": "重庆市测试产业创新中心",
            "industry": "测试",
            "lead_unit": "甲",
            "competent_unit": "乙",
            "prepared_on": "2025-03-01",
            "legal_form": "company",
        },
        "abstract": "<!-- 一、摘要：概述……\n2500 字以内 -->\n正文五个字\n",
    }
    abstract = Proposal.model_validate(data).abstract
    assert abstract == "\n\n正文五个字\n"  # the comment's line breaks stay, so later lines keep their numbers
    assert count_markdown_words(abstract) == 5


def _chapter_one(document) -> str:
    """The text of chapter 一 as printed, its heading aside: every paragraph, table cells included, up to 二."""
    from tests.docx_reading import W, paragraph_text

    lines, inside = [], False
    for element in document.element.body.iterchildren():
        style = element.find(f"{W}pPr/{W}pStyle")
        heading = element.tag == f"{W}p" and style is not None and style.get(f"{W}val") == "Heading1"
        if heading:
            if inside:
                break
            inside = paragraph_text(element).startswith("一、")
            continue
        if inside:
            lines += [paragraph_text(p) for p in element.iter(f"{W}p")]
    return "\n".join(lines)


@pytest.mark.parametrize(
    "extra",
    ["", "\n\n### 保障措施\n\n一是组织保障。\n\n### 资金\n\n| 来源 | 金额 |\n| --- | --- |\n| 自筹 | 18,000 |\n"],
)
def test_the_count_shown_is_the_count_of_the_printed_chapter(tmp_path, extra):
    """The abstract's limit applies to chapter 一 as printed (table of basic facts included): the count the
    reports show equals the count of the chapter's text read back from the .docx."""
    import shutil

    from proposal_kit.pipeline import build
    from tests.conftest import SAMPLE
    from tests.docx_reading import open_document

    shutil.copytree(SAMPLE, tmp_path / "p")
    with (tmp_path / "p" / "abstract.md").open("a", encoding="utf-8") as stream:
        stream.write(extra)
    [built] = build([tmp_path / "p"], tmp_path / "out", pdf=False, force=True)
    printed = _chapter_one(open_document(built.outputs[0]))
    assert "创新中心基本情况" in printed and built.draft.abstract_length == count_words(printed)
