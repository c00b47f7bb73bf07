"""Data to a validated Proposal, or every schema problem as a Finding at its file and line."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from proposal_kit.codes import finding
from proposal_kit.findings import FieldPath, Finding, dotted
from proposal_kit.load import Source
from proposal_kit.model import Proposal
from proposal_kit.model.prebuilt import proposal_validator

_TYPE_NAMES = {
    "string_type": "文本",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "decimal_type": "数字",
    "decimal_parsing": "数字",
    "float_parsing": "数字",
    "bool_type": "是或否（true/false）",
    "bool_parsing": "是或否（true/false）",
    "date_type": "日期（YYYY-MM-DD）",
    "date_parsing": "日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "日期（YYYY-MM-DD）",
    "date_from_datetime_inexact": "日期（YYYY-MM-DD）",
    "list_type": "列表（每项以「- 」开头）",
    "model_type": "键值映射",
    "model_attributes_type": "键值映射",
    "dict_type": "键值映射",
}


_DATE_SHAPED = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # the right form, but no such day


def validate(source: Source) -> tuple[Proposal | None, list[Finding]]:
    """Validate a loaded source against the model; return the Proposal (None if invalid) and findings."""
    try:
        return proposal_validator().validate_python(source.data), []
    except ValidationError as e:
        return None, [_finding(source, error) for error in e.errors(include_url=False)]


def _finding(source: Source, error: Any) -> Finding:
    path: FieldPath = tuple(error["loc"])
    code, message = _describe(error, path)
    where = source.locate(path)
    return replace(finding(code, message, dotted(path), where.file, where.line, where.column), place=source.place(path))


def _describe(error: Any, path: FieldPath) -> tuple[str, str]:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    name = f"「{field_title(path)}」（{dotted(path)}）"
    if kind == "missing":
        return "S001", f"缺少必填字段{name}"
    if value is None and kind in _TYPE_NAMES:
        return "S001", f"必填字段{name}未填写"
    if kind == "extra_forbidden":
        return "S002", f"未知字段「{path[-1]}」，请检查拼写（位于 {dotted(path[:-1]) or '顶层'}）"
    if kind.startswith("date") and isinstance(value, str) and _DATE_SHAPED.match(value):
        return "S004", f"{name}「{value}」不是日历上存在的日期"
    if kind in _TYPE_NAMES:
        return "S003", f"{name}应为{_TYPE_NAMES[kind]}，实际为{_shown(value)}"
    return "S004", f"{name}取值无效：{_limit(kind, ctx) or error['msg']}，实际为{_shown(value)}"


def _limit(kind: str, ctx: dict[str, Any]) -> str:
    limits = {
        "enum": lambda: "应为以下之一：" + str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", "),
        "literal_error": lambda: f"应为 {ctx.get('expected', '')}",
        "string_too_short": lambda: "不能为空",
        "string_too_long": lambda: f"不能超过 {ctx.get('max_length')} 个字符",
        "string_pattern_mismatch": lambda: "格式不正确",
        "greater_than_equal": lambda: f"不能小于 {ctx.get('ge')}",
        "less_than_equal": lambda: f"不能大于 {ctx.get('le')}",
        "finite_number": lambda: "应为有限数字（不能是 NaN 或无穷大）",
        "decimal_max_digits": lambda: f"数字位数不能超过 {ctx.get('max_digits')} 位",
        "decimal_max_places": lambda: f"小数不能超过 {ctx.get('decimal_places')} 位",
        "decimal_whole_digits": lambda: "整数部分过大",
        "value_error": lambda: str(ctx.get("error", "")),
    }
    return limits[kind]() if kind in limits else ""


def _shown(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "键值映射"
    if isinstance(value, list):
        return "列表"
    text = str(value)
    return f"「{text[:40]}{'…' if len(text) > 40 else ''}」"


def field_title(path: FieldPath) -> str:
    """The Chinese title of the field at `path`, as the schema gives it."""
    model: type[BaseModel] | None = Proposal
    title = "组建方案"
    for part in path:
        if isinstance(part, int) or model is None:
            continue
        info = model.model_fields.get(str(part))
        if info is None:
            return title
        title = info.title or str(part)
        model = model_in(info.annotation)
    return title


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[Unit]`` or ``Unit | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = model_in(arg)
            if found:
                return found
    return None
