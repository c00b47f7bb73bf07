"""Generate proposal_kit/templates/proposal.docx, the docxtpl template of the official-format proposal (GB/T 9704-2012).

Run ``python templates/make_template.py`` (``make template``); the committed template is this script's output
and a test regenerates it and compares. Styles, not direct formatting, carry the look, so district staff can
restyle the template in Word and pass it with ``--template``. Numbers: A4; margins 37/35/28/26 mm; a grid of
22 lines × 28 characters (line pitch 579 twips, body characters condensed 0.25 pt); body 16 pt 仿宋_GB2312.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.shared import Mm

from proposal_kit.layout import (
    CELL_MARGIN,
    CHAR,
    FANGSONG,
    HEITI,
    KAITI,
    LINE_PITCH,
    LIST_LEVELS,
    LIST_NUMBERING,
    SONGTI,
    TEXT_WIDTH,
    XIAOBIAOSONG,
)

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE.parent / "proposal_kit" / "templates" / "proposal.docx"

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _fonts(east_asia: str, latin: str | None = None) -> str:
    """Fonts for every script; Latin text defaults to the East Asian font, as Word's 「西文使用中文字体」 does,
    so quotes, dashes and digits take the Chinese font's full-width forms without per-run hints."""
    latin = latin or east_asia
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'


def paragraph_style(
    style_id: str,
    name: str,
    *,
    east_asia: str = FANGSONG,
    latin: str | None = None,
    size: float = 16,
    bold: bool = False,
    jc: str = "both",
    first_line_chars: int = 200,
    left_chars: int = 0,
    hanging_chars: int = 0,
    line: int | None = LINE_PITCH,
    snap: bool = True,
    outline: int | None = None,
    keep_next: bool = False,
    condensed: bool = True,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    tabs: str = "",
    before: int = 0,
    after: int = 0,
    page_break_before: bool = False,
) -> str:
    """The XML of one paragraph style; every measure spelled out so the style stands on its own."""
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    if not snap:
        ppr.append('<w:snapToGrid w:val="0"/>')
    if tabs:
        ppr.append(f"<w:tabs>{tabs}</w:tabs>")
    rule = f'w:line="{line}" w:lineRule="exact"' if line else 'w:line="240" w:lineRule="auto"'
    ppr.append(f'<w:spacing w:before="{before}" w:after="{after}" {rule}/>')
    indent = (
        f'w:firstLineChars="{first_line_chars}" w:firstLine="{first_line_chars * CHAR // 100}"'
        if first_line_chars
        else 'w:firstLine="0"'
    )
    if hanging_chars:
        indent = f'w:hangingChars="{hanging_chars}" w:hanging="{hanging_chars * CHAR // 100}"'
    left = f'w:leftChars="{left_chars}" w:left="{left_chars * CHAR // 100}"' if left_chars else 'w:left="0"'
    ppr.append(f'<w:ind {left} w:right="0" {indent}/>')
    ppr.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        ppr.append(f'<w:outlineLvl w:val="{outline}"/>')
    rpr = [_fonts(east_asia, latin)]
    rpr.append("<w:b/><w:bCs/>" if bold else '<w:b w:val="0"/><w:bCs w:val="0"/>')
    rpr.append('<w:color w:val="000000"/>')
    if condensed:
        rpr.append('<w:spacing w:val="-5"/>')
    half_points = round(size * 2)
    rpr.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return (
        f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_style}"/>' if next_style else "")
        + "<w:qFormat/><w:pPr>"
        + "".join(ppr)
        + "</w:pPr><w:rPr>"
        + "".join(rpr)
        + "</w:rPr></w:style>"
    )


def off_grid(style_id: str, name: str, **options: Any) -> str:
    """A style for text set off the line grid at its own size: tables, the form, captions."""
    return paragraph_style(style_id, name, first_line_chars=0, line=None, snap=False, condensed=False, **options)


