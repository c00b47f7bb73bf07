"""Where a finding is, as a person reading the document finds it: 「六、4 资金来源 第2项 金额」 beside the
field path ``construction.funding.sources[1].amount``."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from proposal_kit.guideline import Outline
from proposal_kit.model import Proposal
from proposal_kit.validate import model_in

#: Fields printed inside an outline item they are not part of in the model.
PRINTED_UNDER = {"organization.functions": "organization.structure", "construction.risks": "construction.benefits"}
#: All the fields the document prints inside such an item: with 「运行形式说明」, which prints in 五、1 though
#: its findings name the cover's field (the centre's basic facts) as their place.
PRINTED_IN_ITEMS = {**PRINTED_UNDER, "center.legal_form_note": "organization.structure"}
#: Parts of the proposal outside the eight chapters, as the document names them.
OUTSIDE = {"center": "封面", "guideline": "封面", "evidence": "附件2 佐证台账", "self_assessment": "附件2 自评表"}

_STEP = re.compile(r"[^.\[\]]+")


def steps(field: str) -> list[str | int]:
    """``a.b[2].c`` as its steps: ["a", "b", 2, "c"]."""
    return [int(s) if s.isdigit() else s for s in _STEP.findall(field)]


def place_of(field: str, outline: Outline, proposal: Any = None) -> str:
    """The place of the dotted `field` in the document; empty where a finding concerns no field. With the
    `proposal`, an entry of the self-assessment is named by its indicator (「1.2.1 近3年立项科技研发类项目数」)."""
    path = steps(field)
    for end in range(len(path), 0, -1):
        if not all(isinstance(s, str) for s in path[:end]):
            continue
        key = ".".join(str(s) for s in path[:end])
        if key in PRINTED_UNDER:
            return _join(_item_label(outline, PRINTED_UNDER[key], short=True), _titles(path, end - 1, proposal))
        if _answers(outline, key):
            rest = _titles(path, end, proposal)
            return _join(_item_label(outline, key, short=bool(rest)), rest)
    return _join(OUTSIDE.get(str(path[0]), "") if path else "", _titles(path, 1, proposal))


def _answers(outline: Outline, key: str) -> bool:
    return any(leaf.field == key for leaf in outline.leaves())


def _item_label(outline: Outline, key: str, short: bool) -> str:
    """「六、4」 (with the item's title unless `short`), or 「一、摘要」 for a chapter that is one field."""
    for chapter in outline.chapters:
        if chapter.field == key:
            return chapter.heading
        for item in chapter.items:
            if item.field == key:
                return f"{chapter.number}、{item.number}" + ("" if short else f" {item.title}")
    return ""


def _titles(path: list[str | int], start: int, proposal: Any) -> list[str]:
    """The titles of the steps of `path` from `start` on: field titles, and 「第2项」 for list positions."""
    model: type[BaseModel] | None = Proposal
    value: Any = proposal
    titles = []
    for index, step in enumerate(path):
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else None
            if index >= start:
                code = getattr(value, "code", None) if isinstance(value, BaseModel) else None
                if isinstance(code, str):
                    titles[-1:] = [indicator_label(code, getattr(proposal, "guideline", None))]
                else:
                    titles.append(f"第{step + 1}项")
            continue
        info = model.model_fields.get(step) if model else None
        if info is None:
            break
        if index >= start:
            titles.append(info.title or step)
        model = model_in(info.annotation)
        value = getattr(value, step, None) if isinstance(value, BaseModel) else None
    return titles


def indicator_label(code: str, edition: str | None = None) -> str:
    """「1.2.1 近3年立项科技研发类项目数」: an indicator by its number and name, as the form prints it."""
    from proposal_kit.guideline import load

    try:
        indicator = load(edition).indicators.by_code().get(code) if edition else load().indicators.by_code().get(code)
    except (KeyError, ValueError, OSError):
        indicator = None
    return f"{code} {indicator.name}" if indicator else f"指标 {code}"


def _join(label: str, titles: list[str]) -> str:
    return " ".join(part for part in (label, *titles) if part)
