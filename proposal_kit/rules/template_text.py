"""Template text left in a draft: placeholders (「XXX」「××」「某某」「____」), notes to the author
(「【请填写……】」「（此处填写……）」「待补充」), examples and TODOs, wherever a reader would see them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import all_texts, numbered_lines

_CJK = "\u4e00-\u9fff"
# Each kind of leftover, with what a reviewer would call it.
_LEFTOVERS = (
    (
        re.compile(r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|(?<![A-Za-z])[Xx](?=[年月日人件个家项万元%号）)])|附件[Xx×]"),
        "占位符",
    ),
    (re.compile(r"[×＊]{2,}|○○|某某"), "占位符"),
    (re.compile(rf"_{{3,}}|(?<=[{_CJK}\d])__(?=[{_CJK}\d])"), "空白待填处"),
    (re.compile(r"待(补充|填写|完善|核实|确认)|另行补充"), "待补充的内容"),
    (
        re.compile(
            r"(此处|在此)(填写|描述|说明|补充|列出|插入)|请(在此|于此|填写|补充|根据|结合|按照?实际|描述|列出|删除)"
        ),
        "填写说明",
    ),
    (re.compile(r"【[^】]{0,60}(请|填写|补充|说明|删除|示例|此处|待|注)[^】]{0,60}】"), "填写说明"),
    (re.compile(r"示例|样例|范文"), "示例文字"),
    (re.compile(r"\b(TODO|TBD|FIXME|XXX)\b", re.IGNORECASE), "待办标记"),
)


# What every kind of leftover holds at least one of: most texts hold none, and are passed over in one scan.
_ANY = re.compile(r"[Xx×＊○某_【待示样范]|另行|此处|在此|请[在于填补根结按描列删]|TODO|TBD|FIXME", re.IGNORECASE)


def leftovers(line: str) -> Iterator[tuple[str, str]]:
    """(what it is, the text) of each piece of template text in one line."""
    for pattern, kind in _LEFTOVERS:
        match = pattern.search(line)
        if match:
            yield kind, match.group()


@rule("C005", "template-text", Severity.ERROR, "附件1")
def template_text(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """方案中留有模板或占位文字。

    名称、正文、表格、附件和台账中的「XXX」「××」「某某」「____」、「待补充」「（此处填写……）」「【请……】」
    「示例」「TODO」，是没有写完的地方；评审见到即退回。指引自己的「重庆市××产业创新中心」也是占位，不是名称。
    错误示例：「拥有有效发明专利XX件」「【请填写牵头单位近三年经营情况】」。正确示例：写出实际内容，删去提示。
    """
    for path, text in all_texts(proposal):
        if path == ("center", "competent_unit") or not _ANY.search(
            text
        ):  # D001 reads the competent unit  # one pass over most texts, which hold none
            continue
        for index, line in numbered_lines(text):
            found = list(leftovers(line))
            if found:
                kind, piece = found[0]
                yield path, f"留有{kind}「{piece}」，请换成实际内容", index