TABLE_STYLE = f"""<w:style {W} w:type="table" w:customStyle="1" w:styleId="PKTable"><w:name w:val="PK Table"/>
<w:tblPr><w:jc w:val="center"/><w:tblBorders>
<w:top w:val="single" w:sz="6" w:space="0" w:color="000000"/><w:left w:val="single" w:sz="6" w:space="0" w:color="000000"/>
<w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/><w:right w:val="single" w:sz="6" w:space="0" w:color="000000"/>
<w:insideH w:val="single" w:sz="4" w:space="0" w:color="000000"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="000000"/>
</w:tblBorders><w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:bottom w:w="28" w:type="dxa"/>
<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>"""

TOC_TAB = f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/>'
CHARACTER_STYLES = (
    f"""<w:style {W} w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr/></w:style>"""
)

STYLES = [
    paragraph_style("Normal", "Normal", based_on=None),
    paragraph_style("Heading1", "heading 1", east_asia=HEITI, outline=0, keep_next=True, next_style="Normal"),
    paragraph_style("Heading2", "heading 2", east_asia=KAITI, outline=1, keep_next=True, next_style="Normal"),
    paragraph_style("Heading3", "heading 3", bold=True, outline=2, keep_next=True, next_style="Normal"),
    paragraph_style("Heading4", "heading 4", outline=3, keep_next=True, next_style="Normal"),
    # 「（一）」 headings an author writes inside a chapter without items (the abstract): not in the TOC
    paragraph_style("ProseHeading2", "Prose Heading 2", east_asia=KAITI, keep_next=True, next_style="Normal"),
    off_grid("Title", "Title", east_asia=XIAOBIAOSONG, size=22, jc="center", after=LINE_PITCH),
    off_grid("CoverTitle", "Cover Title", east_asia=XIAOBIAOSONG, size=26, jc="center", before=120, after=120),
    paragraph_style(
        "CoverInfo",
        "Cover Info",
        east_asia=KAITI,
        jc="left",
        first_line_chars=0,
        left_chars=700,
        hanging_chars=500,
        condensed=False,
    ),
    paragraph_style("CoverDate", "Cover Date", jc="center", first_line_chars=0, condensed=False),
    off_grid(
        "TOCHeading",
        "TOC Heading",
        east_asia=XIAOBIAOSONG,
        size=22,
        jc="center",
        after=LINE_PITCH,
        page_break_before=True,
    ),
    paragraph_style("TOC1", "toc 1", east_asia=HEITI, first_line_chars=0, tabs=TOC_TAB),
    paragraph_style("TOC2", "toc 2", first_line_chars=0, left_chars=200, tabs=TOC_TAB),
    paragraph_style(
        "AttachmentLabel", "Attachment Label", east_asia=HEITI, jc="left", first_line_chars=0, page_break_before=True
    ),
    # List items are body paragraphs (GB/T 9704 has no bullets); ordered ones carry the next level's numbers.
    paragraph_style("ListBullet", "List Bullet"),
    paragraph_style("ListNumber", "List Number"),
    off_grid("TableText", "Table Text", size=12, jc="left"),
    off_grid("TableNumber", "Table Number", size=12, jc="right"),
    off_grid("TableHeading", "Table Heading", east_asia=HEITI, size=12, jc="center"),
    off_grid(
        "TableCaption", "Table Caption", east_asia=HEITI, size=14, jc="center", keep_next=True, before=120, after=60
    ),
    # A figure drawn from the data: centred on a line of its own height, kept with its caption below it.
    off_grid("Figure", "Figure", jc="center", keep_next=True, before=120),
    off_grid("FigureCaption", "Figure Caption", size=12, jc="center", after=120),
    # Half a line of space between a table and the text around it.
    paragraph_style(
        "TableGap", "Table Gap", size=8, first_line_chars=0, line=LINE_PITCH // 2, snap=False, condensed=False
    ),
    off_grid("FormText", "Form Text", size=10.5, jc="left"),
    off_grid("FormNumber", "Form Number", size=10.5, jc="right"),
    off_grid("FormHeading", "Form Heading", east_asia=HEITI, size=10.5, jc="center"),
    paragraph_style(
        "Footer",
        "footer",
        east_asia=SONGTI,
        latin=SONGTI,
        size=14,
        jc="right",
        first_line_chars=0,
        line=None,
        snap=False,
        condensed=False,
    ),
]

