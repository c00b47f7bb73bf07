"""Word drafts as people write them, which proposal-kit did not make: made with python-docx (and LibreOffice for
the .doc and PDF cases) in the styles Chinese drafts come in. Each case names what checking it must find.

Run `python -m tests.word_drafts.generate DIR` to write them all into DIR for a look in Word."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt

from proposal_kit.guideline import load as load_guideline
from proposal_kit.model.credit_code import check_character

OUTLINE = load_guideline().outline
CENTER = "重庆市氢能装备产业创新中心"
LEAD = "重庆渝氢动力科技有限公司"
PARTNERS = ["渝州理工大学", "重庆氢能装备研究院", "重庆长江燃料电池有限公司"]
COMPETENT = "两江新区发展改革局"


def body(title: str, item: str = "") -> list[str]:
    """Two paragraphs of plausible prose for one part, different for every part (so none reads as pasted)."""
    subject = item or title
    return [
        f"关于「{subject}」，创新中心立足氢能装备产业链的实际需要，围绕燃料电池电堆、储氢系统和加注装备开展工作，"
        f"逐项说明现状、差距与举措，做到目标清楚、责任明确、措施可行。",
        f"在「{subject}」方面，牵头单位会同高校和研究院所细化分工，建立定期会商和考核制度，"
        "确保各项安排落到实处，并接受主管单位的指导和监督。",
    ]


@dataclass
class Case:
    """One draft: how it is written, and what checking it must report (codes, with the fields they name)."""

    name: str
    write: Callable[[Path], Path]
    expected: list[tuple[str, str]] = field(default_factory=list)  # (code, field) that must be reported
    absent: list[str] = field(default_factory=list)  # codes that must not be reported


class Draft:
    """A python-docx document being written as a person would, with a cover and the outline."""

    def __init__(self, heading_styles: bool = False) -> None:
        self.document = docx.Document()
        self.heading_styles = heading_styles

    def cover(self, spaced: bool = False, as_table: bool = False) -> None:
        title = self.document.add_paragraph()
        title.add_run(CENTER).bold = True
        self.document.add_paragraph("组建方案")
        lines = [("牵头单位", LEAD), ("共建单位", "、".join(PARTNERS)), ("主管单位", COMPETENT)]
        if as_table:
            table = self.document.add_table(rows=0, cols=2)
            for label, value in lines:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = " ".join(label) if spaced else label, value
        else:
            for label, value in lines:
                self.document.add_paragraph(f"{' '.join(label) if spaced else label}：{value}")
        self.document.add_paragraph("2025年6月1日")
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, text: str, level: int) -> None:
        if self.heading_styles:
            self.document.add_heading(text, level)
        else:
            paragraph = self.document.add_paragraph()
            paragraph.add_run(text).bold = True

    def prose(self, title: str, item: str = "") -> None:
        for text in body(title, item):
            self.document.add_paragraph(text)

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.document.save(str(path))
        return path


def _outline(
    draft: Draft,
    chapter_number: Callable[[str], str],
    item_number: Callable[[int], str],
    skip=(),
    after_item: Callable[[Draft, str], None] | None = None,
) -> None:
    """Every chapter and item with two paragraphs of prose; `after_item` adds what an item holds besides."""
    for chapter in OUTLINE.chapters:
        draft.heading(f"{chapter_number(chapter.number)}{chapter.title}", 1)
        if not chapter.items:
            draft.prose(chapter.title)
        for item in chapter.items:
            if item.field in skip:
                continue
            draft.heading(f"{item_number(item.number)}{item.title}", 2)
            draft.prose(chapter.title, item.title)
            if after_item:
                after_item(draft, item.field)


_CN = "一二三四五六七八九十"


def heading_styles(folder: Path) -> Path:
    """Heading 1 and 2 styles, numbers typed into the titles (「一、」, 「（一）」)."""
    draft = Draft(heading_styles=True)
    draft.cover()
    _outline(draft, lambda n: f"{n}、", lambda i: f"（{_CN[i - 1]}）")
    return draft.save(folder / "heading-styles.docx")


def manual_numbering(folder: Path) -> Path:
    """Plain bold paragraphs, numbers typed: what most drafts are."""
    draft = Draft()
    draft.cover()
    _outline(draft, lambda n: f"{n}、", lambda i: f"（{_CN[i - 1]}）")
    return draft.save(folder / "manual-numbering.docx")


def outline_style_items(folder: Path) -> Path:
    """The items numbered 「1.」 as 附件1 itself numbers them, not bold."""
    draft = Draft()
    draft.heading_styles = False
    draft.cover()
    for chapter in OUTLINE.chapters:
        draft.document.add_paragraph(f"{chapter.number}、{chapter.title}")
        if not chapter.items:
            draft.prose(chapter.title)
        for item in chapter.items:
            draft.document.add_paragraph(f"{item.number}. {item.title}")
            draft.prose(chapter.title, item.title)
    return draft.save(folder / "outline-style-items.docx")


def number_variants(folder: Path) -> Path:
    """Full-width and half-width variants people type: 「一．」「(一)」「1．」「1、」."""
    draft = Draft()
    draft.cover()
    variants = [lambda i: f"({_CN[i - 1]})", lambda i: f"{i}．", lambda i: f"{i}、", lambda i: f"（{_CN[i - 1]}）"]
    for index, chapter in enumerate(OUTLINE.chapters):
        draft.heading(f"{chapter.number}．{chapter.title}", 1)
        if not chapter.items:
            draft.prose(chapter.title)
        for item in chapter.items:
            draft.heading(f"{variants[index % len(variants)](item.number)}{item.title}", 2)
            draft.prose(chapter.title, item.title)
    return draft.save(folder / "number-variants.docx")


_NUMBERING = """<w:numbering {ns}>
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def automatic_numbering(folder: Path) -> Path:
    """Word's own numbering: the titles carry no number; 「一、」 and 「（一）」 come from numbering.xml."""
    draft = Draft()
    draft.cover()
    numbering = draft.document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(_NUMBERING.format(ns=nsdecls("w"))):
        numbering.append(child)
    for chapter in OUTLINE.chapters:
        _numbered(draft.document.add_paragraph(chapter.title), 0)
        if not chapter.items:
            draft.prose(chapter.title)
        for item in chapter.items:
            _numbered(draft.document.add_paragraph(item.title), 1)
            draft.prose(chapter.title, item.title)
    return draft.save(folder / "automatic-numbering.docx")


