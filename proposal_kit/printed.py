"""What chapter 一 prints besides the abstract's own text, and the 字 a reader counts there.

The document opens chapter 一 with a table of the centre's basic facts, then the abstract. A reviewer checks
the 2500-字 limit of 附件1 by selecting the chapter in Word, table included; so the limit is applied to the
chapter as printed, and the count shown is that count."""

from __future__ import annotations

import re

from proposal_kit.formats import chinese_date
from proposal_kit.levels import heading_number
from proposal_kit.memo import remembered
from proposal_kit.model import Proposal
from proposal_kit.model.sections import Center
from proposal_kit.prose import heading_levels, parse
from proposal_kit.textcount import count_markdown_words, count_words

FACTS_CAPTION = "创新中心基本情况"
FACTS_HEADER = ("项目", "内容")


def center_facts(proposal: Proposal) -> list[tuple[str, str]]:
    """(label, value) of each basic fact the table in chapter 一 prints, in order."""
    center = proposal.center
    facts = [
        ("name", center.name),
        ("industry", center.industry),
        ("cluster", center.cluster or ""),
        ("lead_unit", center.lead_unit),
        ("competent_unit", center.competent_unit),
        ("legal_form", center.legal_form.label),
        ("entity_name", center.entity_name or ""),
        ("prepared_on", chinese_date(center.prepared_on)),
    ]
    return [(Center.model_fields[name].title or name, value) for name, value in facts if value]


def abstract_words(proposal: Proposal) -> int:
    """The 字 of chapter 一 as printed (its heading aside): the facts table with its caption, the abstract, and
    the numbers the document gives the abstract's sub-headings (「（一）」). List numbers Word counts not."""
    return remembered(proposal, "abstract words", lambda: _count(proposal))


def _count(proposal: Proposal) -> int:
    table = count_words(" ".join((FACTS_CAPTION, *FACTS_HEADER)))
    table += sum(count_words(f"{label} {value}") for label, value in center_facts(proposal))
    text = proposal.abstract or ""
    return table + count_markdown_words(text) + _heading_numbers(text)


_HEADING = re.compile(r"^ {0,3}#{1,6}\s", re.MULTILINE)


def _heading_numbers(text: str) -> int:
    if not _HEADING.search(text):
        return 0  # no sub-headings: nothing to parse
    tokens = parse(text)
    levels = heading_levels(tokens, 1)
    counts: dict[int, int] = {}
    words = 0
    for token in tokens:
        if token.type == "heading_open":
            level = levels[int(token.tag[1:])]
            counts = {k: v for k, v in counts.items() if k <= level}
            counts[level] = counts.get(level, 0) + 1
            words += count_words(heading_number(level, counts[level]))
    return words
