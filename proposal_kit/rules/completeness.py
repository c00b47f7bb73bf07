"""Rules about the outline of 附件1: every item present, the abstract within its limit, real length."""

from __future__ import annotations

from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline, Outline
from proposal_kit.model import Proposal
from proposal_kit.printed import abstract_words
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.paths import is_empty, value_at, word_count
from proposal_kit.rules.substance import SUBSTANCE, item_substance


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

    按 Word「字数」统计印出的整章：每个汉字或全角标点算 1 字，每个英文单词或数字算 1 字；
    章首的「创新中心基本情况」表（约 150 字）也计在内，与在 Word 中选中这一章看到的字数相同。
    错误示例：正文 2,426 字，加上基本情况表共 2,586 字。正确示例：整章约 2,000 字，覆盖各章要点。
    """
    limit = guideline.outline.abstract_limit
    count = abstract_words(proposal)
    if count > limit:
        yield ("abstract",), f"「一、摘要」印出 {count} 字（含基本情况表），超过 {limit} 字的上限 {count - limit} 字"


@rule("C003", "item-too-short", Severity.WARNING, "附件1")
def item_too_short(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某一叙述项明显短于正式方案的篇幅。

    各项的参考字数写在提纲数据（``min_chars``）中。
    错误示例：「4. 建设产业创新中心的意义与作用」只有一句话。正确示例：数段有事实、有数据的论述。
    """
    for path, label, _, minimum in _labelled_leaves(guideline.outline):
        value = value_at(proposal, path)
        if not minimum or is_empty(value):
            continue  # nothing to measure, or C001 says it is missing
        substance = item_substance(proposal, path)
        if substance < SUBSTANCE or substance >= minimum:
            continue  # C006 says it is empty; or its substance alone is long enough
        if (count := word_count(value)) < minimum:
            yield tuple(path.split(".")), f"「{label}」仅 {count} 字，明显少于正式方案的篇幅（建议不少于 {minimum} 字）"


@rule("C009", "charter-not-a-charter", Severity.ERROR, "附件1 八.1")
def charter_not_a_charter(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """附件「章程」一栏放的不是章程。

    附件1 八.1 是产业创新中心章程（或相应的公司章程）；合作协议、营业执照等属于八.2 其他配套文件。
    错误示例：``charter: {title: 组建单位合作协议}``。正确示例：``charter: {title: ××有限公司章程}``。
    """
    charter = proposal.attachments.charter
    if charter is not None and "章程" not in charter.title:
        yield ("attachments", "charter", "title"), f"「{charter.title}」不是章程；章程之外的文件请列入「其他配套文件」"
