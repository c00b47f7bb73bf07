"""Items that are there but say nothing: a number, a heading, 「略」 or a dozen characters where 附件1 asks
for an account; the site, the risks and both kinds of goals, which a reviewer looks for by name."""

from __future__ import annotations

import re
from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline, Outline
from proposal_kit.memo import remembered
from proposal_kit.model import Proposal
from proposal_kit.model.walk import texts
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.paths import is_empty, value_at
from proposal_kit.rules.reading import substance

#: Below this many 字 of substance, an item that asks for an account is empty (a heading or 「略」 has none).
SUBSTANCE = 50
#: Where an item's substance lies when not in all of its text (a unit's facts are not an account of it).
_SUBSTANCE_OF = {"units.lead": "units.lead.profile"}
#: Items that have rules of their own for what they must hold.
_OWN_RULES = {"construction.location"}


def item_substance(proposal: Proposal, field: str) -> int:
    """The 字 of substance in the outline item answered by `field`."""
    value = value_at(proposal, _SUBSTANCE_OF.get(field, field))
    return remembered(proposal, ("substance", field), lambda: sum(substance(text) for _, text in texts(value)))


def narrative_items(outline: Outline) -> Iterator[tuple[str, str, int]]:
    """(field, label, min_chars) of each item of 附件1 that asks for an account in prose."""
    for chapter in outline.chapters:
        for item in chapter.items or (chapter,):
            if item.min_chars >= 2 * SUBSTANCE and item.field not in _OWN_RULES:
                label = chapter.heading if item is chapter else f"{chapter.number}、{item.heading}"
                yield item.field, label, item.min_chars


@rule("C006", "item-without-substance", Severity.ERROR, "附件1")
def item_without_substance(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """提纲的某一项有标题或只言片语，没有实际内容。

    只有编号、小标题、「略」「无」「见附件」，或十来个字的套话，等于没有写；少于 50 字（标题不计）即为此类。
    错误示例：「二、4. 建设产业创新中心的意义与作用」只写「意义重大，作用明显。」。
    正确示例：数段有事实、有数据的论述。
    """
    for field, label, _ in narrative_items(guideline.outline):
        if is_empty(value_at(proposal, field)):
            continue  # C001 says it is missing
        if item_substance(proposal, field) < SUBSTANCE:
            yield tuple(field.split(".")), f"「{label}」没有实际内容（除标题外不足 {SUBSTANCE} 字），请写出具体情况"


@rule("C007", "risks-not-analysed", Severity.ERROR, "附件1 六.5")
def risks_not_analysed(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """没有风险分析，或风险只列了类别，没有描述和应对措施。

    附件1 六.5 要求经济社会效益与风险分析；每项风险要说明是什么、怎么应对。
    错误示例：风险表只有「技术风险」「市场风险」两行类别。正确示例：每项风险有描述和应对措施。
    """
    risks = proposal.construction.risks
    if not risks.items and substance(risks.overview) < SUBSTANCE:
        yield ("construction", "risks"), "没有风险分析：请列出主要风险，说明其影响和应对措施"
        return
    for index, risk in enumerate(risks.items):
        if not (risk.description and risk.mitigation):
            missing = "、".join(n for n, v in (("风险描述", risk.description), ("应对措施", risk.mitigation)) if not v)
            yield ("construction", "risks", "items", index), f"风险「{risk.category}」缺少{missing}"


_STREET = re.compile(r"[路街道巷号楼栋园镇乡村]|\d")


@rule("C008", "site-missing", Severity.ERROR, "附件1 六.1")
def site_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """没有写明建设地点的具体地址。

    附件1 六.1 建设地点：至少写到街道门牌或园区楼宇，主管单位据此落实场地（第四条）。
    错误示例：没有 ``address``，或只写「重庆市沙坪坝区」。正确示例：「重庆市沙坪坝区西永大道28号 芯动科技园3号楼」。
    """
    location = proposal.construction.location
    address = location.address
    if not address:
        yield ("construction", "location", "address"), "没有写明建设地点的地址"
    elif not _STREET.search(re.sub(r"^(重庆市)?[\u4e00-\u9fff]{1,8}?[区县]", "", address)):
        yield ("construction", "location", "address"), f"建设地点「{address}」只写到区县，请写明街道门牌或园区楼宇"
