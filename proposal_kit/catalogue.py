"""Every code proposal-kit reports: the fixed codes of `codes.py` and the rules, in code order. `proposal-kit
rules` and the README's table are generated from it."""

from __future__ import annotations

from functools import cache

from proposal_kit.codes import CODES, Code


@cache
def catalogue() -> dict[str, Code]:
    """All codes, keyed by code, in code order."""
    from proposal_kit.rules import all_rules

    rules = [Code(r.code, r.slug, r.severity, r.clause, r.summary, r.explanation) for r in all_rules()]
    return {code.code: code for code in sorted([*CODES.values(), *rules], key=lambda c: c.code)}


def markdown_table() -> str:
    """The README's table of codes."""
    lines = ["| 代码 | 名称 | 级别 | 依据 | 说明 |", "| --- | --- | --- | --- | --- |"]
    for info in catalogue().values():
        lines.append(f"| `{info.code}` | {info.slug} | {info.severity.value} | {info.clause} | {info.summary} |")
    return "\n".join(lines)
