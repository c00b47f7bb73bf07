"""Which part of the page a finding belongs to, by its field: the outline item the field answers (or is printed
under), the cover, or 附件2; a finding of no field, or of a field printed nowhere, belongs to the whole page."""

from __future__ import annotations

from proposal_kit.guideline import Outline
from proposal_kit.places import PRINTED_UNDER, steps

COVER, FORM, PAGE = "center", "self_assessment", ""

#: Parts of the proposal outside the eight chapters, and where the page shows them.
OUTSIDE = {"center": COVER, "guideline": COVER, "self_assessment": FORM, "evidence": FORM}


def section_of(field: str, outline: Outline) -> str:
    """The outline field of the item `field` falls under (「construction.funding.sources[1].amount」 →
    「construction.funding」), COVER, FORM, or PAGE."""
    path = steps(field)
    leaves = {leaf.field for leaf in outline.leaves()}
    for end in range(len(path), 0, -1):
        if not all(isinstance(step, str) for step in path[:end]):
            continue
        key = ".".join(str(step) for step in path[:end])
        if key in PRINTED_UNDER:
            return PRINTED_UNDER[key]
        if key in leaves:
            return key
    return OUTSIDE.get(str(path[0]), PAGE) if path else PAGE
