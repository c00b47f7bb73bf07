"""The data inside an item of the outline: its tables (partners, goals, people, phases, funding, risks) and
labelled lines (「地址：」「总投资：」) read into the model's fields. What is read as data leaves the item's prose,
with the caption or sub-heading that only named it; every other block stays prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from proposal_kit.docx_in.blocks import Block, Paragraph, Table
from proposal_kit.docx_in.outline import Heading, alike
from proposal_kit.docx_in.tables import columns_of, facts, labelled, records
from proposal_kit.docx_in.values import number, written_date
from proposal_kit.findings import FieldPath
from proposal_kit.model.sections import (
    BudgetUse,
    Center,
    Comparator,
    FundingSource,
    Goal,
    Person,
    Phase,
    Risk,
    YearAmount,
)
from proposal_kit.model.units import Achievement, Unit

UNIT_ALIASES = {"类型": "kind", "出资": "capital", "出资额": "capital", "角色": "role", "地址": "address"}
_RANGE = re.compile(r"\s*(?:—+|–|~|～|至|到)\s*|\s*-\s*(?=\d{4}\D)")  # a hyphen only before a year
_COMPARATOR = re.compile(
    r"^\s*(≥|>=|＞＝|不低于|不少于|大于等于|≤|<=|＜＝|不高于|不超过|不多于|小于等于|=|＝|达到)?\s*"
)
_COMPARATORS = {">=": "≥", "＞＝": "≥", "不低于": "≥", "不少于": "≥", "大于等于": "≥"}
_COMPARATORS |= {"<=": "≤", "＜＝": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤", "小于等于": "≤"}
_COMPARATORS |= {"＝": "=", "达到": "="}
_FUNDS_INTRO = re.compile(r"^除牵头单位外，参加组建的单位共\s*\d+\s*家")


def _goal_target(text: str) -> dict[str, Any]:
    """「≥85%」 → comparator, target and unit."""
    text = text.strip()
    if not text:
        return {}
    sign = _COMPARATOR.match(text)
    comparator = _COMPARATORS.get(sign[1], sign[1]) if sign and sign[1] else Comparator.AT_LEAST.value
    found = number(text)
    if found is None:
        return {"target": text}
    return {"comparator": comparator, "target": found, **_unit_after(text)}


def _unit_after(text: str) -> dict[str, str]:
    unit = re.sub(r"^.*?\d[\d,，]*(?:\.\d+)?\s*", "", text, count=1).strip()
    return {"unit": unit} if unit else {}


def _baseline(text: str) -> dict[str, Any]:
    found = number(text) if text.strip() else None
    return {} if found is None else {"baseline": found, **_unit_after(text)}


def _period(text: str) -> dict[str, Any]:
    """「2025年4月1日—2026年6月30日」 → start and end."""
    parts = [p for p in _RANGE.split(text.strip()) if p.strip()]
    dates = [written_date(p, end=index == len(parts) - 1 and index > 0) for index, p in enumerate(parts)]
    found = {}
    if dates and dates[0]:
        found["start"] = dates[0]
    if len(dates) > 1 and dates[-1]:
        found["end"] = dates[-1]
    return found


def _milestones(text: str) -> dict[str, Any]:
    items = [m.strip() for m in re.split(r"[；;\n]", text) if m.strip()]
    return {"milestones": items} if items else {}


@dataclass(frozen=True)
class Rows:
    """A table of records: where they go, their model, the field a row cannot lack, and column aliases."""

    path: FieldPath
    model: type[BaseModel]
    key: str
    aliases: dict[str, str] = field(default_factory=dict)
    special: dict[str, Any] = field(default_factory=dict)
    titles: tuple[str, ...] = ()  # the sub-headings or captions that name the table
    least: int = 2  # columns that must name fields (more where a grid of facts could pass for a header)


@dataclass(frozen=True)
class Facts:
    """A grid of label and value pairs describing one record."""

    path: FieldPath
    model: type[BaseModel]
    aliases: dict[str, str] = field(default_factory=dict)
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Label:
    """A paragraph 「label：text」 holding one or more fields."""

    label: str
    path: FieldPath
    read: Any = None  # text → dict of fields under `path`; None: the text is the value at `path`


def _money(name: str) -> Any:
    return lambda text: {name: found} if (found := number(text)) is not None else {}


GOAL_SPECIAL = {"target": _goal_target, "baseline": _baseline}
GOAL_ALIASES = {"目标值": "target", "现状值": "baseline", "指标": "metric", "指标名称": "metric"}
SPECS: dict[str, list[Rows | Facts | Label]] = {
    "abstract": [Facts(("center",), Center, {"名称": "name"}, ("创新中心基本情况",))],
    "units.lead": [
        Facts(("units", "lead"), Unit, UNIT_ALIASES),
        Label("贡献说明", ("units", "lead", "contribution_note")),
    ],
    "units.achievements": [
        Rows(("units", "achievements", "items"), Achievement, "title", {"成果": "title", "简介": "description"})
    ],
    "directions.goals": [
        Rows(("directions", "goals", "near_term"), Goal, "metric", GOAL_ALIASES, GOAL_SPECIAL, ("近期目标",)),
        Rows(("directions", "goals", "mid_term"), Goal, "metric", GOAL_ALIASES, GOAL_SPECIAL, ("中期目标",)),
    ],
    "organization.personnel": [
        Rows(
            ("organization", "personnel", "key_people"),
            Person,
            "name",
            {"在中心担任": "role", "人才计划": "programme", "职务": "title", "职称": "title"},
            titles=("主要技术带头人和管理人员",),
        )
    ],
    "construction.location": [
        Label("地址", ("construction", "location", "address")),
        Label("建设地址", ("construction", "location", "address")),
        Label("建筑面积", ("construction", "location"), _money("floor_area")),
    ],
    "construction.schedule": [
        Label("建设周期", ("construction", "schedule"), _period),
        Rows(
            ("construction", "schedule", "phases"),
            Phase,
            "name",
            {"阶段": "name", "起止时间": "period", "时间": "period", "里程碑": "milestones"},
            {"period": _period, "milestones": _milestones},
            ("阶段安排",),
        ),
    ],
    "construction.funding": [
        Label("总投资", ("construction", "funding"), _money("total")),
        Rows(
            ("construction", "funding", "sources"),
            FundingSource,
            "name",
            {"资金来源": "name", "来源": "name", "类别": "kind"},
            titles=("资金来源",),
        ),
        Rows(("construction", "funding", "uses"), BudgetUse, "item", {"科目": "item"}, titles=("资金使用",)),
        Rows(
            ("construction", "funding", "by_year"),
            YearAmount,
            "year",
            {"年度": "year", "年份": "year"},
            titles=("分年度投资",),
        ),
    ],
    "construction.benefits": [Rows(("construction", "risks", "items"), Risk, "category", {"类别": "category"})],
    "units.partners": [Rows(("units", "partners"), Unit, "name", UNIT_ALIASES, least=3)],
}
#: What the section on one partner holds, under ("unit",).
PARTNER_SPECS: list[Rows | Facts | Label] = [
    Facts(("unit",), Unit, UNIT_ALIASES),
    Label("贡献说明", ("unit", "contribution_note")),
]


@dataclass
class Taken:
    """What an item's blocks hold: values by path, and the blocks left as its prose."""

    values: dict[FieldPath, Any] = field(default_factory=dict)
    prose: list[Block] = field(default_factory=list)
    rows: dict[FieldPath, str] = field(default_factory=dict)  # (*path, index) → 「表2 第3行」
    tables: int = 0


