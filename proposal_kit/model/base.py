"""Shared pieces of the proposal models: the base class, field helper and value types."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from proposal_kit.model.credit_code import credit_code_problem


class Record(BaseModel):
    """Base of every proposal model: unknown keys are errors, values are immutable once validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=False)

    @model_validator(mode="before")
    @classmethod
    def _blank_means_unfilled(cls, data: Any) -> Any:
        """A blank string means "not filled in", exactly like an empty YAML value."""
        if isinstance(data, dict):
            return {k: None if isinstance(v, str) and not v.strip() else v for k, v in data.items()}
        return data


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

#: Narrative text in Markdown, written inline or read from a `.md` file named by `{include: 文件.md}`.
Markdown = Annotated[str, WithJsonSchema(_MARKDOWN_SCHEMA)]

#: An amount in 万元, exact, finite, at most 10 integer digits and 4 decimals.
Money = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=14, decimal_places=4)]

#: A percentage from 0 to 100.
Percent = Annotated[Decimal, Field(allow_inf_nan=False, ge=0, le=100, max_digits=7, decimal_places=4)]


Year = Annotated[int, Field(ge=1949, le=2100)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


def _check_credit_code(value: str) -> str:
    problem = credit_code_problem(value)
    if problem:
        raise PydanticCustomError(
            "credit_code", "统一社会信用代码「{code}」无效：{problem}", {"code": value, "problem": problem}
        )
    return value


#: A unified social credit code (GB 32100-2015) whose check character is verified.
CreditCode = Annotated[str, AfterValidator(_check_credit_code)]

_CENTER_NAME = re.compile(r"^重庆市\S+产业创新中心$")


def _check_center_name(value: str) -> str:
    if not _CENTER_NAME.match(value) or value == "重庆市产业创新中心":
        raise PydanticCustomError(
            "center_name", "名称「{name}」不符合「重庆市××产业创新中心」的命名（第十二条）", {"name": value}
        )
    return value


#: The centre's name, which the guideline fixes as 「重庆市××产业创新中心」 (第十二条).
CenterName = Annotated[str, AfterValidator(_check_center_name)]


def chinese_date(value: date) -> str:
    """A date as official documents write it: 「2025年3月1日」."""
    return f"{value.year}年{value.month}月{value.day}日"
