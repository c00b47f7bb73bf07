"""The figures of the construction plan and of the self-assessment: 建设进度 (六.3) as a Gantt chart of the
phases with their milestones as points, on a time axis of years within the construction period; 资金来源与使用
(六.4) as bars with their amounts; 自评得分 (附件2) as each second-level indicator's score inside its weight."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from proposal_kit.figures.canvas import FANGSONG, GREYS, HEITI, Canvas
from proposal_kit.formats import amount, share

WIDTH = 156.0
LABEL_W = 34.0
ROW = 11.0


def _days(start: date, end: date) -> int:
    return max((end - start).days, 1)


def draw_schedule(schedule) -> tuple[bytes, float, float] | None:
    """The phases as bars between their dates, a diamond at each phase's end for its milestones, the years and
    their quarters on the axis; None where no phase has both dates."""
    phases = [p for p in schedule.phases if p.start and p.end and p.end >= p.start]
    if not phases:
        return None
    first = schedule.start or min(p.start for p in phases)
    last = schedule.end or max(p.end for p in phases)
    first, last = min(first, *(p.start for p in phases)), max(last, *(p.end for p in phases))
    span, left = _days(first, last), LABEL_W + 2
    plot = WIDTH - left - 6

    def x(day: date) -> float:
        return left + plot * (day - first).days / span

    height = 12 + ROW * len(phases) + 2
    canvas = Canvas(WIDTH, height)
    _time_axis(canvas, first, last, x, height)
    for index, phase in enumerate(phases):
        top = 12 + ROW * index
        canvas.text(LABEL_W, top + 3.2, phase.name, 9, HEITI, anchor="rm")
        canvas.box(x(phase.start), top + 1, max(x(phase.end) - x(phase.start), 0.8), 4.4, grey=GREYS[index % 3 + 1])
        if phase.milestones:
            canvas.diamond(x(phase.end), top + 3.2, 2.8)
            note = _fit(canvas, "；".join(phase.milestones), plot - (x(phase.start) - left))
            canvas.blank(x(phase.start), top + 6.6, canvas.text_width(note, 7.5) + 0.6, 3.2)  # over the grid lines
            canvas.text(x(phase.start), top + 8.2, note, 7.5, anchor="lm")
    return canvas.png(), canvas.width, canvas.height


def _time_axis(canvas: Canvas, first: date, last: date, x, height: float) -> None:
    """Years labelled above the plot, a line at each year and a faint one at each quarter."""
    for year in range(first.year, last.year + 1):
        for month in (1, 4, 7, 10):
            day = date(year, month, 1)
            if first <= day <= last:
                canvas.line(
                    [(x(day), 9), (x(day), height - 1)],
                    width=0.3 if month == 1 else 0.12,
                    grey=0 if month == 1 else 170,
                )
        start, end = max(first, date(year, 1, 1)), min(last, date(year, 12, 31))
        if (end - start).days > 40:
            canvas.text((x(start) + x(end)) / 2, 5, f"{year}年", 9, HEITI)
    canvas.line([(x(first), 9), (x(last), 9)], width=0.3)


def _fit(canvas: Canvas, text: str, width: float, points: float = 7.5) -> str:
    """`text` cut short with 「…」 where it would be wider than `width` millimetres at `points`."""
    while text and canvas.text_width(text, points) > width:
        text = text[:-2] + "…"
    return text


def draw_funding(funding) -> tuple[bytes, float, float] | None:
    """资金来源 and 资金使用 as two groups of bars on one scale, each labelled with its amount and share."""
    groups = [
        ("资金来源", [(s.name, s.amount) for s in funding.sources]),
        ("资金使用", [(u.item, u.amount) for u in funding.uses]),
    ]
    groups = [(title, rows) for title, rows in groups if rows]
    if not groups:
        return None
    total = funding.total or max(sum((a for _, a in rows), Decimal(0)) for _, rows in groups)
    largest = max(a for _, rows in groups for _, a in rows) or Decimal(1)
    height = sum(7 + 6.5 * len(rows) for _, rows in groups) + 2
    canvas = Canvas(WIDTH, height)
    plot, top = WIDTH - LABEL_W - 2 - 42, 1.0
    for title, rows in groups:
        canvas.text(0, top + 3, f"{title}（万元）", 9.5, HEITI, anchor="lm")
        top += 7
        for index, (name, value) in enumerate(rows):
            length = max(float(value / largest) * plot, 0.6)
            canvas.text(LABEL_W, top + 2.6, _fit(canvas, name, LABEL_W - 1, 8.5), 8.5, anchor="rm")
            canvas.box(LABEL_W + 2, top + 0.6, length, 4, grey=GREYS[index % len(GREYS)], hatch=index % 2 == 1)
            label = f"{amount(value)}（{share(value, total)}）" if total else amount(value)
            canvas.text(LABEL_W + 4 + length, top + 2.6, label, 8, anchor="lm")
            top += 6.5
    return canvas.png(), canvas.width, canvas.height


def _points(value: Decimal) -> str:
    """「12.5」, 「12」: a score without trailing zeros."""
    return amount(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def draw_scores(rows: list[tuple[str, Decimal, Decimal]]) -> tuple[bytes, float, float] | None:
    """Each second-level indicator (name, score, weight): the weight as an empty bar, the score filled in it."""
    if not rows:
        return None
    largest = max(weight for _, _, weight in rows) or Decimal(1)
    plot = WIDTH - LABEL_W - 2 - 22
    canvas = Canvas(WIDTH, 6.5 * len(rows) + 8)
    for index, (name, score, weight) in enumerate(rows):
        top = 1 + 6.5 * index
        canvas.text(LABEL_W, top + 2.6, _fit(canvas, name, LABEL_W - 1, 8.5), 8.5, anchor="rm")
        full = float(weight / largest) * plot
        canvas.box(LABEL_W + 2, top + 0.6, full, 4)
        filled = float(min(score, weight) / largest) * plot
        if filled > 0:
            canvas.box(LABEL_W + 2, top + 0.6, filled, 4, grey=GREYS[1])
        canvas.text(LABEL_W + 4 + full, top + 2.6, f"{_points(score)} / {_points(weight)}", 8, anchor="lm")
    legend = 6.5 * len(rows) + 4
    canvas.box(LABEL_W + 2, legend - 1.5, 6, 3, grey=GREYS[1])
    canvas.text(LABEL_W + 10, legend, "自评得分", 8, FANGSONG, anchor="lm")
    canvas.box(LABEL_W + 30, legend - 1.5, 6, 3)
    canvas.text(LABEL_W + 38, legend, "权重（满分）", 8, FANGSONG, anchor="lm")
    return canvas.png(), canvas.width, canvas.height
