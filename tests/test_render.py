"""The built Word document, reopened: geometry, styles, footers, headings, tables, the 附件2 form, text."""

from __future__ import annotations

import re
import shutil
import zipfile
from decimal import Decimal

import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from proposal_kit.assessment import totals
from proposal_kit.guideline import load as load_guideline
from proposal_kit.levels import chinese_number, field_levels, typed_level
from proposal_kit.load import load
from proposal_kit.model import Proposal
from proposal_kit.render.chapters import RENDERERS
from proposal_kit.rules.numbering import _narratives, _pattern
from proposal_kit.rules.paths import value_at
from proposal_kit.validate import validate
from tests.conftest import SAMPLE
from tests.docx_reading import W, body_paragraphs, open_document, table_rows


@pytest.fixture(scope="module")
def built(sample_build):
    return sample_build[".docx"]


@pytest.fixture(scope="module")
def document(built):
    return open_document(built)


@pytest.fixture(scope="module")
def proposal():
    proposal, findings = validate(load(SAMPLE))
    assert not findings
    return proposal


def test_the_file_is_named_after_the_centre(built):
    assert built.name == "重庆市车规级功率半导体产业创新中心组建方案.docx"


def test_every_section_is_a4_with_the_official_margins(document):
    assert len(document.sections) == 2
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
        assert [abs(m - Mm(v)) < Mm(0.1) for m, v in zip(margins, (37, 35, 28, 26), strict=True)] == [True] * 4


def test_every_section_has_the_22_line_grid(document):
    for section in document.sections:
        grid = section._sectPr.find(qn("w:docGrid"))
        assert (grid.get(qn("w:type")), grid.get(qn("w:linePitch"))) == ("lines", "579")


