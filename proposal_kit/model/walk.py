"""Walking a proposal's values: every text it holds, with the field path it is at."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import BaseModel

from proposal_kit.findings import FieldPath


def texts(value: Any, path: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every text of a model with the path it is at; enum values are left out (they print as our labels)."""
    if type(value) is str:  # the common case first; an enum member is a str too, but not of type str
        yield path, value
    elif isinstance(value, Enum):
        return
    elif isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), (*path, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from texts(item, (*path, index))