def _numbered(paragraph, level: int) -> None:
    properties = paragraph._p.get_or_add_pPr()
    properties.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'))


def reworded_reordered_missing(folder: Path) -> Path:
    """Titles reworded, two items swapped, two items left out, and a heading the outline does not have."""
    draft = Draft(heading_styles=True)
    draft.cover()
    for chapter in OUTLINE.chapters:
        title = "组建背景及意义" if chapter.key == "background" else chapter.title
        draft.heading(f"{chapter.number}、{title}", 1)
        if not chapter.items:
            draft.prose(chapter.title)
        items = list(chapter.items)
        if chapter.key == "directions":
            items[0], items[1] = items[1], items[0]
        for position, item in enumerate(items, 1):
            if item.field in ("background.key_problems", "construction.content"):
                continue
            draft.heading(f"（{_CN[position - 1]}）{item.title.replace('产业创新中心', '中心')}", 2)
            draft.prose(chapter.title, item.title)
    draft.heading("九、承诺", 1)
    draft.prose("承诺")
    return draft.save(folder / "reworded-reordered-missing.docx")


def mixed_formatting(folder: Path) -> Path:
    """Direct formatting everywhere: fonts and sizes set on runs, titles split across runs."""
    draft = Draft()
    draft.cover()
    for chapter in OUTLINE.chapters:
        paragraph = draft.document.add_paragraph()
        for piece in (f"{chapter.number}、", chapter.title[:2], chapter.title[2:]):
            run = paragraph.add_run(piece)
            run.font.name, run.font.size, run.bold = "黑体", Pt(16), True
        if not chapter.items:
            draft.prose(chapter.title)
        for item in chapter.items:
            paragraph = draft.document.add_paragraph()
            run = paragraph.add_run(f"（{_CN[item.number - 1]}）{item.title}")
            run.font.name, run.italic = "楷体_GB2312", False
            for text in body(chapter.title, item.title):
                prose = draft.document.add_paragraph()
                prose.add_run(text[:10]).font.size = Pt(16)
                prose.add_run(text[10:]).font.name = "仿宋_GB2312"
    return draft.save(folder / "mixed-formatting.docx")


