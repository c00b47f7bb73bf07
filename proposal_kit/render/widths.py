"""Table column widths from what the columns hold: nothing that must stay on one line (a credit code, a
number, a date, a name of up to four 字, a unit in brackets) is split, and the room left over goes to the
columns with the most text, the way a browser lays out an automatic table."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Widths in ems of the cell's font, measured in LibreOffice's PDF of the template's table styles: CJK
# characters and full-width forms one em; digits half; Latin letters about half, capitals more; and a
# little space LibreOffice (like Word) adds wherever CJK text meets Latin letters or digits.
_FULL_WIDTH = re.compile(
    r"[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    r"\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)
_NARROW = ",.:;'!|il "
_WIDTHS = {"narrow": 0.28, "capital": 0.68, "other": 0.5}
_SCRIPT_SPACE = 0.2
_SLACK = 0.5  # what a line that must not break keeps in hand: justification, rounding

_UNBREAKABLE = re.compile(
    r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"  # dates: 「2025年12月31日」 never breaks before 「31日」
    r"|[（(][^（）()]{1,6}[）)]"  # a unit or note in brackets: 「（万元）」
    r"|[!-~]+[万亿千百元件项家个人名条台套次%‰]{0,2}"  # Latin, digits and signs, with a unit: 「7,500万元」
    r"|.[，。、；：？！）》”’]"  # a closing mark stays with the character before it
)
SHORT_NAME = 6  # a cell of at most this many 字 (a name, 「高等院校」, 「组建启动期」) is never split


def text_width(text: str) -> float:
    """The width of `text` set on one line, in ems."""
    width, previous = 0.0, None
    for char in text:
        full = bool(_FULL_WIDTH.match(char))
        width += 1.0 if full else _latin_width(char)
        if previous is not None and full != previous and not char.isspace():
            width += _SCRIPT_SPACE
        previous = full
    return width


def _latin_width(char: str) -> float:
    if char in _NARROW:
        return _WIDTHS["narrow"]
    return _WIDTHS["capital"] if char.isupper() else _WIDTHS["other"]


def unbreakable_width(text: str) -> float:
    """The width of the widest part of `text` that must not be split across lines, in ems."""
    text = text.strip()
    if not text:
        return 0.0
    if len(text) <= SHORT_NAME and not any(c.isspace() for c in text):
        return text_width(text) + _SLACK
    widest = max((text_width(m.group()) for m in _UNBREAKABLE.finditer(text)), default=0.0)
    return max(widest, 1.0) + _SLACK


def column_widths(minimums: Sequence[float], wanted: Sequence[float], total: int) -> list[int]:
    """Widths adding up to `total`: each column at least its minimum where they all fit, the rest shared in
    proportion to how much more each column wants; where even the minimums do not fit, they are scaled."""
    minimums = [max(m, 1.0) for m in minimums]
    wanted = [max(w, m) for w, m in zip(wanted, minimums, strict=True)]
    if sum(wanted) <= total:
        shares = [w * total / sum(wanted) for w in wanted]
    elif sum(minimums) <= total:
        spare = total - sum(minimums)
        extra = [w - m for w, m in zip(wanted, minimums, strict=True)]
        shares = [m + spare * e / sum(extra) for m, e in zip(minimums, extra, strict=True)]
    else:
        shares = [m * total / sum(minimums) for m in minimums]
    result = [int(s) for s in shares]
    result[result.index(max(result))] += total - sum(result)
    return result


_TRAILING_UNIT = re.compile(r"^(.+?)([（(][^（）()]{1,6}[）)])$")


def label_width(text: str) -> float:
    """The width a label needs to stay whole, its unit in brackets allowed on a line of its own, in ems."""
    match = _TRAILING_UNIT.match(text.strip())
    parts = [match[1], match[2]] if match else [text]
    return max(text_width(part) for part in parts) + _SLACK


def break_before_unit(text: str, width_ems: float) -> str:
    """`text` with a line break before its closing unit in brackets where it does not fit `width_ems`."""
    match = _TRAILING_UNIT.match(text)
    if match is None or "\n" in text or text_width(text) <= width_ems:
        return text
    return f"{match[1]}\n{match[2]}"
