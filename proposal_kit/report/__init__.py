"""Findings to reports: text, JSON, CSV, HTML and XLSX, each a formatter in one registry."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proposal_kit.formats import printable

if TYPE_CHECKING:
    from proposal_kit.results import Draft


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    HTML = "html"
    XLSX = "xlsx"


#: Each format's module; each module has ``render(drafts, **options) -> bytes``.
FORMATTERS = {
    Format.TEXT: "proposal_kit.report.as_text",
    Format.JSON: "proposal_kit.report.as_json",
    Format.CSV: "proposal_kit.report.as_csv",
    Format.HTML: "proposal_kit.report.as_html",
    Format.XLSX: "proposal_kit.report.as_xlsx",
}

STATUS_LABELS = {"pass": "通过", "fail": "未通过", "invalid": "无法读取"}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def render_report(format: Format, drafts: Sequence[Draft], **options: Any) -> bytes:
    """The report of `drafts` in `format`, as the bytes of the file; every text from a draft made printable
    first, so no draft can break a report or command a terminal."""
    render: Callable[..., bytes] = import_module(FORMATTERS[format]).render
    return render([printable_draft(d) for d in drafts], **options)


def printable_draft(draft: Draft) -> Draft:
    findings = [
        replace(
            f, message=printable(f.message), field=printable(f.field), file=printable(f.file), place=printable(f.place)
        )
        for f in draft.findings
    ]
    names = {key: printable(getattr(draft, key)) for key in ("center", "lead_unit", "competent_unit", "guideline")}
    return replace(draft, path=Path(printable(str(draft.path))), findings=findings, **names)


def summary(drafts: Sequence[Draft]) -> dict[str, int]:
    """The counts every report ends with."""
    return {
        "drafts": len(drafts),
        "passed": sum(d.status == "pass" for d in drafts),
        "failed": sum(d.status == "fail" for d in drafts),
        "invalid": sum(d.status == "invalid" for d in drafts),
        "errors": sum(d.errors for d in drafts),
        "warnings": sum(d.warnings for d in drafts),
    }


def draft_dict(draft: Draft) -> dict[str, Any]:
    """One draft as the JSON contract gives it (../shared/DESIGN.md), with a few fields more."""
    return {
        "path": str(draft.path),
        "center": draft.center,
        "lead_unit": draft.lead_unit,
        "competent_unit": draft.competent_unit,
        "status": draft.status,
        "guideline": draft.guideline,
        "abstract_length": draft.abstract_length,
        "self_assessment_total": None if draft.self_assessment_total is None else float(draft.self_assessment_total),
        "findings": [f.to_dict() for f in draft.findings],
    }


def summary_line(drafts: Sequence[Draft]) -> str:
    counts = summary(drafts)
    return (
        f"共检查 {counts['drafts']} 份：通过 {counts['passed']} 份，未通过 {counts['failed']} 份，"
        f"无法读取 {counts['invalid']} 份；错误 {counts['errors']} 个，警告 {counts['warnings']} 个"
    )
