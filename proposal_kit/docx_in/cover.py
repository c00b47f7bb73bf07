"""The cover of a Word draft: the centre's name, the units and the date, as people lay them out (「牵头单位：」
with either colon, labels spaced out as 「牵 头 单 位」, or a borderless table of label and value)."""

from __future__ import annotations

import re
from datetime import date

from proposal_kit.docx_in.blocks import Block, Paragraph

_CENTER = re.compile(r"重庆市\S{1,40}?产业创新中心")
_LABELS = {"牵头单位": "lead_unit", "共建单位": "partners", "组建单位": "partners", "主管单位": "competent_unit"}
_LABEL = re.compile(r"^\s*(" + "|".join(r"\s*".join(label) for label in _LABELS) + r")\s*[：:]\s*(.*)$")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CHINESE_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月(?:([一二三四五六七八九十]{1,3})日)?"
)
_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def read_cover(blocks: list[Block]) -> dict[str, object]:
    """What the cover says: name, lead_unit, partners (a list), competent_unit, prepared_on (a date)."""
    found: dict[str, object] = {}
    for block in blocks:
        lines = _lines(block)
        for line in lines:
            _read_line(line, found)
    return found


def _lines(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return block.text.split("\n")
    rows = []
    for row in block.rows:  # a label in one cell, its value in the next
        cells = [c for c in row if c.strip()]
        if len(cells) >= 2:
            rows.append(f"{cells[0]}：{cells[1]}")
    return rows


def _read_line(line: str, found: dict[str, object]) -> None:
    match = _LABEL.match(line)
    if match:
        key = _LABELS[re.sub(r"\s+", "", match[1])]
        value = match[2].strip().rstrip("。")
        if key == "partners":
            names = [n.strip() for n in re.split(r"[、，,；;]", value) if n.strip()]
            found.setdefault("partners", [])
            found["partners"] += names  # type: ignore[operator]
        elif value:
            found.setdefault(key, value)
        return
    if "name" not in found and (center := _CENTER.search(line)):
        found["name"] = center.group()
        return
    when = cover_date(line)
    if when and "prepared_on" not in found:
        found["prepared_on"] = when


def cover_date(line: str) -> date | None:
    """「2025年3月1日」 or 「二〇二五年三月」 (the first of the month) as a date; None where it is no date."""
    match = _DATE.search(line)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        match = _CHINESE_DATE.search(line)
        if match:
            year = int("".join(str(_DIGIT[c]) for c in match[1]))
            return date(year, _small(match[2]), _small(match[3]) if match[3] else 1)
    except ValueError:
        return None
    return None


def _small(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _DIGIT[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _DIGIT[tens] * 10 + (_DIGIT[ones] if ones else 0)
    return _DIGIT[text]
