"""A Proposal made of a draft the schema rejects, field by field: every value the schema accepts is kept, and
each value it rejects is replaced by a `Broken` marker. The rules then run on it; a rule that touches a marker
raises `BrokenValue` and is left out, because the schema's own finding already says what is wrong there.

So one mistyped date or score does not hide the wrong centre name two lines above it."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from proposal_kit.findings import FieldPath, dotted
from proposal_kit.model import Proposal


class BrokenValue(Exception):
    """Raised when a rule reads a value the schema rejected."""


class Broken:
    """Stands in for a value the schema rejected: any use of it (comparing, printing, counting, reading an
    attribute, testing its truth) raises BrokenValue. Only `is None` and isinstance pass it quietly."""

    __slots__ = ("path",)

    def __init__(self, path: FieldPath) -> None:
        object.__setattr__(self, "path", path)

    def __repr__(self) -> str:
        return f"Broken({dotted(self.path)})"

    def _refuse(self, *args: object) -> Any:
        raise BrokenValue(dotted(self.path))

    def __getattr__(self, name: str) -> Any:
        raise BrokenValue(dotted(self.path))

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse  # type: ignore[assignment]
    __hash__ = __bool__ = __str__ = __format__ = __len__ = __iter__ = __contains__ = __getitem__ = _refuse  # type: ignore[assignment]
    __int__ = __float__ = __index__ = __neg__ = __abs__ = __round__ = _refuse
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _refuse


def salvage(data: dict[str, Any]) -> Proposal:
    """The Proposal of `data` with each value the schema rejects (or a required one missing) as Broken."""
    return _model(Proposal, data, ())


def _model(model: type[BaseModel], data: Any, path: FieldPath) -> Any:
    if not isinstance(data, dict):
        return Broken(path)
    values = {}
    for name, info in model.model_fields.items():
        if name in data:
            values[name] = _value(_field_adapter(model, name), info.annotation, data[name], (*path, name))
        elif info.is_required():
            values[name] = Broken((*path, name))
    return model.model_construct(**values)  # unknown keys are left out: S002 reports them


def _value(adapter: TypeAdapter[Any], annotation: Any, value: Any, path: FieldPath) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        pass
    model = _model_in(annotation)
    if model is not None and isinstance(value, dict):
        return _model(model, value, path)
    item = _list_item(annotation)
    if item is not None and isinstance(value, list):
        adapter = _adapter(item)
        return [_value(adapter, item, element, (*path, index)) for index, element in enumerate(value)]
    return Broken(path)


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator of one field with its constraints (length, range, digits) and its own validators."""
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


@cache
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model an annotation such as ``Unit | None`` holds, if it holds one directly."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation) if get_origin(annotation) is not list else ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _list_item(annotation: Any) -> Any:
    """The item type of ``list[X]`` (or ``list[X] | None``), else None."""
    if get_origin(annotation) is list:
        return get_args(annotation)[0]
    for arg in get_args(annotation):
        if get_origin(arg) is list:
            return get_args(arg)[0]
    return None