def take(
    part: str, blocks: list[Block], inner: dict[int, Heading], specs: list[Rows | Facts | Label] | None = None
) -> Taken:
    """The data the specs of `part` (or `specs`) find in its blocks, and the rest as prose."""
    specs = SPECS.get(part, []) if specs is None else specs
    taken = Taken()
    heading_title = ""
    for block in blocks:
        if block.index in inner:
            heading_title = inner[block.index].title
        if isinstance(block, Table):
            taken.tables += 1
        if isinstance(block, Table) and _table(block, specs, heading_title, taken):
            _drop_title(taken.prose, inner)
            continue
        if isinstance(block, Paragraph) and block.index not in inner and _label(block, specs, taken):
            continue
        if part == "units.partners" and isinstance(block, Paragraph) and _FUNDS_INTRO.match(block.text):
            continue
        taken.prose.append(block)
    return taken


def _table(table: Table, specs: list[Rows | Facts | Label], heading: str, taken: Taken) -> bool:
    candidates = []
    for spec in specs:
        if isinstance(spec, Rows):
            columns = columns_of(table, spec.model, spec.aliases | {k: k for k in spec.special})
            if spec.key in columns.values() and len(columns) >= spec.least:
                candidates.append((len(columns), _named_by(spec.titles, heading), spec, columns))
        elif isinstance(spec, Facts) and (found := facts(table, spec.model, spec.aliases)):
            taken.values[spec.path] = {**taken.values.get(spec.path, {}), **found}
            return True
    if not candidates:
        return False
    _, _, spec, columns = max(candidates, key=lambda c: (c[1], c[0]))
    rows = records(table, spec.model, columns, spec.special)
    before = taken.values.get(spec.path, [])
    for index, (row, _) in enumerate(rows, len(before)):
        taken.rows[(*spec.path, index)] = f"表{taken.tables} 第{row}行"
    taken.values[spec.path] = before + [record for _, record in rows]
    return True