def _east_asia(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


@pytest.mark.parametrize(
    ("name", "font", "size", "bold"),
    [
        ("Normal", "仿宋_GB2312", 16, False),
        ("heading 1", "黑体", 16, False),
        ("heading 2", "楷体_GB2312", 16, False),
        ("heading 3", "仿宋_GB2312", 16, True),
        ("heading 4", "仿宋_GB2312", 16, False),
        ("Title", "方正小标宋简体", 22, False),
        ("footer", "宋体", 14, False),
        ("Attachment Label", "黑体", 16, False),
    ],
)
def test_styles_carry_the_official_fonts(document, name, font, size, bold):
    style = document.styles[name]
    assert _east_asia(style) == font
    assert style.font.size == Pt(size)
    assert bool(style.font.bold) is bold


def test_the_body_style_fills_the_grid(document):
    normal = document.styles["Normal"].element
    spacing = normal.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("579", "exact")
    assert normal.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert normal.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"


def test_table_and_title_text_is_off_the_grid(document):
    for name in ("Table Text", "Table Heading", "Title", "Form Text"):
        snap = document.styles[name].element.pPr.find(qn("w:snapToGrid"))
        assert snap is not None and snap.get(qn("w:val")) == "0", name


def _instructions(part) -> str:
    return "".join(t.text for t in part._element.iter(f"{W}instrText"))


def test_odd_and_even_footers_with_page_numbers(document):
    assert document.settings.odd_and_even_pages_header_footer
    cover, body = document.sections
    assert cover._sectPr.find(qn("w:footerReference")) is None
    odd, even = body.footer, body.even_page_footer
    assert not odd.is_linked_to_previous and not even.is_linked_to_previous
    for footer, side in ((odd, "right"), (even, "left")):
        assert "PAGE" in _instructions(footer)
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert paragraph._p.pPr.find(qn("w:jc")).get(qn("w:val")) == side
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def test_cover_and_table_of_contents(document, proposal):
    paragraphs = body_paragraphs(document)
    texts = [text for _, text in paragraphs[:20]]
    assert proposal.center.name in texts and "组建方案" in texts
    assert f"牵头单位：{proposal.center.lead_unit}" in texts
    assert f"主管单位：{proposal.center.competent_unit}" in texts
    assert "2025年3月1日" in texts
    assert any(u.name in "".join(texts) for u in proposal.units.partners)
    toc = [i for i in document.element.body.iter(f"{W}instrText") if "TOC" in i.text]
    assert toc and '\\o "1-2"' in toc[0].text
    assert document.settings.element.find(qn("w:updateFields")) is not None


def test_chapters_and_items_in_order(document):
    headings = [(style, text) for style, text in body_paragraphs(document) if style in ("Heading1", "Heading2")]
    expected = []
    for chapter in load_guideline().outline.chapters:
        expected.append(("Heading1", chapter.heading))
        expected += [("Heading2", f"（{chinese_number(n)}）{item.title}") for n, item in enumerate(chapter.items, 1)]
    assert headings == expected


def test_every_outline_field_has_a_renderer():
    """A field with structure has a renderer of its own; every other field of the outline is a narrative."""
    for leaf in load_guideline().outline.leaves():
        if leaf.field not in RENDERERS:
            value = value_at(Proposal.model_validate(load(SAMPLE).data), leaf.field)
            assert isinstance(value, str), leaf.field


def test_every_table_repeats_its_header_and_keeps_rows_whole(document):
    assert len(document.tables) >= 20
    for table in document.tables:
        rows = table._tbl.tr_lst
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None
        assert all(tr.trPr.find(qn("w:cantSplit")) is not None for tr in rows)
        grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert grid and all(w > 0 for w in grid)
        assert sum(grid) <= 8844 + 2


def _captioned_table(document, first_header: str):
    return next(t for t in document.tables if table_rows(t)[0][0] == first_header)


def test_funding_tables_show_totals(document, proposal):
    funding = proposal.construction.funding
    sources = next(t for t in document.tables if table_rows(t)[0][:2] == ["资金来源", "类别"])
    rows = table_rows(sources)
    assert [r[0] for r in rows[1:-1]] == [s.name for s in funding.sources]
    assert rows[-1][:2] == ["合计", "32,000"]


def _form(document):
    return next(t for t in document.tables if table_rows(t)[0][:3] == ["一级指标", "二级指标", "三级指标"])


def test_the_form_has_every_indicator_with_its_weight(document):
    rows = table_rows(_form(document))
    scored = load_guideline().indicators.scored()
    names = {i.name: i for i in scored}
    found = [(r, names[cell]) for r in rows for cell in r if cell in names]
    assert [i.code for _, i in found] == [i.code for i in scored]
    for row, indicator in found:
        index = row.index(indicator.name)
        assert Decimal(row[index + 1]) == indicator.weight


def test_the_form_merges_first_and_second_level_cells(document):
    tbl = _form(document)._tbl
    starts = {}
    for tc in tbl.iter(qn("w:tc")):
        merge = tc.tcPr.find(qn("w:vMerge"))
        if merge is not None and merge.get(qn("w:val")) == "restart":
            text = "".join(t.text for t in tc.iter(f"{W}t"))
            starts[text] = starts.get(text, 0) + 1
    system = load_guideline().indicators
    for first in system.indicators:
        assert starts[f"{first.name}（{first.weight}分）"] == 1
        for second in first.children:
            assert starts[f"{second.name}（{second.weight}分）"] == 1
    assert starts[f"{system.bonus_name}（≤{system.bonus_cap}分）"] == 1


def test_the_forms_subtotals_and_total_are_the_sums(document, proposal):
    rows = table_rows(_form(document))
    sums = totals(proposal.self_assessment, load_guideline().indicators)
    subtotal_rows = [r for r in rows if "小计" in r]
    assert [Decimal(r[-1]) for r in subtotal_rows] == list(sums.subtotals.values())
    entries = {e.code: e.score for e in proposal.self_assessment.entries}
    for first in load_guideline().indicators.indicators:
        expected = sum(entries[t.code] for s in first.children for t in s.children)
        assert sums.subtotals[first.code] == expected
    bonus_row = next(r for r in rows if r[0].startswith("加分小计") or any(c.startswith("加分小计") for c in r))
    assert Decimal(bonus_row[-1]) == min(sum(entries[b.code] for b in load_guideline().indicators.bonus), Decimal(10))
    total_row = next(r for r in rows if r[0] == "总分")
    assert Decimal(total_row[-1]) == sum(entries.values()) == proposal.self_assessment.total


def test_the_attachment_pages(document):
    paragraphs = body_paragraphs(document)
    labels = [(i, text) for i, (style, text) in enumerate(paragraphs) if style == "AttachmentLabel"]
    assert [text for _, text in labels] == ["附件1", "附件2"]
    index = labels[1][0]
    assert paragraphs[index + 1] == ("Title", f"{load_guideline().indicators.title}自评表")


def test_document_properties(document, proposal):
    properties = document.core_properties
    assert properties.title == "重庆市车规级功率半导体产业创新中心组建方案"
    assert "渝发改规范〔2024〕2号" in properties.subject
    assert properties.author == proposal.center.lead_unit


def test_every_table_has_half_a_line_of_space_above_and_below(document):
    body = list(document.element.body.iterchildren())
    for index, element in enumerate(body):
        if element.tag != qn("w:tbl"):
            continue
        before, after = (_style_of(body[index - 1]), _style_of(body[index + 1]))
        assert before in ("TableGap", "TableCaption") and after == "TableGap", (index, before, after)


def _style_of(element) -> str:
    style = element.find(f"{W}pPr/{W}pStyle")
    return style.get(qn("w:val")) if style is not None else ""


def test_years_are_never_written_with_thousands_separators(document, proposal):
    text = "\n".join(cell for t in document.tables for row in table_rows(t) for cell in row)
    years = {str(p.year) for p in proposal.evidence.projects} | {str(f.year) for f in proposal.evidence.finances}
    assert years and all(year in text for year in years)
    assert not any(f"{year[0]},{year[1:]}" in text for year in years)  # 「2,024」
    assert "12,000" in text  # amounts keep theirs


def test_numbers_align_right_in_every_table(document):
    """Amounts, counts and shares align right; years and serial numbers (序号) are labels."""
    number = re.compile(r"^[≥≤=]?[\d,.]+[%‰]?$")
    for table in document.tables:
        header = table_rows(table)[0]
        for row in table._tbl.tr_lst[1:]:
            for column, tc in enumerate(row.iter(qn("w:tc"))):
                text = "".join(t.text for t in tc.iter(f"{W}t"))
                if (column < len(header) and header[column] == "序号") or re.match(r"^(19|20)\d\d$", text):
                    continue
                if number.match(text):
                    assert _style_of(tc.find(f"{W}p")) in ("TableNumber", "FormNumber"), text


def test_a_subtotal_keeps_the_row_above_it_on_its_page(document):
    rows = _form(document)._tbl.tr_lst
    for index, row in enumerate(rows):
        texts = ["".join(t.text for t in tc.iter(f"{W}t")) for tc in row.iter(qn("w:tc"))]
        if "小计" in texts or any(t.startswith("加分小计") for t in texts):
            above = rows[index - 1]
            assert all(
                p.find(f"{W}pPr/{W}keepNext") is not None for p in above.iter(f"{W}p") if p.find(f"{W}r") is not None
            )


def test_the_form_shows_counted_figures_where_the_applicant_gave_none(tmp_path):
    from proposal_kit.pipeline import build

    yaml = (SAMPLE / "proposal.yaml").read_text("utf-8")
    edited = yaml.replace('{code: "2.1.2", figure: 9, ', '{code: "2.1.2", ')
    assert edited != yaml
    folder = tmp_path / "sample"
    shutil.copytree(SAMPLE, folder)
    (folder / "proposal.yaml").write_text(edited, "utf-8")
    [built] = build([folder], tmp_path / "out", pdf=False)
    rows = table_rows(_form(open_document(built.outputs[0])))
    patents = next(r for r in rows if "近3年获得授权的有效发明专利数" in r)
    assert "9件" in patents


def test_the_font_table_names_the_official_fonts_with_their_stand_ins(built):
    fonts = zipfile.ZipFile(built).read("word/fontTable.xml").decode("utf-8")
    declared = dict(re.findall(r'<w:font w:name="([^"]+)"><w:altName w:val="([^"]+)"/>', fonts))
    assert declared["仿宋_GB2312"] == "仿宋" and declared["仿宋"] == "FangSong"
    assert declared["楷体_GB2312"] == "楷体" and declared["楷体"] == "KaiTi"
    assert declared["方正小标宋简体"] == "华文中宋" and declared["黑体"] == "SimHei"
    assert "ＭＳ" not in fonts and 'w:charset w:val="86"' in fonts


def test_headings_below_an_item_follow_the_official_order(document):
    """一、 → （一） → 1. → （1）: a 「1.」 heading sits under a 「（一）」 item, a 「（1）」 one under a 「1.」."""
    order = {"Heading1": 1, "Heading2": 2, "ProseHeading2": 2, "Heading3": 3, "Heading4": 4}
    current = 0
    for style, text in body_paragraphs(document):
        if style == "AttachmentLabel":
            current = 2
        level = order.get(style)
        if level is None:
            continue
        assert level <= current + 1, (style, text)
        assert typed_level(text)[0] == level, (style, text)
        current = level


def test_each_narrative_field_prints_at_the_level_levels_py_says(proposal, monkeypatch):
    """The rule C004 reads levels.py; the document is what it describes."""
    from proposal_kit.render.document import render_document
    from proposal_kit.render.wordml import Blocks

    seen: dict[str, int] = {}
    real = Blocks.markdown

    def spy(out, text, *args, **kwargs):
        if text:
            seen[text] = out.level
        return real(out, text, *args, **kwargs)

    monkeypatch.setattr(Blocks, "markdown", spy)
    render_document(proposal)
    levels = field_levels(load_guideline().outline)
    for path, text in _narratives(proposal, levels):
        if text in seen:
            assert seen[text] == levels[_pattern(path)], path
    assert len(seen) > 25
