"""Tables written in the prose that add up: a 「合计」 row is the sum of the rows above it, and a 「总收入」 or
「合计」 column the sum of the columns that follow it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from proposal_kit.findings import Severity
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import all_texts, number

_TOTAL = re.compile(r"^(合计|总计|共计|总收入|总额|总投资)(（[^）]*）)?$")
_NUMBER = re.compile(r"^-?\d[\d,]*(\.\d+)?$")
_SHARE = re.compile(r"占比|比例|比重|%|增长|增速")


def tables(text: str) -> Iterator[tuple[int, list[list[str]]]]:
    """(line of the header, rows of cells) of each Markdown table in a text, the rule line left out."""
    rows: list[list[str]] = []
    start = 0
    for index, line in enumerate([*text.split("\n"), ""]):
        if line.strip().startswith("|"):
            if not rows:
                start = index
            cells = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                rows.append(cells)
        elif rows:
            yield start, rows
            rows = []


def _value(cell: str) -> Decimal | None:
    return number(cell) if _NUMBER.match(cell) else None


def _places(values: list[Decimal]) -> int:
    return max((-v.as_tuple().exponent for v in values if isinstance(v.as_tuple().exponent, int)), default=0)


def _off(parts: list[Decimal], total: Decimal) -> bool:
    """Whether `parts` do not add up to `total`: exactly for whole numbers, within the rounding of each figure
    (half a unit of its last decimal) for decimals."""
    places = _places([*parts, total])
    slack = Decimal(1).scaleb(-places) * (len(parts) + 1) / 2 if places else Decimal(0)
    return abs(sum(parts, Decimal(0)) - total) > slack


def _row_totals(rows: list[list[str]], start: int) -> Iterator[tuple[int, str]]:
    header, body = rows[0], rows[1:]
    for position, row in enumerate(body):
        if not row or not _TOTAL.match(row[0]) or row[0].startswith(("总收入", "总额", "总投资")):
            continue
        above = body[:position]
        for column in range(1, len(row)):
            total = _value(row[column])
            cells = [r[column] for r in above if column < len(r) and r[column] not in ("", "—", "-", "/")]
            parts = [v for cell in cells if (v := _value(cell)) is not None]
            if len(parts) < len(cells):
                continue  # a cell that is not a number (C005 reports 「待补充」): nothing to add up
            title = header[column] if column < len(header) else ""
            if total is not None and len(parts) >= 2 and not _SHARE.search(title) and _off(parts, total):
                yield (
                    start + position + 2,
                    f"表中「{title}」一列各行之和为 {amount(sum(parts))}，「{row[0]}」行写 {row[column]}",
                )


def _column_totals(rows: list[list[str]], start: int) -> Iterator[tuple[int, str]]:
    header = rows[0]
    for column, title in enumerate(header):
        if not _TOTAL.match(title):
            continue
        following = []
        for other in range(column + 1, len(header)):
            if _SHARE.search(header[other]):
                break
            following.append(other)
        if len(following) < 2:
            continue
        for position, row in enumerate(rows[1:]):
            total = _value(row[column]) if column < len(row) else None
            parts = [v for c in following if c < len(row) and (v := _value(row[c])) is not None]
            if total is not None and len(parts) == len(following) and _off(parts, total):
                yield (
                    start + position + 2,
                    f"表中「{row[0]}」一行的「{title}」写 {row[column]}，各分项之和为 {amount(sum(parts))}",
                )


@rule("X009", "table-total", Severity.ERROR, "附件1")
def table_total(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文表格中的合计与各项之和不符。

    「合计」行是上面各行之和；「总收入」「合计」列是其后各分项列之和（占比列除外）。
    错误示例：设备表各行之和 49,200，合计行写 47,200。正确示例：改了一行，合计一并改。
    """
    for path, text in all_texts(proposal):
        for start, rows in tables(text):
            for line, message in [*_row_totals(rows, start), *_column_totals(rows, start)]:
                yield path, message, line
