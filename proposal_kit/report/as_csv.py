"""The CSV report: one row per finding (a row for a draft with none), UTF-8 with a BOM for Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from proposal_kit.report import SEVERITY_LABELS, status_label

HEADER = [
    "草稿",
    "创新中心",
    "牵头单位",
    "主管单位",
    "状态",
    "代码",
    "级别",
    "依据",
    "提纲位置",
    "字段",
    "文件",
    "行",
    "列",
    "说明",
]


# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection): it gets a 「'」.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A cell a spreadsheet shows and never runs: text that would start a formula is prefixed with 「'」."""
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def render(drafts: Sequence, settings: str = "") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for draft in drafts:
        lead = [str(draft.path), draft.center, draft.lead_unit, draft.competent_unit, status_label(draft)]
        if not draft.findings:
            writer.writerow([inert(cell) for cell in [*lead, *[""] * 9]])
        for f in draft.findings:
            place = [f.file, f.line or "", f.column or ""]
            row = [*lead, f.code, SEVERITY_LABELS[f.severity.value], f.clause, f.place, f.field, *place, f.message]
            writer.writerow([inert(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")
