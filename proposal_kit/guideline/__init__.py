"""The guideline as one object read from data: the 附件1 outline, the 附件2 indicators, the figures counted
from the evidence, and the competent units, for each edition (渝发改规范〔2024〕2号 is the package's own).

An edition is a data folder (edition.yaml, outline.yaml, indicators.yaml, competent-units.yaml); `load`
gives the Guideline of the edition a proposal declares, and every stage is handed that object. A new edition
is a new folder, plus a module of counters where it counts figures the others do not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

import yaml

from proposal_kit.exceptions import ProposalKitError

DEFAULT_EDITION = GUIDELINE_NUMBER = "渝发改规范〔2024〕2号"


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

    def chapter(self, key: str) -> Chapter:
        return next(c for c in self.chapters if c.key == key)

    def place(self, field: str) -> str:
        """Where a field answers the outline, as people cite it: 「二.1」, or 「一」 for a whole chapter."""
        for chapter in self.chapters:
            if chapter.field == field:
                return chapter.number
            for item in chapter.items:
                if item.field == field:
                    return f"{chapter.number}.{item.number}"
        raise KeyError(field)

    def item(self, field: str) -> OutlineItem:
        return next(i for c in self.chapters for i in c.items if i.field == field)


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


@dataclass(frozen=True)
class CompetentUnits:
    """Who may submit a proposal (第四条): the districts and counties of Chongqing and its development zones."""

    districts: tuple[str, ...]
    zones: tuple[str, ...]
    aliases: dict[str, str]  # another name of a zone: its name above
    former: dict[str, str]  # a name no longer in use: the district or zone it became
    bodies: tuple[str, ...]  # 「发展和改革委员会」 and the other ways the commission is written

    def places(self) -> dict[str, str]:
        """Every name of a district or zone, aliases included, to the name the list gives it."""
        return {**{name: name for name in (*self.districts, *self.zones)}, **self.aliases}


Counter = Any  # Callable[[Proposal], Decimal | None]; the model lies above this package


@dataclass(frozen=True)
class Guideline:
    """One edition of the guideline, whole."""

    edition: str
    title: str
    outline: Outline
    indicators: IndicatorSystem
    competent_units: CompetentUnits
    counters_module: str

    def counters(self) -> dict[str, Counter]:
        """The functions that count each figure an indicator names in `counted_from`, by name."""
        registry = import_module(self.counters_module).COUNTERS
        return {i.counted_from: registry[i.counted_from] for i in self.indicators.scored() if i.counted_from}

    def counted(self, proposal: Any) -> dict[str, Any]:
        """Each counted figure as the evidence registries of `proposal` give it."""
        return {name: count(proposal) for name, count in self.counters().items()}


class UnknownEdition(ProposalKitError):
    """Raised when a proposal declares an edition of the guideline that no data folder holds."""

    code = "S004"


_FOLDERS: dict[str, Path] = {}


def register(folder: Path) -> str:
    """Make the edition in `folder` known, and return its number (the name proposals declare it by)."""
    edition = _yaml(folder, "edition")["number"]
    _FOLDERS[edition] = folder
    load.cache_clear()
    return edition


def editions() -> list[str]:
    """The numbers of every known edition, the package's own first."""
    return list(_FOLDERS)


@cache
def load(edition: str = DEFAULT_EDITION) -> Guideline:
    """The guideline of `edition`, read once from its data folder."""
    if edition not in _FOLDERS:
        raise UnknownEdition(f"未知的工作指引文号「{edition}」，可用的有：{'、'.join(_FOLDERS)}")
    folder = _FOLDERS[edition]
    meta = _yaml(folder, "edition")
    units = _yaml(folder, "competent-units")
    return Guideline(
        edition,
        meta.get("title", ""),
        _outline(_yaml(folder, "outline")),
        _indicator_system(_yaml(folder, "indicators")),
        CompetentUnits(
            tuple(units["districts"]),
            tuple(units["zones"]),
            dict(units.get("aliases") or {}),
            dict(units.get("former") or {}),
            tuple(units.get("bodies") or ("发展和改革委员会",)),
        ),
        meta["counters"],
    )


def _yaml(folder: Path, name: str) -> dict:
    text = (folder / f"{name}.yaml").read_text("utf-8")
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


def _outline(raw: dict) -> Outline:
    chapters = tuple(_chapter(c) for c in raw["chapters"])
    return Outline(raw["number"], raw["attachment"], raw["title"], raw["abstract_limit"], chapters)


def _indicator_system(raw: dict) -> IndicatorSystem:
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


DATA = Path(__file__).resolve().parent / "data"  # in the installed package, as pip puts it (not importlib.resources:
# that and the zip support it brings cost a start-up 18 ms)

for _folder in sorted(DATA.iterdir(), key=lambda f: f.name):
    if _folder.joinpath("edition.yaml").is_file():
        register(_folder)
