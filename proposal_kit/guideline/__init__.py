"""The guideline 渝发改规范〔2024〕2号 as typed data: the 附件1 outline and the 附件2 indicators."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

GUIDELINE_NUMBER = "渝发改规范〔2024〕2号"
_DATA_PREFIX = "yfggf-2024-2"


@dataclass(frozen=True)
class OutlineItem:
    """One numbered item of a chapter of 附件1, such as 「1. 牵头单位概况」."""

    number: int
    title: str
    field: str
    required: bool
    min_chars: int

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.title}"


@dataclass(frozen=True)
class Chapter:
    """One of the eight chapters of 附件1; a chapter without items is itself one field."""

    number: str
    key: str
    title: str
    items: tuple[OutlineItem, ...]
    note: str = ""
    field: str = ""
    required: bool = True
    min_chars: int = 0

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Outline:
    """The whole 附件1 outline."""

    number: str
    attachment: str
    title: str
    abstract_limit: int
    chapters: tuple[Chapter, ...]

    def leaves(self) -> list[OutlineItem | Chapter]:
        """Every part of the outline that one field answers, in order."""
        return [leaf for c in self.chapters for leaf in (c.items or (c,))]


@dataclass(frozen=True)
class Indicator:
    """One indicator of 附件2 at any level; third-level ones and bonus items have no children."""

    code: str
    name: str
    weight: Decimal
    children: tuple[Indicator, ...] = ()
    unit: str = ""
    counted_from: str = ""

    @property
    def level(self) -> int:
        return self.code.count(".") + 1


@dataclass(frozen=True)
class IndicatorSystem:
    """The whole 附件2 indicator system with its bonus items."""

    number: str
    attachment: str
    title: str
    total: Decimal
    indicators: tuple[Indicator, ...]
    bonus_name: str
    bonus_cap: Decimal
    bonus: tuple[Indicator, ...]

    def third_level(self) -> list[Indicator]:
        return [t for first in self.indicators for second in first.children for t in second.children]

    def scored(self) -> list[Indicator]:
        """Every indicator that gets a self-score: the 27 third-level ones and the bonus items."""
        return self.third_level() + list(self.bonus)

    def by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.scored()}


def _read(kind: str) -> dict:
    text = resources.files(__package__).joinpath("data", f"{_DATA_PREFIX}-{kind}.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _item(raw: dict) -> OutlineItem:
    return OutlineItem(raw["number"], raw["title"], raw["field"], raw["required"], raw["min_chars"])


def _chapter(raw: dict) -> Chapter:
    items = tuple(_item(i) for i in raw["items"])
    extra = {k: raw[k] for k in ("note", "field", "required", "min_chars") if k in raw}
    return Chapter(raw["number"], raw["key"], raw["title"], items, **extra)


def _indicator(raw: dict) -> Indicator:
    children = tuple(_indicator(c) for c in raw.get("children", ()))
    return Indicator(
        raw["code"],
        raw["name"],
        Decimal(str(raw["weight"])),
        children,
        raw.get("unit", ""),
        raw.get("counted_from", ""),
    )


@cache
def outline() -> Outline:
    """The 附件1 outline, read once from the package data."""
    raw = _read("outline")
    chapters = tuple(_chapter(c) for c in raw["chapters"])
    return Outline(raw["number"], raw["attachment"], raw["title"], raw["abstract_limit"], chapters)


@cache
def indicator_system() -> IndicatorSystem:
    """The 附件2 indicator system, read once from the package data."""
    raw = _read("indicators")
    bonus = raw["bonus"]
    return IndicatorSystem(
        raw["number"],
        raw["attachment"],
        raw["title"],
        Decimal(str(raw["total"])),
        tuple(_indicator(i) for i in raw["indicators"]),
        bonus["name"],
        Decimal(str(bonus["cap"])),
        tuple(_indicator(i) for i in bonus["items"]),
    )
