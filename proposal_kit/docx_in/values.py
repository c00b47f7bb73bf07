"""A cell's text as the value a model field holds: numbers with separators and units (「18,600 平方米」,
「4.5分」), dates as people write them (「2025年3月1日」, 「2025.3.1」), an enum by its label, yes and no, lists
joined by 「、」. What cannot be read stays text, so that validation names the field and says what is wrong."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from functools import cache
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel

from proposal_kit.docx_in.cover import cover_date
from proposal_kit.docx_in.outline import alike

_NUMBER = re.compile(r"[-+]?\d[\d,，]*(?:\.\d+)?")
_ISO_DATE = re.compile(r"(\d{4})\s*[-./／]\s*(\d{1,2})\s*[-./／]\s*(\d{1,2})")
_DAY = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_MONTH = re.compile(r"(\d{4})\s*(?:年|[-./／])\s*(\d{1,2})\s*月?(?!\s*[-./／]?\s*\d)")
_LIST_SEPARATORS = re.compile(r"[、；;，,\n]")
_YES = {"是", "有", "√", "✓", "yes", "true", "y"}
_NO = {"否", "无", "×", "✗", "no", "false", "n"}


def number(text: str) -> Decimal | None:
    """The first number in `text`, without its thousands separators; None where there is none."""
    match = _NUMBER.search(text.replace("\u00a0", " "))
    if not match:
        return None
    try:
        return Decimal(match.group().replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def written_date(text: str, end: bool = False) -> date | None:
    """「2025年3月1日」, 「二〇二五年三月」, 「2025-03-01」 or 「2025.3.1」 as a date; a month alone (「2025年7月」,
    「2025.7」) as its first day, or its last where it `end`s a period."""
    match = _ISO_DATE.search(text)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        day = _DAY.search(text)
        if not day:
            month = _MONTH.search(text)
            if month:
                year, number = int(month[1]), int(month[2])
                return date(year, number, monthrange(year, number)[1] if end else 1)
    except ValueError:
        return None
    return cover_date(text)


@cache
def field_types(model: type[BaseModel]) -> dict[str, tuple[type, bool]]:
    """Each field's underlying type, and whether it is a list of that type (Optional and Annotated unwrapped)."""
    types = {}
    for name, hint in get_type_hints(model, include_extras=True).items():
        if name in model.model_fields:
            types[name] = _unwrap(hint)
    return types


def _unwrap(hint: Any) -> tuple[type, bool]:
    origin = get_origin(hint)
    if origin is Annotated:
        return _unwrap(get_args(hint)[0])
    if origin in (Union, UnionType):
        return _unwrap(next(a for a in get_args(hint) if a is not NoneType))
    if origin is list:
        kind, _ = _unwrap(get_args(hint)[0])
        return kind, True
    return hint, False


def value_for(model: type[BaseModel], name: str, text: str) -> Any:
    """The value of field `name` of `model` that `text` gives; None where the text is blank."""
    text = text.strip()
    if not text:
        return None
    kind, many = field_types(model)[name]
    if many:
        parts = [p.strip() for p in _LIST_SEPARATORS.split(text) if p.strip()]
        return [_one(kind, p) for p in parts]
    return _one(kind, text)


def _one(kind: type, text: str) -> Any:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return enum_value(kind, text)
    if kind is bool:
        lowered = text.lower()
        return True if lowered in _YES else False if lowered in _NO else text
    if kind is date:
        return written_date(text) or text
    if kind in (Decimal, int):
        found = number(text)
        if found is None:
            return text
        return int(found) if kind is int and found == found.to_integral_value() else found
    return text


def enum_value(kind: type[Enum], text: str) -> Any:
    """The member of `kind` whose label or value `text` is (or most resembles); `text` where none does."""
    for member in kind:
        if text in (member.value, getattr(member, "label", None)):
            return member.value
    scored = [(alike(text, getattr(m, "label", m.value)), m.value) for m in kind]
    score, value = max(scored)
    return value if score >= 0.6 else text
