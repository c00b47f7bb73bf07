"""Word's automatic numbering resolved to the text a reader sees: 「一、」, 「（二）」, 「3.」. The number is not in
the paragraph's text: it comes from the paragraph's (or its style's) w:numPr, through numbering.xml, counted
in document order per list and level, lower levels restarting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CHINESE = "〇一二三四五六七八九"


def chinese_counting(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if number <= 0:
        return str(number)
    if number < 10:
        return _CHINESE[number]
    if number < 20:
        return "十" + (_CHINESE[number % 10] if number % 10 else "")
    if number < 100:
        return _CHINESE[number // 10] + "十" + (_CHINESE[number % 10] if number % 10 else "")
    rest = number % 100
    tail = "" if not rest else ("零" + chinese_counting(rest) if rest < 10 else chinese_counting(rest))
    return _CHINESE[number // 100] + "百" + tail


def formatted(number: int, kind: str) -> str:
    """`number` in the numFmt `kind`."""
    if kind in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "taiwaneseCounting"):
        return chinese_counting(number)
    if kind in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CHINESE[int(d)] for d in str(number))
    if kind == "decimalEnclosedCircle" or kind == "decimalEnclosedCircleChinese":
        return chr(0x2460 + number - 1) if 1 <= number <= 20 else str(number)
    if kind == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(number))
    if kind in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (number - 1) % 26)
        return letter.upper() if kind == "upperLetter" else letter
    if kind in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if kind == "upperRoman" else roman.lower()
    if kind in ("bullet", "none"):
        return ""
    return str(number)


def _roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"))
    values += ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out, number = out + letters, number - value
    return out


@dataclass
class Level:
    kind: str
    text: str
    start: int


@dataclass
class Numbering:
    """The lists of one document, and how far each has counted."""

    levels: dict[str, dict[int, Level]]  # numId → level → how it is numbered
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, numbering_xml: Any) -> Numbering:
        """The lists defined in numbering.xml (None: a document without lists)."""
        if numbering_xml is None:
            return cls({})
        abstract = {a.get(f"{W}abstractNumId"): _levels(a) for a in numbering_xml.iter(f"{W}abstractNum")}
        lists: dict[str, dict[int, Level]] = {}
        for num in numbering_xml.iter(f"{W}num"):
            reference = num.find(f"{W}abstractNumId")
            levels = dict(abstract.get(reference.get(f"{W}val") if reference is not None else "", {}))
            for override in num.iter(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = override.find(f"{W}startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(old.kind, old.text, int(start.get(f"{W}val", "1")))
            lists[num.get(f"{W}numId")] = levels
        return cls(lists)

    def next(self, num_id: str, ilvl: int) -> str:
        """The number the next paragraph of list `num_id` at level `ilvl` shows: 「（二）」."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.kind in ("bullet", "none"):
            return ""

        def value(match: re.Match[str]) -> str:
            at = int(match[1]) - 1
            shown = counters.get(at, levels[at].start if at in levels else 1)
            return formatted(shown, levels[at].kind if at in levels else "decimal")

        return re.sub(r"%(\d)", value, level.text)


def _levels(abstract: Any) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.iter(f"{W}lvl"):
        kind = lvl.find(f"{W}numFmt")
        text = lvl.find(f"{W}lvlText")
        start = lvl.find(f"{W}start")
        levels[int(lvl.get(f"{W}ilvl", "0"))] = Level(
            kind.get(f"{W}val", "decimal") if kind is not None else "decimal",
            text.get(f"{W}val", "") if text is not None else "",
            int(start.get(f"{W}val", "1")) if start is not None else 1,
        )
    return levels
