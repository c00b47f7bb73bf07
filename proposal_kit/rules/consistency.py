"""Things that cannot both be true: a record dated after the proposal was written, a part larger than its
whole, the same paragraph pasted into two sections."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from proposal_kit.findings import FieldPath, Severity, dotted
from proposal_kit.formats import amount, chinese_date
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.places import place_of
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import all_texts

# (registry, the field holding its date or year, what a record of it is called)
_DATED = (
    ("patents", "granted_on", "专利授权"),
    ("projects", "year", "项目立项"),
    ("standards", "year", "标准发布"),
    ("products", "year", "产品或技术完成"),
    ("incubated_companies", "founded", "孵化企业成立"),
    ("equity_investments", "year", "股权投资"),
    ("cooperations", "year", "合作"),
    ("platforms", "year", "平台获批"),
    ("talents", "year", "人才入选"),
    ("workstations", "year", "院士工作站设立"),
    ("awards", "year", "获奖"),
)


def _after(value: Any, prepared_on: date) -> bool:
    if isinstance(value, date):
        return value > prepared_on
    return isinstance(value, int) and value > prepared_on.year


def _label(value: Any) -> str:
    return chinese_date(value) if isinstance(value, date) else f"{value}年"


@rule("X005", "dated-after-preparation", Severity.ERROR, "附件2、第十五条")
def dated_after_preparation(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """作为已有基础列出的记录，日期晚于编制日期。

    佐证台账和单位信息写的是编制时已有的事实；晚于编制日期的专利、项目、奖项不能计入，
    成立年份晚于编制日期通常是笔误。
    错误示例：编制日期 2025-03-01，专利授权公告日 2025-05-20。正确示例：台账只列编制日期前已发生的事。
    """
    prepared_on = proposal.center.prepared_on
    units = [(("units", "lead"), proposal.units.lead)] if proposal.units.lead else []
    units += [(("units", "partners", i), u) for i, u in enumerate(proposal.units.partners)]
    for path, unit in units:
        if _after(unit.established, prepared_on):
            yield (
                (*path, "established"),
                f"「{unit.name}」的成立年份{unit.established}年晚于编制日期{chinese_date(prepared_on)}",
            )
    for registry, key, what in _DATED:
        for index, record in enumerate(getattr(proposal.evidence, registry)):
            value = getattr(record, key)
            if _after(value, prepared_on):
                yield (
                    ("evidence", registry, index, key),
                    f"{what}日期{_label(value)}晚于编制日期{chinese_date(prepared_on)}，不能作为已有基础",
                )


@rule("X011", "part-over-whole", Severity.ERROR, "附件2 2.2.3、3.3.4")
def part_over_whole(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某年的成果转化收入、股份出售收入或前沿研发支出大于当年总收入。

    附件2 按它们占总收入的比例评分；部分大于总数，比例就超过了 100%。
    错误示例：总收入 98,000 万元，成果转化收入 210,000 万元。正确示例：各项都不超过总收入。
    """
    for index, year in enumerate(proposal.evidence.finances):
        for key, label in (("transfer_income", "科技成果转移转化收入"), ("share_sale_income", "出售孵化企业股份收入")):
            part = getattr(year, key)
            if part > year.total_income:
                yield (
                    ("evidence", "finances", index, key),
                    f"{year.year}年{label} {amount(part)} 万元，大于当年总收入 {amount(year.total_income)} 万元",
                )


_MARKUP = re.compile(r"[*_`>#\s]|^\d+[.)]|^[-+]")
#: A paragraph this long (characters) found in two places was pasted, not written twice by chance.
PASTED = 60


_PARAGRAPH = re.compile(r"(?:[^\n]*\S[^\n]*(?:\n|$))+")


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(first line, text without markup) of each paragraph of a Markdown text; tables are left out."""
    for match in _PARAGRAPH.finditer(text):
        if not match.group().lstrip().startswith("|"):
            yield text.count("\n", 0, match.start()), _MARKUP.sub("", match.group())


@rule("X010", "paragraph-repeated", Severity.ERROR, "附件1")
def paragraph_repeated(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """同一段文字原样出现在两个不同的部分。

    复制粘贴的段落说明至少有一处没有按提纲的要求写；评审会要求重写。摘要概括各章，不在此列。
    错误示例：「二.1」的一段整段出现在「二.4」。正确示例：每部分写自己的内容，需要时写「见二.1」。
    """
    seen: dict[str, FieldPath] = {}
    reported: set[tuple[FieldPath, FieldPath]] = set()
    for path, text in all_texts(proposal):
        if path == ("abstract",) or len(text) < PASTED:
            continue  # the abstract sums up the chapters, often in their own words
        for line, paragraph in _paragraphs(text):
            if len(paragraph) < PASTED:
                continue
            first = seen.setdefault(paragraph, path)
            if first != path and (first, path) not in reported:
                reported.add((first, path))  # once for each pair of parts: the first paragraph found says it
                yield path, f"这一段与「{_where(first, guideline)}」中的一段完全相同", line


def _where(path: FieldPath, guideline: Guideline) -> str:
    return place_of(dotted(path), guideline.outline) or dotted(path)
