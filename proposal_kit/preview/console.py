"""What the terminal says after each check while watching: the lines `validate` prints, errors first, then a
line of counts with the abstract's 字数; so a save can be followed without looking at the browser."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from proposal_kit.formats import printable
from proposal_kit.report import validate_lines, validate_summary
from proposal_kit.results import Draft


def report_lines(path: Path, draft: Draft, changed: list[str] | None = None, now: datetime | None = None) -> list[str]:
    """The block printed after a check: when, which files changed (none on the first check), the findings and
    the summary."""
    stamp = f"{now or datetime.now():%H:%M:%S}"
    if changed is None:
        head = f"[{stamp}] 已检查"
    else:
        shown = "、".join(changed[:5]) + (f" 等 {len(changed)} 个文件" if len(changed) > 5 else "")
        head = printable(f"[{stamp}] 检测到改动：{shown}")
    return [head, *validate_lines(draft), validate_summary(path, draft)]
