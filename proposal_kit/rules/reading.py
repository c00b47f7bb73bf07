"""Reading what a proposal says in its prose, for the rules: every text with its path and lines, how much
of a text is substance, and the numbers and amounts it states."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from proposal_kit.findings import FieldPath
from proposal_kit.memo import remembered
from proposal_kit.model.walk import texts
from proposal_kit.textcount import count_markdown_words

# A line that is a heading: a Markdown heading, or a line of bold text alone (「**（一）概况**」).
_HEADING = re.compile(r"^\s*(#{1,6}\s.*|\*\*[^*]+\*\*[：:]?\s*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# What stands where content should be: 「无」「略」「见附件」「详见正文」「另行制定」「按协议执行」.
_FILLER = re.compile(
    r"^[（(]?(无|暂无|略|同上|待定|待补充|见附件|详见附件|见正文|详见正文|另行制定|按协议执行|按有关规定执行)"
    r"[\w]{0,4}[。.；;）)]?$"
)


def all_texts(proposal: Any) -> list[tuple[FieldPath, str]]:
    """Every text of the proposal with its field path (walked once for all the rules that read it)."""
    return remembered(proposal, "texts", lambda: list(texts(proposal)))


def lines_with(proposal: Any, *words: str) -> Iterator[tuple[FieldPath, int, str]]:
    """(path, index, line) of each line of the proposal's texts that holds one of `words` (a cheap filter
    before the patterns that look for what the words introduce)."""
    pattern = any_of(frozenset(words))
    for path, text in all_texts(proposal):
        if pattern.search(text):
            for index, line in enumerate(text.split("\n")):
                if pattern.search(line):
                    yield path, index, line


@lru_cache(maxsize=256)
def any_of(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)))


def numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """(index, line) of each line of a text, 0 the first."""
    return enumerate(text.split("\n"))


def substance(text: str | None) -> int:
    """The 字 of a text that say something: headings, table rules and filler such as 「略」 do not count."""
    if not text:
        return 0
    kept = [line for line in text.split("\n") if not (_HEADING.match(line) or _TABLE_RULE.match(line))]
    body = "\n".join(kept).strip()
    if _FILLER.match(re.sub(r"\s+", "", body)):
        return 0
    return count_markdown_words(body)


_NUMBER = re.compile(r"\d[\d,，]*(?:\.\d+)?")


def number(text: str) -> Decimal | None:
    """「32,000」 or 「3.2」 as a Decimal; None where it is not a number."""
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def in_wan_yuan(figure: str, unit: str) -> Decimal | None:
    """An amount as written (「3.2」, 「亿元」) in 万元, the unit of the proposal's budget."""
    value = number(figure)
    if value is None:
        return None
    return value * 10000 if unit.startswith("亿") else value


AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元)"

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def count(text: str) -> int | None:
    """A small count as written: 「6」, 「六」, 「十二」, 「两」; None for anything else."""
    if text.isdigit():
        return int(text)
    if text in _DIGITS:
        return _DIGITS[text]
    if text.startswith("十") and len(text) <= 2:
        return 10 + (_DIGITS.get(text[1:], 0) if len(text) == 2 else 0)
    if len(text) in (2, 3) and text[1] == "十" and text[0] in _DIGITS:
        return _DIGITS[text[0]] * 10 + (_DIGITS.get(text[2:], 0) if len(text) == 3 else 0)
    return None


COUNT = r"(\d+|[一二两三四五六七八九十]{1,3})"