_TEXT_BOX = """<w:r {ns} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:v="urn:schemas-microsoft-com:vml">
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="100" cy="100"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>
</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>
</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def page_breaks_and_text_boxes(folder: Path) -> Path:
    """A chapter split by page breaks, and one item's text in a text box (drawn once, with a VML copy)."""
    draft = Draft(heading_styles=True)
    draft.cover()
    for chapter in OUTLINE.chapters:
        draft.heading(f"{chapter.number}、{chapter.title}", 1)
        if not chapter.items:
            draft.prose(chapter.title)
        for item in chapter.items:
            draft.heading(f"（{_CN[item.number - 1]}）{item.title}", 2)
            first, second = body(chapter.title, item.title)
            if item.field == "construction.content":
                anchor = draft.document.add_paragraph()
                anchor._p.append(parse_xml(_TEXT_BOX.format(ns=nsdecls("w"), text=first)))
            else:
                draft.document.add_paragraph(first)
            draft.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            draft.document.add_paragraph(second)
    return draft.save(folder / "page-breaks-and-text-boxes.docx")


def chinese_style_ids(folder: Path) -> Path:
    """Heading styles as Chinese Word saves them: ids 「1」「2」, names 「heading 1」, an outline level."""
    path = heading_styles(folder / "tmp")
    document = docx.Document(str(path))
    renamed = {}
    for style in document.styles.element.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}style"):
        old = style.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId")
        if old in ("Heading1", "Heading2"):
            new = old[-1]
            renamed[old] = new
            style.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", new)
    for paragraph in document.paragraphs:
        style = paragraph._p.pPr.pStyle if paragraph._p.pPr is not None else None
        if style is not None and style.val in renamed:
            style.val = renamed[style.val]
    target = folder / "chinese-style-ids.docx"
    document.save(str(target))
    shutil.rmtree(folder / "tmp")
    return target


def cover_in_a_table(folder: Path) -> Path:
    """The cover laid out in a borderless table, its labels spaced out (「牵 头 单 位」)."""
    draft = Draft()
    draft.cover(spaced=True, as_table=True)
    _outline(draft, lambda n: f"{n}、", lambda i: f"（{_CN[i - 1]}）")
    return draft.save(folder / "cover-in-a-table.docx")


def _code(first17: str) -> str:
    return first17 + check_character(first17)


