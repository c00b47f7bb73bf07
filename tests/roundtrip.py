"""What a proposal and the same proposal read back from its .docx must share: every field the document
prints, prose as the text Markdown shows (markup, numbers the document gives and whitespace aside), tables
as their values."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import BaseModel

from proposal_kit.docx_in.outline import number_of
from proposal_kit.formats import clean
from proposal_kit.model import Proposal
from proposal_kit.model.base import Markdown, fields_declared_as
from proposal_kit.prose import parse

#: Fields the document does not print as text: the guideline's number (the subject line names it), whether a
#: unit is a legal entity (printed only where it is not), the organisation chart and the figure settings (drawn as
#: pictures, which a reader of the document cannot turn back into data).
NOT_PRINTED = {"guideline", "legal_entity", "chart", "figures"}


def shown(text: str | None) -> str:
    """The text Markdown shows, whitespace and the numbers of list items and headings aside."""
    pieces = []
    for token in parse(text or ""):
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                pieces.append(child.content)
        if token.type in ("code_block", "fence"):
            pieces.append(token.content)
    return _plain("".join(pieces))


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", clean(text))


def comparable(value: Any, model: type[BaseModel] | None = None, name: str = "") -> Any:
    """`value` as plain data to compare: prose as shown text, enums by value, numbers normalised."""
    if isinstance(value, BaseModel):
        markdown = fields_declared_as(type(value), Markdown)
        found = {}
        for field in type(value).model_fields:
            item = getattr(value, field)
            if field in NOT_PRINTED or item in (None, [], ""):
                continue
            found[field] = shown(item) if field in markdown else comparable(item, type(value), field)
        return {k: v for k, v in found.items() if v not in ("", [], {})}
    if isinstance(value, list):
        return [comparable(v, model, name) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str):
        return _plain(value)
    return value


def differences(original: Proposal, read_back: Proposal) -> list[str]:
    """The paths where the two differ, each with both values (shortened)."""
    a, b = comparable(original), comparable(read_back)
    _printed_assessment(a, b)
    out: list[str] = []
    _diff(a, b, "", out)
    return out


def _printed_assessment(a: dict[str, Any], b: dict[str, Any]) -> None:
    """The form prints the total it sums and, where an entry gives no figure, the one the evidence counts:
    the read-back holds those where the original left them to the tool."""
    sa, sb = a.get("self_assessment", {}), b.get("self_assessment", {})
    if "total" not in sa:
        sb.pop("total", None)
    figures = {e["code"]: bool(e.get("figure")) for e in sa.get("entries", [])}  # 0 prints blank
    for entry in sa.get("entries", []):
        if "figure" in entry and not entry["figure"]:
            entry.pop("figure")
    for entry in sb.get("entries", []):
        if not figures.get(entry["code"], True):
            entry.pop("figure", None)


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if a in (None, {}, []) and b in (None, {}, []):
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            _diff(a.get(key), b.get(key), f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            _diff(x, y, f"{path}[{index}]", out)
    elif a != b:
        out.append(f"{path}: {str(a)[:300]!r} ≠ {str(b)[:300]!r}")


def without_number(text: str) -> str:
    numbered = number_of(text)
    return numbered[2] if numbered else text
