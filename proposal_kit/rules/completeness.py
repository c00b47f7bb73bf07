"""Rules about the outline of 附件1: every item present, the abstract within its limit, real length."""

from __future__ import annotations

from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline, Outline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.paths import is_empty, value_at, word_count
from proposal_kit.textcount import count_markdown_words


def _labelled_leaves(outline: Outline) -> list[tuple[str, str, bool, int]]:
    """(field, label, required, min_chars) for every part of the outline one field answers."""
    parts = []
    for chapter in outline.chapters:
        if not chapter.items:
            parts.append((chapter.field, chapter.heading, chapter.required, chapter.min_chars))
        for item in chapter.items:
            parts.append((item.field, f"{chapter.number}、{item.heading}", item.required, item.min_chars))
    return parts


@rule("C001", "outline-item-missing", Severity.ERROR, "附件1")
def outline_item_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """附件1 编制提纲中的必填项缺失或为空。

    提纲的每个编号项都要写；缺项的方案会被退回。
    错误示例：``background`` 中没有 ``key_problems``。正确示例：二的四项都有各自的内容。
    """
    for path, label, required, _ in _labelled_leaves(guideline.outline):
        if required and is_empty(value_at(proposal, path)):
            yield tuple(path.split(".")), f"提纲「{label}」缺失或为空"


@rule("C002", "abstract-too-long", Severity.ERROR, "附件1 一")
def abstract_too_long(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """摘要超过提纲规定的 2500 字。

    按 Word「字数」统计：每个汉字或全角标点算 1 字，每个英文单词或数字算 1 字。
    错误示例：2800 字的摘要。正确示例：约 2000 字，覆盖各章要点。
    """
    limit = guideline.outline.abstract_limit
    count = count_markdown_words(proposal.abstract or "")
    if count > limit:
        yield ("abstract",), f"摘要共 {count} 字，超过 {limit} 字的上限 {count - limit} 字"


@rule("C003", "item-too-short", Severity.WARNING, "附件1")
def item_too_short(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某一叙述项明显短于正式方案的篇幅。

    各项的参考字数写在提纲数据（``min_chars``）中。
    错误示例：「4. 建设产业创新中心的意义与作用」只有一句话。正确示例：数段有事实、有数据的论述。
    """
    for path, label, _, minimum in _labelled_leaves(guideline.outline):
        value = value_at(proposal, path)
        if minimum and not is_empty(value) and (count := word_count(value)) < minimum:
            yield tuple(path.split(".")), f"「{label}」仅 {count} 字，明显少于正式方案的篇幅（建议不少于 {minimum} 字）"