# overflowPunct: LibreOffice reads w:overflowPunct="1" as hanging punctuation OFF (the reverse of Word, for which
# "1" is its default, so Word and WPS are unchanged). Hanging marks can vanish from LibreOffice's PDF export
# (measured: 11 of 129 paragraphs); the converter's macro also switches it off, whatever LibreOffice's version.
DOC_DEFAULTS = f"""<w:docDefaults {W}><w:rPrDefault><w:rPr>{_fonts(FANGSONG)}<w:sz w:val="32"/><w:szCs w:val="32"/>
<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:overflowPunct w:val="1"/><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
</w:pPrDefault></w:docDefaults>"""


# Ordered lists take the numbers of the level below the heading they sit under: 「（一）」 under 「一、」, 「1.」
# under 「（一）」, 「（1）」 under 「1.」, then 「①」. Each list restarts with a w:num of its own. The number is
# followed by a space after 「1.」 only.
def _list_level(ilvl: int, level: int) -> str:
    number_format, text = LIST_LEVELS[min(level, 5)]
    suffix = "space" if text.endswith(".") else "nothing"
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{number_format}"/>'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text.format(n=ilvl + 1)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{CHAR * 2 * ilvl}" w:firstLineChars="200" w:firstLine="{CHAR * 2}"/></w:pPr></w:lvl>'
    )


NUMBERING = (
    f"<w:numbering {W}>"
    + "".join(
        f'<w:abstractNum w:abstractNumId="{LIST_NUMBERING + level}"><w:multiLevelType w:val="multilevel"/>'
        + "".join(_list_level(ilvl, level + ilvl) for ilvl in range(3))
        + "</w:abstractNum>"
        for level in LIST_LEVELS
    )
    + "".join(
        f'<w:num w:numId="{LIST_NUMBERING + level}"><w:abstractNumId w:val="{LIST_NUMBERING + level}"/></w:num>'
        for level in LIST_LEVELS
    )
    + "</w:numbering>"
)


# The fonts the document names, each with the font Word and WPS should use where it is not installed
# (w:altName), and the GB2312 character set and PANOSE class that guide their own substitution.
FONTS = (
    # name, alternative, PANOSE, pitch
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "fixed"),
    ("仿宋", "FangSong", "02010609060101010101", "fixed"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "fixed"),
    ("黑体", "SimHei", "02010609060101010101", "fixed"),
    ("方正小标宋简体", "华文中宋", "02000000000000000000", "variable"),
    ("华文中宋", "宋体", "02010600040101010101", "variable"),
    ("宋体", "SimSun", "02010600030101010101", "variable"),
)
FONT_TABLE = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    + f"<w:fonts {W}>"
    + "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/><w:panose1 w:val="{panose}"/>'
        f'<w:charset w:val="86"/><w:family w:val="{"modern" if pitch == "fixed" else "auto"}"/>'
        f'<w:pitch w:val="{pitch}"/></w:font>'
        for name, alternative, panose, pitch in FONTS
    )
    + "</w:fonts>"
)


def footer_xml(odd: bool) -> str:
    """「— n —」 in 14 pt 宋体: odd pages right-aligned, even pages left-aligned, one character in."""
    jc, side = ("right", "right") if odd else ("left", "left")
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    return (
        f'<w:p {W}><w:pPr><w:pStyle w:val="Footer"/><w:ind w:{side}="280"/><w:jc w:val="{jc}"/></w:pPr>'
        + run.format("— ")
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + run.format(" —")
        + "</w:p>"
    )


TOC_FIELD = f"""<w:p {W}><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>
<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>
<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r>
<w:r><w:t>（打开文档时更新目录）</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>"""


