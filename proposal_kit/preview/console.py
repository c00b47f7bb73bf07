"""What the terminal says after each check while watching: the lines `validate` prints, errors first, then a
line of counts with the abstract's 字数; so a save can be followed without looking at the browser."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from proposal_kit.formats import printable
from proposal_kit.guideline import DEFAULT_EDITION
from proposal_kit.guideline import load as load_guideline
from proposal_kit.report import SEVERITY_LABELS, sorted_findings
from proposal_kit.results import Draft


def finding_lines(draft: Draft) -> list[str]:
    """Each finding as `validate` prints it: 「file:line:col  code  错误  〔place〕message」."""
    return [f.format_line(SEVERITY_LABELS.get(f.severity.value, "")) for f in sorted_findings(draft.findings)]


def summary_line(path: Path, draft: Draft) -> str:
    """The last line of `validate`: the counts, and the abstract's 字数 against its limit."""
    words = ""
    if draft.abstract_length is not None:
        limit = _abstract_limit(draft)
        words = f"；摘要 {draft.abstract_length:,} 字（上限 {limit:,} 字）"
    if not draft.valid:
        return printable(f"{path}：无法读取，请先修改上面的问题")
    if not draft.findings:
        return printable(f"{path}：校验通过，未发现问题{words}")
    return printable(
        f"{path}：共 {len(draft.findings)} 个问题，错误 {draft.errors} 个，警告 {draft.warnings} 个{words}"
    )


def report_lines(path: Path, draft: Draft, changed: list[str] | None = None, now: datetime | None = None) -> list[str]:
    """The block printed after a check: when, which files changed (none on the first check), the findings and
    the summary."""
    stamp = f"{now or datetime.now():%H:%M:%S}"
    if changed is None:
        head = f"[{stamp}] 已检查"
    else:
        shown = "、".join(changed[:5]) + (f" 等 {len(changed)} 个文件" if len(changed) > 5 else "")
        head = printable(f"[{stamp}] 检测到改动：{shown}")
    return [head, *finding_lines(draft), summary_line(path, draft)]


def _abstract_limit(draft: Draft) -> int:
    try:
        return load_guideline(draft.guideline or DEFAULT_EDITION).outline.abstract_limit
    except Exception:  # an edition no data folder holds: the check says so
        return load_guideline(DEFAULT_EDITION).outline.abstract_limit
