"""The page the template sets and the renderer fills (GB/T 9704-2012): measures in twips, fonts, the list
numbering definitions. templates/make_template.py builds the template from these; render/ lays out to them."""

from __future__ import annotations

LINE_PITCH = 579  # twips: 28.95 pt, 22 lines in the 225 mm type area
TEXT_WIDTH = 8844  # twips: the 156 mm type area
CHAR = 320  # twips: one 16 pt character, the body's indent unit
CELL_MARGIN = 85  # twips: the table style's left and right cell margins, each
CELL_PADDING = 2 * CELL_MARGIN
# Paragraphs in one document, those in table cells included: about 2,000 pages. Parsing a document of more
# takes a build past 350 MB (10,000 partners: 190,000 paragraphs, 680 MB).
MAX_PARAGRAPHS = 50_000

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"

#: Ordered lists: w:abstractNumId LIST_NUMBERING + the level of their first numbers, one definition per level
#: from 「（一）」 (2) to 「①」 (5), each level's number format and text.
LIST_NUMBERING = 90
LIST_LEVELS = {
    2: ("chineseCounting", "（%{n}）"),
    3: ("decimal", "%{n}."),
    4: ("decimal", "（%{n}）"),
    5: ("decimalEnclosedCircle", "%{n}"),
}
