"""Rules about the centre's name and the units that form it (第五条, 第十条, 第十二条, GB 32100)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from proposal_kit.findings import FieldPath, Severity, dotted
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.credit_code import credit_code_problem
from proposal_kit.model.units import Unit, UnitKind
from proposal_kit.rules import Hit, rule

_CENTER_NAME = re.compile(r"^重庆市\S+产业创新中心$")


def _units(proposal: Proposal) -> list[tuple[FieldPath, Unit]]:
    lead = [(("units", "lead"), proposal.units.lead)] if proposal.units.lead else []
    return lead + [(("units", "partners", i), u) for i, u in enumerate(proposal.units.partners)]


@rule("U001", "center-name", Severity.ERROR, "第十二条")
def center_name(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """创新中心名称不是「重庆市××产业创新中心」的形式。

    第十二条统一规定了市产业创新中心的命名。
    错误示例：「重庆车规级功率半导体创新中心」。正确示例：「重庆市车规级功率半导体产业创新中心」。
    """
    name = proposal.center.name
    if not _CENTER_NAME.match(name) or name == "重庆市产业创新中心":
        yield ("center", "name"), f"名称「{name}」不符合「重庆市××产业创新中心」的命名"


@rule("U002", "lead-unit-qualified", Severity.ERROR, "第十条")
def lead_unit_qualified(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """牵头单位不是独立法人、与基本信息中的名称不一致，或缺少单位概况。

    第十条要求牵头单位在行业中具有显著创新优势；评审首先阅读其概况。
    错误示例：``legal_entity: false``，或 ``center.lead_unit`` 与 ``units.lead.name`` 不同。
    正确示例：两处名称一致，``legal_entity: true``，概况有数段内容。
    """
    lead = proposal.units.lead
    if lead is None:
        return
    if not lead.legal_entity:
        yield ("units", "lead", "legal_entity"), f"牵头单位「{lead.name}」不是独立法人"
    if lead.name != proposal.center.lead_unit:
        yield (
            ("units", "lead", "name"),
            f"牵头单位名称「{lead.name}」与基本信息中的「{proposal.center.lead_unit}」不一致",
        )
    if not (lead.profile or "").strip():
        yield ("units", "lead", "profile"), "牵头单位缺少单位概况"


@rule("U003", "credit-code", Severity.ERROR, "GB 32100-2015")
def credit_code(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """统一社会信用代码格式错误或校验码不对。

    第 18 位由前 17 位按 GB 32100-2015 计算得出，不符通常是录入错误。
    错误示例：``91350100M000100Y44``。正确示例：``91350100M000100Y43``。
    """
    for path, unit in _units(proposal):
        problem = credit_code_problem(unit.credit_code)
        if problem:
            yield (*path, "credit_code"), f"「{unit.name}」的统一社会信用代码「{unit.credit_code}」无效：{problem}"
    for index, company in enumerate(proposal.evidence.incubated_companies):
        problem = company.credit_code and credit_code_problem(company.credit_code)
        if problem:
            yield (
                ("evidence", "incubated_companies", index, "credit_code"),
                f"孵化企业「{company.name}」的统一社会信用代码无效：{problem}",
            )


@rule("U004", "research-partner", Severity.ERROR, "第五条")
def research_partner(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """组建单位中没有高等院校或科研院所。

    第五条要求广泛吸纳高等院校、科研院所等创新力量，形成紧密合作的创新联合体。
    错误示例：共建单位全是企业。正确示例：至少一家 ``kind: university`` 或 ``institute``。
    """
    kinds = {unit.kind for _, unit in _units(proposal)}
    if proposal.units.partners and not kinds & {UnitKind.UNIVERSITY, UnitKind.INSTITUTE}:
        yield ("units", "partners"), "组建单位中没有高等院校或科研院所"


@rule("U005", "unit-listed-twice", Severity.ERROR, "附件1 三.2")
def unit_listed_twice(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """同一单位在牵头单位和共建单位中出现了两次。

    每家单位只列一次；名称或统一社会信用代码重复通常是复制粘贴的疏忽。
    错误示例：牵头单位又出现在共建单位中。正确示例：每家单位只出现一次。
    """
    seen: dict[str, FieldPath] = {}
    for path, unit in _units(proposal):
        for key in (unit.name, unit.credit_code):
            if key in seen:
                yield path, f"「{unit.name}」与 {dotted(seen[key])} 重复"
                break
        else:
            seen[unit.name] = seen[unit.credit_code] = path
