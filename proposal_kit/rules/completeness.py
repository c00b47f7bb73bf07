"""Rules about the outline of 附件1: every item present, the abstract within its limit, real length."""

from __future__ import annotations

from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import outline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.paths import is_empty, value_at, word_count
from proposal_kit.textcount import count_markdown_words


def _labelled_leaves() -> list[tuple[str, str, bool, int]]:
    """(field, label, required, min_chars) for every part of the outline one field answers."""
    parts = []
    for chapter in outline().chapters:
        if not chapter.items:
            parts.append((chapter.field, chapter.heading, chapter.required, chapter.min_chars))
        for item in chapter.items:
            parts.append((item.field, f"{chapter.number}、{item.heading}", item.required, item.min_chars))
    return parts


@rule("C001", "outline-item-missing", Severity.ERROR, "附件1")
def outline_item_missing(proposal: Proposal) -> Iterator[Hit]:
    """A required item of the 附件1 outline is missing or empty.

    Every numbered item of the outline must be written; a reviewer sends back a proposal with a gap.
    Bad: ``background: {national_strategy: 本领域……}`` with ``key_problems`` left out.
    Good: all four items of 二 present, each with its own text.
    """
    for path, label, required, _ in _labelled_leaves():
        if required and is_empty(value_at(proposal, path)):
            yield path, f"提纲「{label}」缺失或为空"


@rule("C002", "abstract-too-long", Severity.ERROR, "附件1 一")
def abstract_too_long(proposal: Proposal) -> Iterator[Hit]:
    """The abstract is longer than the outline's limit of 2500 字.

    Counted as Word's 字数 counts: each Chinese character or full-width mark is one, each English word or number one.
    Bad: a 2,800-字 abstract. Good: about 2,000 字 covering every chapter.
    """
    limit = outline().abstract_limit
    count = count_markdown_words(proposal.abstract or "")
    if count > limit:
        yield "abstract", f"摘要共 {count} 字，超过 {limit} 字的上限 {count - limit} 字"


@rule("C003", "item-too-short", Severity.WARNING, "附件1")
def item_too_short(proposal: Proposal) -> Iterator[Hit]:
    """A narrative item is far shorter than a real submission's.

    The threshold of each item is kept in the outline data (``min_chars``).
    Bad: 「4. 建设产业创新中心的意义与作用」 in one sentence. Good: several paragraphs with facts and figures.
    """
    for path, label, _, minimum in _labelled_leaves():
        value = value_at(proposal, path)
        if minimum and not is_empty(value) and (count := word_count(value)) < minimum:
            yield path, f"「{label}」仅 {count} 字，明显少于正式方案的篇幅（建议不少于 {minimum} 字）"
