"""The 附件2 self-assessment as numbers: scores, subtotals, the capped bonus and the total."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from proposal_kit.guideline import Indicator, IndicatorSystem
from proposal_kit.model.sections import AssessmentEntry, SelfAssessment


@dataclass(frozen=True)
class Totals:
    """What the form adds up: per first-level indicator, the bonus before and after its cap, the total."""

    subtotals: dict[str, Decimal]
    bonus_raw: Decimal
    bonus: Decimal
    total: Decimal


def entries_by_code(assessment: SelfAssessment) -> dict[str, AssessmentEntry]:
    """The applicant's entries keyed by indicator code (the first one where a code repeats)."""
    found: dict[str, AssessmentEntry] = {}
    for entry in assessment.entries:
        found.setdefault(entry.code, entry)
    return found


def _score(entries: dict[str, AssessmentEntry], indicator: Indicator) -> Decimal:
    entry = entries.get(indicator.code)
    return entry.score if entry else Decimal(0)


def totals(assessment: SelfAssessment, system: IndicatorSystem) -> Totals:
    """Sum the self-scores the way the form does: by first-level indicator, then the bonus up to its cap."""
    entries = entries_by_code(assessment)
    subtotals = {
        first.code: sum((_score(entries, t) for second in first.children for t in second.children), Decimal(0))
        for first in system.indicators
    }
    bonus_raw = sum((_score(entries, b) for b in system.bonus), Decimal(0))
    bonus = min(bonus_raw, system.bonus_cap)
    return Totals(subtotals, bonus_raw, bonus, sum(subtotals.values(), Decimal(0)) + bonus)
