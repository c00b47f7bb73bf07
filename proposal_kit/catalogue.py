"""Every code proposal-kit reports, from the loader, the schema, the rules and the PDF converter, documented
in one place: `proposal-kit rules` and the README's table are generated from it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from proposal_kit.findings import Severity


@dataclass(frozen=True)
class CodeInfo:
    """One code: its slug, severity, the clause behind it, a one-line summary and a longer explanation."""

    code: str
    slug: str
    severity: Severity
    clause: str
    summary: str
    explanation: str = ""


_FIXED = {
    "L": ("读取", "安全读取（proposal-kit）"),
    "S": ("格式", "proposal.schema.json"),
    "P": ("PDF", "GB/T 9704-2012"),
    "N": ("新建", "proposal-kit new"),
    "W": ("写入", "安全写入（proposal-kit）"),
    "K": ("设置", "proposal-kit.toml"),
}
CONVERSION_CODES = {
    "P001": "未找到 LibreOffice，未生成 PDF（Word 文档照常生成）",
    "P002": "LibreOffice 转换超时，已终止进程（Word 文档保留）",
    "P003": "LibreOffice 未写出 PDF",
    "P004": "无法写入 PDF（输出文件夹只读，或同名文件被占用）",
    "P005": "本机没有任何字体包含某个字符，PDF 中将印为空白或方框",
}
WARNING_CODES = {"P005"}
OUTPUT_CODES = {"W001": "无法写入输出文件夹（只读、空间不足或同名文件被占用）"}
SCAFFOLD_CODES = {"N001": "新建方案的目标文件夹不是空的"}
SETTINGS_CODES = {"K001": "设置文件 proposal-kit.toml 无法读取或取值有误"}


@cache
def catalogue() -> dict[str, CodeInfo]:
    """All codes, keyed by code, in code order."""
    from proposal_kit.load import LOAD_CODES
    from proposal_kit.rules import all_rules
    from proposal_kit.validate import SCHEMA_CODES

    entries = [
        CodeInfo(
            code,
            _FIXED[code[0]][0],
            Severity.WARNING if code in WARNING_CODES else Severity.ERROR,
            _FIXED[code[0]][1],
            summary,
        )
        for table in (LOAD_CODES, SCHEMA_CODES, CONVERSION_CODES, SCAFFOLD_CODES, OUTPUT_CODES, SETTINGS_CODES)
        for code, summary in table.items()
    ]
    entries += [CodeInfo(r.code, r.slug, r.severity, r.clause, r.summary, r.explanation) for r in all_rules()]
    return {entry.code: entry for entry in sorted(entries, key=lambda e: e.code)}


def clause_of(code: str) -> str:
    info = catalogue().get(code)
    return info.clause if info else ""


def markdown_table() -> str:
    """The README's table of codes."""
    lines = ["| 代码 | 名称 | 级别 | 依据 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for info in catalogue().values():
        lines.append(f"| `{info.code}` | {info.slug} | {info.severity.value} | {info.clause} | {info.summary} |")
    return "\n".join(lines)