LEAD_FACTS = [
    ("单位名称", LEAD),
    ("单位类型", "企业"),
    ("统一社会信用代码", _code("91500000MA5U6XKR4")),
    ("法定代表人", "杨启航"),
    ("职工总数", "860人"),
    ("研发人员数", "215人"),
    ("上年营业收入（万元）", "96,500"),
    ("上年研发投入", "8,200万元"),
]
PARTNER_ROWS = [
    ["序号", "单位名称", "单位类型", "统一社会信用代码", "参与方式", "出资额（万元）"],
    ["1", PARTNERS[0], "高等院校", _code("12500000450400066"), "技术入股、人才联合培养", "800"],
    ["2", PARTNERS[1], "科研院所", "12500000MB1234567X", "共同出资", "1,200"],  # check character wrong
    ["3", PARTNERS[2], "企业", _code("91500000MA5U7BC83"), "共同出资、协作研发", "2,000"],
]
GOAL_ROWS = [
    ["指标名称", "现状值", "目标值", "完成时限"],
    ["电堆功率密度", "3.5kW/L", "≥4.5kW/L", "2026年6月30日"],
    ["申请发明专利", "", "不少于30件", "2026年12月31日"],
    ["", "", "", ""],
]
MID_GOAL_ROWS = [
    ["指标名称", "现状值", "目标值", "完成时限"],
    ["燃料电池系统装车量", "200套", "≥2,000套", "2027年12月31日"],
]
PHASE_ROWS = [
    ["阶段", "起止时间", "主要工作", "里程碑"],
    ["启动期", "2025年7月1日—2025年12月31日", "注册法人实体，完成场地改造", "完成注册；场地验收"],
    ["建设期", "2026年1月1日—2027年6月30日", "建设电堆中试线", "中试线贯通"],
]
SOURCE_ROWS = [
    ["资金来源", "类别", "金额（万元）", "占比"],
    ["牵头单位自筹", "牵头单位自筹", "8,000", "40%"],
    ["组建单位出资", "组建单位出资", "4,000", "20%"],
    ["两江新区专项资金", "政府资金", "3,000", "15%"],
    ["氢能产业基金", "社会资本", "5,000", "25%"],
    ["合计", "", "20,000", "100%"],
]
USE_ROWS = [
    ["支出科目", "金额（万元）", "说明"],
    ["设备购置", "12,000", "电堆测试台架等"],
    ["研发投入", "6,000", ""],
    ["合计", "18,000", ""],  # 2,000 short of the total: F001
]
RISK_ROWS = [["风险类别", "风险描述", "应对措施"], ["技术风险", "电堆寿命不达预期", "并行开发两条技术路线"]]


def _table(document, rows: list[list[str]]):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for cells, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(cells.cells, values, strict=True):
            cell.text = value
    return table


def _facts_table(document, facts: list[tuple[str, str]]) -> None:
    """Two label and value pairs a row, as unit fact sheets are laid out."""
    rows = [[*facts[i], *(facts[i + 1] if i + 1 < len(facts) else ("", ""))] for i in range(0, len(facts), 2)]
    _table(document, rows)


def _item_data(draft: Draft, field: str) -> None:
    document = draft.document
    if field == "units.lead":
        _facts_table(document, LEAD_FACTS)
    elif field == "units.partners":
        _table(document, PARTNER_ROWS)
    elif field == "directions.goals":
        document.add_paragraph("1. 近期目标")
        _table(document, GOAL_ROWS)
        document.add_paragraph("2. 中期目标")
        _table(document, MID_GOAL_ROWS)
    elif field == "construction.location":
        document.add_paragraph("地址：重庆市两江新区金渝大道88号")
        document.add_paragraph("建筑面积：12,000平方米")
    elif field == "construction.schedule":
        document.add_paragraph("建设周期：2025年7月1日至2027年6月30日")
        _table(document, PHASE_ROWS)
    elif field == "construction.funding":
        document.add_paragraph("总投资：20,000 万元")
        _table(document, SOURCE_ROWS)
        _table(document, USE_ROWS)
    elif field == "construction.benefits":
        _table(document, RISK_ROWS)


def form_rows() -> tuple[list[list[str]], dict[str, str]]:
    """The 附件2 form as a person types it: merged level cells, scores as 「4.5分」, a blank row, subtotal rows,
    the bonus and the total; one score above its weight (A002). Returns the rows and the scores by code."""
    system = load_guideline().indicators
    rows = [["一级指标", "二级指标", "三级指标", "权重", "指标值", "佐证说明", "自评分"]]
    scores: dict[str, str] = {}
    for first in system.indicators:
        for second in first.children:
            for third in second.children:
                score = third.weight - 1 if third.weight > 1 else third.weight
                text = f"{score.normalize()}分" if len(scores) % 2 else str(score.normalize())
                if not scores:
                    text = f"{third.weight + 1}分"  # more than the weight allows
                scores[third.code] = text
                rows.append([first.name, second.name, third.name, str(third.weight), "", "见佐证材料", text])
        rows.append([first.name, "小计", "", str(first.weight), "", "", ""])
        rows.append(["", "", "", "", "", "", ""])
    for bonus in system.bonus[:1]:
        scores[bonus.code] = "4.5分"
        rows.append([system.bonus_name, system.bonus_name, bonus.name, str(bonus.weight), "1", "", "4.5分"])
    rows.append(["总分", "", "", "", "", "", ""])
    return rows, scores