def _named_by(titles: tuple[str, ...], heading: str) -> bool:
    return any(alike(t, heading) >= 0.8 for t in titles)


def _label(block: Paragraph, specs: list[Rows | Facts | Label], taken: Taken) -> bool:
    found = labelled(block)
    if not found:
        return False
    label, text = found
    for spec in specs:
        if isinstance(spec, Label) and label == spec.label:
            values = spec.read(text) if spec.read else {spec.path[-1]: text}
            path = spec.path if spec.read else spec.path[:-1]
            if values:
                taken.values[path] = {**taken.values.get(path, {}), **values}
                return True
    return False


_CAPTION_CHARS = 30


def _drop_title(prose: list[Block], inner: dict[int, Heading]) -> None:
    """Drop the caption and the sub-heading right above a table read as data: they only named it."""
    while prose and isinstance(prose[-1], Paragraph):
        text = prose[-1].text.strip()
        caption = len(text) <= _CAPTION_CHARS and not re.search(r"[。；：:]$", text) and "。" not in text
        if not caption:
            return
        prose.pop()
        if prose and prose[-1].index in inner and isinstance(prose[-1], Paragraph):
            continue
        return


_ATTACHMENT_TITLE_CHARS = 80


def attachments(blocks: list[Block], inner: dict[int, Heading], one: bool = False) -> list[dict[str, Any]]:
    """The attachments an item lists: a short line without a full stop (or a sub-heading) names one, the
    paragraphs below it are its summary, 「文件：」 its file. Where the item holds `one`, its first line is
    the title and the rest its summary."""
    found: list[dict[str, Any]] = []
    summary: list[str] = []
    for block in blocks:
        if not isinstance(block, Paragraph):
            continue
        label = labelled(block)
        if found and label and label[0] == "文件":
            found[-1]["file"] = label[1]
            continue
        title = inner[block.index].title.strip() if block.index in inner else block.text.strip()
        short = len(title) <= _ATTACHMENT_TITLE_CHARS and not title.endswith("。")
        if (one and not found) or (not one and (block.index in inner or short)):
            _summarise(found, summary)
            found.append({"title": title})
        elif found:
            summary.append(block.markdown or block.text)
    _summarise(found, summary)
    return found


def _summarise(found: list[dict[str, Any]], summary: list[str]) -> None:
    if found and summary:
        found[-1]["summary"] = "\n\n".join(summary)
    summary.clear()
