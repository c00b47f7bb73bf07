"""Reading a Proposal by dotted field path, and measuring how much text a part holds."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from proposal_kit.textcount import count_markdown_words


def value_at(root: BaseModel, dotted_path: str) -> Any:
    """The value at a dotted path such as ``units.lead`` (no indices), or None."""
    value: Any = root
    for name in dotted_path.split("."):
        value = getattr(value, name, None)
    return value


def strings_in(value: Any) -> list[str]:
    """Every piece of text inside a value, depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [s for name in type(value).model_fields for s in strings_in(getattr(value, name))]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def is_empty(value: Any) -> bool:
    """True when a part holds nothing an applicant wrote: no text, no list items, no numbers."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return all(is_empty(item) for item in value)
    if isinstance(value, BaseModel):
        return (
            all(is_empty(getattr(value, name)) for name in value.model_fields_set) if value.model_fields_set else True
        )
    return False


def word_count(value: Any) -> int:
    """The 字数 of all the text in a part."""
    return sum(count_markdown_words(s) for s in strings_in(value))