def _form(document) -> None:
    document.add_page_break()
    document.add_paragraph("附件2")
    document.add_paragraph("重庆市产业创新中心评价指标体系自评表")
    rows, _ = form_rows()
    table = _table(document, rows)
    for column in (0, 1):  # merge the level cells down, as a person does with 「合并单元格」
        start = 1
        for index in range(2, len(rows) + 1):
            if index == len(rows) or rows[index][column] != rows[start][column] or not rows[start][column]:
                if index - 1 > start:
                    merged = table.cell(start, column).merge(table.cell(index - 1, column))
                    merged.text = rows[start][column]
                start = index


def data_tables(folder: Path) -> Path:
    """Tables and labelled lines a person types: a fact sheet of the lead unit, the partners, goals, phases,
    funding, risks, and the 附件2 form with merged cells. A credit code, a budget and a score are wrong."""
    draft = Draft()
    draft.cover()
    _outline(draft, lambda n: f"{n}、", lambda i: f"（{_CN[i - 1]}）", after_item=_item_data)
    _form(draft.document)
    return draft.save(folder / "data-tables.docx")


def _libreoffice(source: Path, kind: str, target: Path) -> Path:
    """`source` converted by LibreOffice to `kind` (doc, pdf), written to `target`."""
    with tempfile.TemporaryDirectory() as work:
        profile = Path(work) / "profile"
        command = [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            kind,
            "--outdir",
            work,
            str(source),
        ]
        subprocess.run(command, capture_output=True, timeout=180, check=True)
        converted = Path(work) / f"{source.stem}.{kind}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(converted, target)
    return target


def word_97(folder: Path) -> Path:
    """A .doc file (Word 97), as older offices still send."""
    source = manual_numbering(folder / "tmp")
    target = _libreoffice(source, "doc", folder / "word-97.doc")
    shutil.rmtree(folder / "tmp")
    return target


def text_pdf(folder: Path) -> Path:
    """A PDF exported from a Word draft: text, no styles."""
    source = heading_styles(folder / "tmp")
    target = _libreoffice(source, "pdf", folder / "exported.pdf")
    shutil.rmtree(folder / "tmp")
    return target


def scanned_pdf(folder: Path) -> Path:
    """A scan: a PDF whose page is a picture (here a grey rectangle), with no text at all."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    ]
    drawing = b"0.8 g 60 60 475 722 re f"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing))
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    start = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    target = folder / "scanned.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(pdf))
    return target


CASES = [
    Case("heading-styles", heading_styles, absent=["C001", "R002"]),
    Case("manual-numbering", manual_numbering, absent=["C001", "R002"]),
    Case("outline-style-items", outline_style_items, absent=["C001", "R002"]),
    Case("number-variants", number_variants, absent=["C001", "R002"]),
    Case("automatic-numbering", automatic_numbering, absent=["C001", "R002"]),
    Case(
        "reworded-reordered-missing",
        reworded_reordered_missing,
        expected=[("C001", "background.key_problems"), ("C001", "construction.content"), ("R002", "")],
    ),
    Case("mixed-formatting", mixed_formatting, absent=["C001", "R002"]),
    Case("page-breaks-and-text-boxes", page_breaks_and_text_boxes, absent=["C001", "R002", "C006"]),
    Case("chinese-style-ids", chinese_style_ids, absent=["C001", "R002"]),
    Case("cover-in-a-table", cover_in_a_table, absent=["C001", "R002", "D001"]),
    Case("word-97", word_97, absent=["C001", "R002"]),
    Case("exported-pdf", text_pdf, absent=["C001"]),
    Case("scanned-pdf", scanned_pdf, expected=[("L015", "")]),
    Case(
        "data-tables",
        data_tables,
        expected=[("U003", "units.partners[1].credit_code"), ("F001", ""), ("A002", "")],
        absent=["C001", "R002", "E001"],
    ),
]


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "word-drafts")
    for case in CASES:
        print(case.write(out))