def set_styles(document) -> None:
    styles = document.styles.element
    for child in list(styles):
        styles.remove(child)
    styles.append(parse_xml(DOC_DEFAULTS))
    for xml in [*STYLES, TABLE_STYLE, CHARACTER_STYLES]:
        styles.append(parse_xml(xml))


def set_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)


def set_settings(document) -> None:
    settings = document.settings.element
    settings.append(parse_xml(f"<w:evenAndOddHeaders {W}/>"))
    settings.append(parse_xml(f'<w:updateFields {W} w:val="true"/>'))
    for lang in settings.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}themeFontLang"):
        lang.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "zh-CN")


def set_geometry(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(22)
    sect_pr = section._sectPr
    for grid in sect_pr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}docGrid"):
        sect_pr.remove(grid)
    sect_pr.append(parse_xml(f'<w:docGrid {W} w:type="lines" w:linePitch="{LINE_PITCH}"/>'))


def add(document, style_id: str, text: str = ""):
    paragraph = document.add_paragraph()
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(f"{{{NS}}}val", style_id)
    if text:
        paragraph.add_run(text)
    return paragraph


def build_body(document) -> None:
    for _ in range(3):
        add(document, "CoverDate")
    add(document, "CoverTitle", "{{ center_name }}")
    add(document, "CoverTitle", "组建方案")
    for _ in range(4):
        add(document, "CoverDate")
    add(document, "CoverInfo", "牵头单位：{{ lead_unit }}")
    add(document, "CoverInfo", "共建单位：{{ partner_units }}")
    add(document, "CoverInfo", "主管单位：{{ competent_unit }}")
    for _ in range(3):
        add(document, "CoverDate")
    add(document, "CoverDate", "{{ prepared_on }}")
    add(document, "TOCHeading", "目  录")
    placeholder = add(document, "TOC1")._p
    placeholder.addnext(parse_xml(TOC_FIELD))
    placeholder.getparent().remove(placeholder)
    body = document.add_section(WD_SECTION.NEW_PAGE)
    add(document, "Normal", "{{ body }}")
    set_geometry(document.sections[0])
    set_geometry(body)
    body._sectPr.append(parse_xml(f'<w:pgNumType {W} w:fmt="decimal" w:start="1"/>'))
    body.footer.is_linked_to_previous = False
    body.even_page_footer.is_linked_to_previous = False
    _replace_footer(body.footer, footer_xml(odd=True))
    _replace_footer(body.even_page_footer, footer_xml(odd=False))


def _replace_footer(footer, xml: str) -> None:
    element = footer._element
    for child in list(element):
        element.remove(child)
    element.append(parse_xml(xml))


_DROPPED = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg", "customXml/")


def lean(data: bytes) -> bytes:
    """Drop the parts python-docx's default template carries that the proposal never uses; fix dates for a stable file."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in sorted(source.namelist()):
            if item.startswith(_DROPPED):
                continue
            content = source.read(item)
            if item.endswith(".rels") or item == "[Content_Types].xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r'<Relationship [^>]*Target="[^"]*(stylesWithEffects|thumbnail|customXml)[^"]*"/>', "", text
                )
                text = re.sub(r'<Override PartName="/(word/stylesWithEffects|customXml)[^>]*/>', "", text)
                content = text.encode("utf-8")
            if item == "word/fontTable.xml":
                content = FONT_TABLE.encode("utf-8")
            if item == "docProps/core.xml":
                content = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", content)
            info = zipfile.ZipInfo(item, date_time=(2024, 5, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()


def make_template() -> bytes:
    document = Document()
    set_styles(document)
    set_numbering(document)
    set_settings(document)
    body = document.element.body
    for child in list(body):
        if not child.tag.endswith("sectPr"):
            body.remove(child)
    build_body(document)
    properties = document.core_properties
    properties.title = "重庆市产业创新中心组建方案"
    properties.author = properties.last_modified_by = ""
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return lean(buffer.getvalue())


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE
    target.write_bytes(make_template())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
