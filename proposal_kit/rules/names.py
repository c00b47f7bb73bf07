"""Names that must read the same everywhere: the centre's, the legal entity's in its charter, the units' and
who holds which post. A reviewer reads the cover, the abstract, the charter and the attachments side by side."""

from __future__ import annotations

import re
from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import LegalForm
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import lines_with
from proposal_kit.rules.template_text import leftovers
from proposal_kit.rules.units import center_name_problem

_CENTER = re.compile(r"重庆市([^，。；、\s“”‘’「」《》()（）|*#]{1,30}?)产业创新中心")
# Words that make a centre's name the one this proposal is about, not another one it cites.
_THIS_ONE = re.compile(r"(建设|组建|筹建|成立|设立|本|拟建)$|^(（以下简称|组建|共建|章程|合作协议|建设方案)")
_OWN_PARTS = ("abstract", "other_matters", "attachments")


@rule("X001", "center-name-differs", Severity.ERROR, "第十二条")
def center_name_differs(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文、章程或附件中的创新中心名称与封面的名称不同。

    同一份方案中，创新中心只有一个名称；摘要、第七章、章程和附件标题里写的名称都要与封面一致。
    正文引用的其他产业创新中心不在此列。
    错误示例：封面「重庆市车规级功率半导体产业创新中心」，合作协议标题「重庆市功率半导体产业创新中心……」。
    正确示例：各处都是同一名称。
    """
    name = proposal.center.name
    if center_name_problem(name, guideline) or any(leftovers(name)):
        return  # U001 or C005 says the name on the cover is wrong; the prose may well have it right
    for path, index, line in lines_with(proposal, "产业创新中心"):
        if path[:1] == ("center",):
            continue
        for match in _CENTER.finditer(line):
            if match.group() == name or match[1] in ("级", "××") or "X" in match[1].upper():
                continue
            before, after = line[max(0, match.start() - 4) : match.start()], line[match.end() : match.end() + 6]
            if path[0] in _OWN_PARTS or _THIS_ONE.search(before) or _THIS_ONE.search(after):
                yield path, f"写作「{match.group()}」，与封面的名称「{name}」不一致", index


_ENTITY_FORMS = {LegalForm.COMPANY, LegalForm.PUBLIC_INSTITUTION, LegalForm.SOCIAL_ORGANIZATION}


@rule("X002", "charter-of-another-entity", Severity.ERROR, "第五条、附件1 八.1")
def charter_of_another_entity(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """章程的名称与法人实体的名称不一致。

    以法人实体运行时，附件的章程就是这个法人的章程（附件1 八.1：或相应的公司章程）。
    错误示例：法人实体「××创新中心有限公司」，章程「××研究院有限公司章程」。正确示例：「××创新中心有限公司章程」。
    """
    center, charter = proposal.center, proposal.attachments.charter
    if charter is None or center.legal_form not in _ENTITY_FORMS or not center.entity_name:
        return
    if any(leftovers(center.entity_name)):
        return  # C005 says the entity's name is not filled in
    if center.entity_name not in charter.title and center.name not in charter.title:
        yield (
            ("attachments", "charter", "title"),
            f"章程「{charter.title}」不是法人实体「{center.entity_name}」的章程",
        )


_ORGANIZATION = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:股份有限公司|有限责任公司|有限公司|大学|研究院|研究所)")


def known_names(proposal: Proposal) -> set[str]:
    """Every organisation the proposal names in its data: units, the entity, companies, partners, investors."""
    units = [proposal.units.lead, *proposal.units.partners] if proposal.units.lead else proposal.units.partners
    evidence = proposal.evidence
    names = {unit.name for unit in units} | {proposal.center.lead_unit}
    names |= {proposal.center.entity_name or ""} | {c.name for c in evidence.incubated_companies}
    names |= {c.partner for c in evidence.cooperations} | {s.investor for s in evidence.social_capital}
    names |= {i.company for i in evidence.equity_investments}
    return {name for name in names if name}


def distance(a: str, b: str) -> int:
    """The Levenshtein distance between two short strings."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def misspelt(written: str, names: set[str]) -> str:
    """The known name `written` is a slip of (one or two characters off), or "" where it is none of them."""
    if any(written.endswith(name) for name in names):
        return ""
    for name in sorted(names, key=len, reverse=True):
        if len(name) < 6:
            continue
        for size in range(len(name) - 2, min(len(name) + 2, len(written)) + 1):
            tail = written[-size:]
            if tail[-2:] == name[-2:] and tail[:2] == name[:2] and distance(tail, name) <= 2:
                return name
    return ""


_NAME_FIELDS = ("name", "lead_unit", "entity_name", "partner", "investor", "company")


@rule("X003", "name-misspelt", Severity.ERROR, "附件1 三")
def name_misspelt(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """单位名称写得与组建单位的全称差一两个字。

    同一家单位在全文中用同一个全称；差一两个字的名称，评审会当作另一家单位，或认定方案不严谨。
    错误示例：全称「重庆缙云芯动半导体股份有限公司」，摘要写「重庆缙云芯动半导体有限公司」。
    正确示例：用全称，或在首次出现时注明简称。
    """
    names = known_names(proposal)
    for path, index, line in lines_with(proposal, "公司", "大学", "研究院", "研究所"):
        if path[-1] in _NAME_FIELDS:
            continue  # the names themselves
        for match in _ORGANIZATION.finditer(line):
            meant = misspelt(match.group(), names)
            if meant:
                yield path, f"「{match.group()}」与组建单位「{meant}」差一两个字，请用全称", index


_DIRECTOR = (
    re.compile(r"(?<![副委])主任由([^，。；]{0,30}?)担任"),
    re.compile(r"([^，。；]{0,12})担任(?:创新中心|中心)?主任(?!委员|助理)"),
)


@rule("X004", "director-differs", Severity.ERROR, "附件1 五.2")
def director_differs(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文写的中心主任与人员表中的中心主任不是同一人。

    错误示例：人员表中心主任是许知遥，摘要写「由韩启明担任主任」。正确示例：两处同一人。
    """
    directors = [
        p.name for p in proposal.organization.personnel.key_people if "主任" in (p.role or "") and "副" not in p.role
    ]
    if len(directors) != 1:
        return
    director = directors[0]
    for path, index, line in lines_with(proposal, "担任"):
        if path[:2] == ("organization", "personnel"):
            continue
        for pattern in _DIRECTOR:
            for match in pattern.finditer(line):
                if director not in match[1]:
                    yield path, f"正文写「{match.group()}」，人员表中的中心主任是{director}", index


_JOINED = re.compile(r"联合([^。；]{4,200}?)(?:等\s*\S{1,3}\s*家单位)?(?:共同|联合)组建")


@rule("X012", "partners-listed-otherwise", Severity.ERROR, "附件1 三.2")
def partners_listed_otherwise(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文列举的组建单位与组建单位名单不一致。

    错误示例：名单中已删去某公司，摘要「联合……和该公司共同组建」仍列着它。正确示例：正文与名单一致。
    """
    partners = {unit.name for unit in proposal.units.partners}
    for path, index, line in lines_with(proposal, "联合"):
        for match in _JOINED.finditer(line):
            listed = [n for n in re.split(r"[、，,]|和|及|以及", match[1]) if _ORGANIZATION.fullmatch(n.strip())]
            extra = [n.strip() for n in listed if n.strip() not in partners]
            if listed and extra:
                yield path, f"正文列为组建单位的「{'、'.join(extra)}」不在组建单位名单中", index
