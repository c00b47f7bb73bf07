"""The heading levels of an official document (GB/T 9704-2012 7.3.3): 「一、」, 「（一）」, 「1.」, 「（1）」, and where
each narrative field of a proposal prints among them.

The document prints every chapter of 附件1 under a level-1 heading and every numbered item under a level-2
heading; some items add numbered sub-headings of their own (the four functions, the mechanisms, the benefits).
A field's text sits under the heading printed just before it, so its own headings and ordered lists take the
levels below. The render stage prints exactly this; a test holds the two together.
"""

from __future__ import annotations

import re

from proposal_kit.guideline import Outline

#: The level each heading number belongs to, recognised at the start of a line of text.
TYPED_NUMBERS = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d{1,3}[.．、](?![\d.．])")),
    (4, re.compile(r"^[（(]\d{1,3}[）)]")),
    (5, re.compile(r"^[\u2460-\u2473]")),
)
FIRST_NUMBERS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）", 5: "①"}
LEVEL_NAMES = {0: "标题", 1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题", 5: "五级标题"}

#: The level of the heading the narrative fields inside an item print under, where the item's renderer puts
#: them (its own sub-headings make them level 3); `[]` stands for every item of a list. A narrative field that
#: is itself an item of 附件1 prints under the item's heading (2), a whole chapter's under the chapter's (1).
INSIDE_ITEMS = {
    "units.lead.profile": 2,
    "units.partners[].profile": 3,
    "units.achievements.overview": 2,
    "directions.goals.overview": 2,
    "organization.functions.rd_and_product": 3,
    "organization.functions.commercialization": 3,
    "organization.functions.venture_incubation": 3,
    "organization.functions.ip_operation": 3,
    "organization.personnel.team": 2,
    "organization.mechanisms.operation": 3,
    "organization.mechanisms.talent_incentive": 3,
    "organization.mechanisms.achievement_sharing": 3,
    "organization.mechanisms.collaborative_innovation": 3,
    "organization.mechanisms.talent_service": 3,
    "organization.mechanisms.open_sharing": 3,
    "organization.mechanisms.rd_investment": 3,
    "construction.location.description": 2,
    "construction.schedule.overview": 2,
    "construction.funding.overview": 2,
    "construction.benefits.economic": 3,
    "construction.benefits.social": 3,
    "construction.risks.overview": 3,
    "attachments.charter.summary": 2,
    "attachments.others[].summary": 2,
    "evidence.open_sharing": 3,  # in 附件2, under the evidence's numbered sub-headings
}


def field_levels(outline: Outline) -> dict[str, int]:
    """The level of the heading every narrative field prints under; where a field prints in two places, the
    deeper one, whose numbers are the stricter."""
    levels = {chapter.field: 1 for chapter in outline.chapters if not chapter.items}
    levels.update({item.field: 2 for chapter in outline.chapters for item in chapter.items})
    for field, level in INSIDE_ITEMS.items():
        levels[field] = max(level, levels.get(field, 0))
    return levels


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十: the numbers of 「（一）」 headings."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (CHINESE_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def heading_number(level: int, count: int) -> str:
    """The number of the `count`-th heading at `level`: 「（一）」, 「1. 」, 「（1）」, then 「①」."""
    if level <= 2:
        return f"（{chinese_number(count)}）"
    if level == 3:
        return f"{count}. "
    if level == 4 or count > 20:
        return f"（{count}）"
    return chr(0x2460 + count - 1)


def typed_level(text: str) -> tuple[int, str] | None:
    """The level and the number a line of text starts with, such as (2, 「（一）」), or None."""
    stripped = text.lstrip()
    for level, pattern in TYPED_NUMBERS:
        match = pattern.match(stripped)
        if match:
            return level, match.group()
    return None
