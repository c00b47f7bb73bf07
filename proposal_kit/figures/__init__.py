"""Figures a reviewer looks at instead of reading, drawn from the proposal's data: the organisation chart
(五.1), the construction schedule (六.3), funding sources and uses (六.4) and the self-assessment profile
(附件2); and the applicant's own images. Each is a 300 dpi PNG with its caption, numbered in document order.
Pillow is imported only when a figure is drawn, so checking a proposal never pays for it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from proposal_kit.guideline import Guideline
from proposal_kit.guideline import load as load_guideline

FORM = "self_assessment"  # where the figures of 附件2 go


@dataclass(frozen=True)
class Figure:
    """One figure: the outline field it prints in ("self_assessment" for 附件2), its number and caption, the
    PNG and its printed size."""

    item: str
    number: int
    caption: str  # 「创新中心组织架构」; printed 「图1 创新中心组织架构」
    png: bytes
    width_mm: float
    height_mm: float

    @property
    def label(self) -> str:
        return f"图{self.number} {self.caption}"

    @property
    def reference(self) -> str:
        """The sentence in the text that points at it."""
        return f"{self.caption}见图{self.number}。"


def figures_for(proposal: Any, folder: Path | None = None) -> tuple[list[Figure], list[Any]]:
    """Every figure of `proposal` in document order, numbered; and the findings about the applicant's own
    images (a file that is no image, an item that is not one of 附件1)."""
    from proposal_kit.figures.images import own_images

    guideline = load_guideline(proposal.guideline)
    drawn = _drawn(proposal, guideline)
    images, problems = own_images(proposal, folder, guideline)
    order = {leaf.field: index for index, leaf in enumerate(guideline.outline.leaves())}
    placed = sorted(drawn + images, key=lambda f: order.get(f[0], len(order)))  # stable: drawn before own
    figures = [Figure(item, n, caption, *picture) for n, (item, caption, picture) in enumerate(placed, 1)]
    return figures, problems


def _drawn(proposal: Any, guideline: Guideline) -> list[tuple[str, str, tuple[bytes, float, float]]]:
    from proposal_kit.figures.kept import kept_figure

    wanted = proposal.figures
    chart, schedule, funding = (
        proposal.organization.chart,
        proposal.construction.schedule,
        proposal.construction.funding,
    )
    profile = score_profile(proposal, guideline)
    candidates = [
        (wanted.organization, "organization.structure", "创新中心组织架构", chart, _draw("org", "draw_organization")),
        (wanted.schedule, "construction.schedule", "建设进度安排", schedule, _draw("plans", "draw_schedule")),
        (wanted.funding, "construction.funding", "资金来源与使用", funding, _draw("plans", "draw_funding")),
        (wanted.scores, FORM, "自评得分与权重（按二级指标）", profile, _draw("plans", "draw_scores")),
    ]
    drawn = []
    for on, item, caption, shown, draw in candidates:
        picture = kept_figure(item, shown, draw) if on else None
        if picture:
            drawn.append((item, caption, picture))
    return drawn


def _draw(module: str, name: str) -> Any:
    """A drawing function, imported (and Pillow with it) only when a figure is not kept already."""

    def draw(shown: Any) -> Any:
        from importlib import import_module

        return getattr(import_module(f"proposal_kit.figures.{module}"), name)(shown)

    return draw


def score_profile(proposal: Any, guideline: Guideline) -> list[tuple[str, Decimal, Decimal]]:
    """(name, score, weight) of each second-level indicator, the self-scores of its indicators summed; [] where
    nothing was scored."""
    from proposal_kit.assessment import entries_by_code

    entries = entries_by_code(proposal.self_assessment)
    if not entries:
        return []
    rows = []
    for first in guideline.indicators.indicators:
        for second in first.children:
            score = sum((entries[t.code].score for t in second.children if t.code in entries), Decimal(0))
            rows.append((second.name, score, second.weight))
    return rows
