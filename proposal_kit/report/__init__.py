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
    from proposal_kit.findings import Finding
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


def render_report(format: Format, drafts: Sequence[Draft], bases: Sequence[Path] = (), **options: Any) -> bytes:
    """The report of `drafts` in `format`, as the bytes of the file: errors first in each draft, paths relative
    to the folders given on the command line (`bases`), every text from a draft made printable first, so no
    draft can break a report or command a terminal."""
    render: Callable[..., bytes] = import_module(FORMATTERS[format]).render
    return render([printable_draft(relative(d, bases)) for d in drafts], **options)


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def relative(draft: Draft, bases: Sequence[Path]) -> Draft:
    """`draft` with its path and its findings' files relative to the folder of `bases` it was found in."""
    base = next((b for b in bases if _inside(draft.path, b)), None)
    if base is None:
        return draft
    root = base.parent if Path(draft.path) == Path(base) else Path(base)
    try:
        root = root.resolve()  # once, not once a finding
    except OSError:
        return draft
    findings = [replace(f, file=_relative_to(f.file, root)) if f.file else f for f in draft.findings]
    return replace(draft, path=Path(_relative_to(str(draft.path), root)), findings=findings)


def _inside(path: Path | str, base: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(Path(base).resolve())
    except (OSError, ValueError):
        return False


def _relative_to(path: str, root: Path) -> str:
    """`path` relative to the resolved folder `root`; as it is where it lies outside."""
    try:
        return str(Path(path).resolve().relative_to(root))
    except (OSError, ValueError):
        return path


def status_label(draft: Draft) -> str:
    """「通过」, or 「通过（仅所选代码）」 where --select or --ignore left codes out: a filtered pass is not a pass."""
    label = STATUS_LABELS[draft.status]
    return f"{label}（仅所选代码）" if draft.filtered and draft.status == "pass" else label


def sorted_findings(findings: Sequence[Finding]) -> list[Finding]:
    """Errors first, then warnings, then notes; each kind in the order it was found."""
    return sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity.value, 3))


def printable_draft(draft: Draft) -> Draft:
    findings = [
        replace(
            f, message=printable(f.message), field=printable(f.field), file=printable(f.file), place=printable(f.place)
        )
        for f in sorted_findings(draft.findings)
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
        "status_label": status_label(draft),
        "filtered": draft.filtered,
        "abstract_length": draft.abstract_length,
        "self_assessment_total": _number(draft.self_assessment_total),
        "self_assessment_claimed": _number(draft.self_assessment_claimed),
        "findings": [f.to_dict() for f in draft.findings],
    }


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def totals_text(draft: Draft) -> str:
    """「77.5 分」, or 「填报 80 分，核算 77.5 分」 where the applicant's total is not the sum."""
    from proposal_kit.formats import amount

    counted, claimed = draft.self_assessment_total, draft.self_assessment_claimed
    if counted is None:
        return ""
    if claimed is None:
        return f"核算 {amount(counted)} 分（未填报总分）"
    if claimed == counted:
        return f"{amount(counted)} 分"
    return f"填报 {amount(claimed)} 分，核算 {amount(counted)} 分"


def abstract_limit(draft: Draft) -> int:
    """The abstract's limit in the guideline edition `draft` was checked against (the current one if none)."""
    from proposal_kit.guideline import load

    return (load(draft.guideline) if draft.guideline else load()).outline.abstract_limit


def validate_lines(draft: Draft) -> list[str]:
    """Each finding as `validate` prints it: 「file:line:col  code  错误  〔place〕message」, errors first."""
    return [f.format_line(SEVERITY_LABELS[f.severity.value]) for f in sorted_findings(draft.findings)]


def validate_summary(path: Path, draft: Draft) -> str:
    """The last line of `validate`: the counts, and the abstract's 字数 against its limit."""
    words = ""
    if draft.abstract_length is not None:
        words = f"；摘要 {draft.abstract_length:,} 字（上限 {abstract_limit(draft):,} 字）"
    if not draft.valid:
        line = f"{path}：无法读取，请先修改上面的问题"
    elif not draft.findings:
        line = f"{path}：校验通过，未发现问题{words}"
    else:
        line = f"{path}：共 {len(draft.findings)} 个问题，错误 {draft.errors} 个，警告 {draft.warnings} 个{words}"
    return printable(line)


def summary_line(drafts: Sequence[Draft]) -> str:
    counts = summary(drafts)
    return (
        f"共检查 {counts['drafts']} 份：通过 {counts['passed']} 份，未通过 {counts['failed']} 份，"
        f"无法读取 {counts['invalid']} 份；错误 {counts['errors']} 个，警告 {counts['warnings']} 个"
    )
