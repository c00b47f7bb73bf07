"""Tables and labelled lines a reviewer reads as data, read into records of the model: a table whose header
names the fields of a record (「单位名称 类型 统一社会信用代码 …」), a grid of label and value pairs
(「项目 内容 项目 内容」), and a paragraph 「总投资：32,000 万元」. Columns are known by the model's own titles,
with their units (「（万元）」) aside, and by the short titles documents use (「类型」 for 单位类型)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from proposal_kit.docx_in.blocks import Block, Paragraph, Table
from proposal_kit.docx_in.outline import alike, normalised
from proposal_kit.docx_in.values import value_for

_UNIT = re.compile(r"[（(][^）)]{0,8}[）)]$")
_TOTAL_ROW = re.compile(r"^(合计|小计|总计|共计)[：:]?$")
_LABELLED = re.compile(r"^\s*([^：:]{1,16})[：:]\s*(.+)$", re.DOTALL)
#: How alike a column title must be to a field's title to name that field.
COLUMN_ALIKE = 0.75
SKIPPED_COLUMNS = {"序号", "编号", "占比", "比例", "备注"}


def column_title(text: str) -> str:
    """A column or label title without spaces, its unit and a trailing colon: 「出资（万元）」 → 「出资」."""
    text = re.sub(r"\s+", "", text).rstrip("：:")
    return _UNIT.sub("", text) or text


def field_named(model: type[BaseModel], title: str, aliases: dict[str, str] | None = None) -> str | None:
    """The field of `model` that a column or label titled `title` holds, by alias, title or likeness."""
    title = column_title(title)
    if not title or title in SKIPPED_COLUMNS:
        return None
    if aliases and title in aliases:
        return aliases[title]
    titles = {name: column_title(info.title or name) for name, info in model.model_fields.items()}
    for name, wanted in titles.items():
        if normalised(wanted) == normalised(title):
            return name
    score, name = max((alike(title, wanted), name) for name, wanted in titles.items())
    return name if score >= COLUMN_ALIKE else None


def columns_of(table: Table, model: type[BaseModel], aliases: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → field name, by the table's first row; {} unless at least two columns name fields."""
    if not table.rows:
        return {}
    named = {i: field_named(model, cell, aliases) for i, cell in enumerate(table.rows[0])}
    columns = {i: name for i, name in named.items() if name}
    return columns if len(set(columns.values())) >= 2 else {}


def records(
    table: Table, model: type[BaseModel], columns: dict[int, str], special: dict[str, Any] | None = None
) -> list[tuple[int, dict[str, Any]]]:
    """The rows below the header as records of `model`, each with its row in the table (the header is row
    1); blank rows and total rows (「合计」) left out. `special` reads a field its own way: name →
    function(text) returning a dict of fields."""
    found = []
    for number, row in enumerate(table.rows[1:], 2):
        filled = [c.strip() for c in row if c.strip()]
        if not filled or _TOTAL_ROW.match(re.sub(r"\s+", "", filled[0])):
            continue
        record: dict[str, Any] = {}
        for index, name in columns.items():
            text = row[index] if index < len(row) else ""
            if special and name in special:
                record.update(special[name](text))
                continue
            value = value_for(model, name, text)
            if value is not None:
                record[name] = value
        if record:
            found.append((number, record))
    return found


def facts(table: Table, model: type[BaseModel], aliases: dict[str, str] | None = None) -> dict[str, Any]:
    """A grid of label and value pairs (two or more pairs a row, or one) as fields of `model`; {} unless at
    least two labels name fields."""
    found: dict[str, Any] = {}
    for row in table.rows:
        cells = list(row)
        for index in range(0, len(cells) - 1, 2):
            name = field_named(model, cells[index], aliases)
            if name and name not in found:
                value = value_for(model, name, cells[index + 1])
                if value is not None:
                    found[name] = value
    return found if len(found) >= 2 else {}


def labelled(block: Block) -> tuple[str, str] | None:
    """(label, text) of a paragraph 「label：text」 with a short label; None otherwise."""
    if not isinstance(block, Paragraph):
        return None
    match = _LABELLED.match(block.text)
    return (column_title(match[1]), match[2].strip()) if match else None
