"""Shared pieces of the proposal models: the base class, field helper and value types."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Annotated, Any, get_args, get_type_hints

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from proposal_kit.guideline import editions, load


class Record(BaseModel):
    """Base of every proposal model: unknown keys are errors, values are immutable once validated.

    A blank value means "not filled in": the loader reads it as None, like an empty YAML value."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False, defer_build=True)


def field(title: str, description: str = "", **kwargs: Any) -> Any:
    """A pydantic Field with the Chinese title and description an editor shows on hover."""
    return Field(title=title, description=description or title, **kwargs)


class LabelledEnum(str, Enum):  # noqa: UP042  (members carry a label; StrEnum.__new__ takes one value)
    """A string enum whose members carry a Chinese label for documents and messages."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


_MARKDOWN_SCHEMA = {
    "anyOf": [
        {"type": "string", "description": "Markdown 文本：段落、列表、**加粗**、*强调*、表格"},
        {
            "type": "object",
            "properties": {
                "include": {"type": "string", "pattern": r"\.md$", "description": "同一文件夹内的 .md 文件"}
            },
            "required": ["include"],
            "additionalProperties": False,
        },
    ]
}


class FromWorkbook:
    """Marks a field that proposal.yaml may also give as ``{workbook: 自评表.xlsx}``. The loader replaces that
    form with the workbook's data (workbook_in.py) before validation, so the model never sees it; only the JSON
    schema editors check proposal.yaml against has to offer it."""

    def __init__(self, **beside: dict[str, Any]) -> None:
        self.beside = beside  # keys allowed next to `workbook`, with their schemas

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> dict[str, Any]:
        workbook = {
            "type": "object",
            "properties": {
                "workbook": {
                    "type": "string",
                    "pattern": r"\.[xX][lL][sS][xX]$",
                    "description": "同一文件夹内的 Excel 工作簿（proposal-kit export-form 导出，填写后保存）",
                },
                **self.beside,
            },
            "required": ["workbook"],
            "additionalProperties": False,
        }
        return {"anyOf": [handler(core_schema), workbook]}


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def without_comments(text: str) -> str:
    """`text` without its HTML comments (notes to the author, such as the scaffold's), each replaced by the
    line breaks it spanned so that line numbers still point into the file."""
    return _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), text)


#: Narrative text in Markdown, written inline or read from a `.md` file named by `{include: 文件.md}`. HTML
#: comments are notes to the author: they are never printed and never counted.
Markdown = Annotated[str, AfterValidator(without_comments), WithJsonSchema(_MARKDOWN_SCHEMA)]

#: An amount in 万元, exact, finite, at most 10 integer digits and 4 decimals.
Money = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=14, decimal_places=4)]

#: A percentage from 0 to 100.
Percent = Annotated[Decimal, Field(allow_inf_nan=False, ge=0, le=100, max_digits=7, decimal_places=4)]


#: A calendar year: a label, shown without thousands separators (「2025」, not 「2,025」).
Year = Annotated[int, Field(ge=1949, le=2100)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


#: A unified social credit code (GB 32100-2015). The schema shows its form to editors; the check character
#: is verified by rule U003, so one mistyped code does not hide every other finding.
CreditCode = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        json_schema_extra={"pattern": "^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$"},
    ),
]

#: The centre's name; rule U001 holds it to 「重庆市××产业创新中心」 (第十二条).
CenterName = Annotated[
    str, Field(min_length=1, max_length=100, json_schema_extra={"pattern": "^重庆市.+产业创新中心$"})
]


@cache
def fields_declared_as(model: type[BaseModel], kind: Any) -> frozenset[str]:
    """The names of the fields of `model` declared as `kind` (such as `Year`), optional or not."""
    hints = get_type_hints(model, include_extras=True)
    return frozenset(name for name, hint in hints.items() if hint == kind or kind in get_args(hint))


def _known_edition(value: str) -> str:
    if value not in editions():
        raise ValueError(f"应为以下之一：{'、'.join(editions())}")
    return value


#: The edition of the guideline a proposal follows, by its number: one the package (or a test) has data for.
Edition = Annotated[str, AfterValidator(_known_edition), WithJsonSchema({"type": "string", "enum": editions()})]


def outline_field(path: str, note: str = "", **kwargs: Any) -> Any:
    """A field that answers an item of 附件1: its title and place (「二.1」) from the guideline's data."""
    outline = load().outline
    description = f"{outline.place(path)} {outline.item(path).title}{note}"
    return field(outline.item(path).title, description, **kwargs)


def chapter_field(key: str, note: str = "", **kwargs: Any) -> Any:
    """A field that answers a whole chapter of 附件1, titled 「二、组建依据、背景与意义」 as the data says."""
    chapter = load().outline.chapter(key)
    limit = f"：{chapter.note}" if chapter.note else ""
    return field(chapter.heading, f"{chapter.heading}{limit}{note}", **kwargs)


def outline_place(path: str) -> str:
    """Where a field answers 附件1, as people cite it: 「六.5」."""
    return load().outline.place(path)
