"""Rules about the centre's name and the units that form it (第五条, 第十条, 第十二条, GB 32100)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from proposal_kit.findings import FieldPath, Severity
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.credit_code import credit_code_problem
from proposal_kit.model.sections import SourceKind
from proposal_kit.model.units import Unit, UnitKind
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.organization import DESCRIBED
from proposal_kit.rules.reading import substance

_CENTER_NAME = re.compile(r"^重庆市\S+产业创新中心$")


def _units(proposal: Proposal) -> list[tuple[FieldPath, Unit]]:
    lead = [(("units", "lead"), proposal.units.lead)] if proposal.units.lead else []
    return lead + [(("units", "partners", i), u) for i, u in enumerate(proposal.units.partners)]


def follows_the_naming(name: str) -> bool:
    """Whether `name` has the form 「重庆市××产业创新中心」 of 第十二条."""
    return bool(_CENTER_NAME.match(name)) and name != "重庆市产业创新中心"


@rule("U001", "center-name", Severity.ERROR, "第十二条")
def center_name(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """创新中心名称不是「重庆市××产业创新中心」的形式。

    第十二条统一规定了市产业创新中心的命名；××是产业领域，不是区县名。
    错误示例：「重庆车规级功率半导体创新中心」「重庆市沙坪坝区功率半导体产业创新中心」。正确示例：「重庆市车规级功率半导体产业创新中心」。
    """
    message = center_name_problem(proposal.center.name, guideline)
    if message:
        yield ("center", "name"), message


def center_name_problem(name: str, guideline: Guideline) -> str:
    """What is wrong with the centre's name under 第十二条, or ""."""
    if not follows_the_naming(name):
        return f"名称「{name}」不符合「重庆市××产业创新中心」的命名"
    places = [p for p in guideline.competent_units.places() if p in name[3:]]
    if places:
        return f"名称中的「{places[0]}」是地名；「重庆市××产业创新中心」中的××是产业领域"
    return ""


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
    if (proposal.units.lead or proposal.units.partners) and not kinds & {UnitKind.UNIVERSITY, UnitKind.INSTITUTE}:
        yield (
            ("units", "partners"),
            "组建单位中没有高等院校或科研院所（第五条：应广泛吸纳高等院校、科研院所等创新力量）",
        )


@rule("U005", "unit-listed-twice", Severity.ERROR, "附件1 三.2")
def unit_listed_twice(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """同一单位列了两次，或两家单位填了同一个统一社会信用代码。

    每家单位只列一次；代码相同通常是复制粘贴时没有改。
    错误示例：牵头单位又出现在共建单位中。正确示例：每家单位只出现一次，各有自己的代码。
    """
    names: dict[str, FieldPath] = {}
    codes: dict[str, tuple[FieldPath, str]] = {}
    for path, unit in _units(proposal):
        if unit.name in names:
            yield path, f"「{unit.name}」已列在 {_where(names[unit.name])}，同一单位只列一次"
        elif unit.credit_code in codes:
            other_path, other = codes[unit.credit_code]
            yield (
                (*path, "credit_code"),
                f"「{unit.name}」的统一社会信用代码与{_where(other_path)}「{other}」相同，两家单位不会共用一个代码",
            )
        names.setdefault(unit.name, path)
        codes.setdefault(unit.credit_code, (path, unit.name))


def _where(path: FieldPath) -> str:
    return "牵头单位" if path == ("units", "lead") else f"共建单位第 {int(path[-1]) + 1} 家"


@rule("U006", "partner-profile-empty", Severity.WARNING, "附件1 三.2")
def partner_profile_empty(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某家共建单位没有概况，或概况只有「无」「略」之类。

    附件1 三.2 其他组建单位概况：评审据此判断各单位能否承担其分工。
    错误示例：``profile: 无``。正确示例：两三句话说明单位性质、优势和在中心的分工。
    """
    for index, unit in enumerate(proposal.units.partners):
        if substance(unit.profile) < DESCRIBED:
            yield ("units", "partners", index, "profile"), f"共建单位「{unit.name}」没有单位概况"


@rule("U007", "rd-staff-over-staff", Severity.ERROR, "附件1 三")
def rd_staff_over_staff(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """某单位的研发人员多于职工总数。

    错误示例：``staff: 1260, rd_staff: 1410``。正确示例：研发人员是职工的一部分。
    """
    for path, unit in _units(proposal):
        if unit.staff is not None and unit.rd_staff is not None and unit.rd_staff > unit.staff:
            yield (*path, "rd_staff"), f"「{unit.name}」研发人员 {unit.rd_staff} 人，多于职工总数 {unit.staff} 人"


@rule("U008", "lead-is-enterprise", Severity.ERROR, "第二条、第十条")
def lead_is_enterprise(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """牵头单位不是企业。

    第二条：市产业创新中心采取企业主导、院校协作的模式；第十条：牵头单位应在行业中具有显著创新优势。
    高校、院所作为共建单位参与（第五条）。
    错误示例：``units.lead.kind: university``。正确示例：牵头单位是企业，高校、院所共建。
    """
    lead = proposal.units.lead
    if lead is not None and lead.kind is not UnitKind.ENTERPRISE:
        yield (
            ("units", "lead", "kind"),
            f"牵头单位「{lead.name}」是{lead.kind.label}，不是企业（第二条：企业主导、院校协作）",
        )


@rule("U009", "lead-capacity", Severity.ERROR, "第十条")
def lead_capacity(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """牵头单位没有研发人员，或自筹资金超过其上年营业收入。

    第十条：牵头单位应人才密度较高，能够为建设提供充足的资金支持和条件保障。
    错误示例：牵头单位研发人员 0 人；年收入 800 万元却自筹 18,000 万元。正确示例：人员和收入与承诺相称。
    """
    lead = proposal.units.lead
    if lead is None:
        return
    if lead.rd_staff == 0:
        yield ("units", "lead", "rd_staff"), f"牵头单位「{lead.name}」没有研发人员（第十条：人才密度较高）"
    own = sum((s.amount for s in proposal.construction.funding.sources if s.kind is SourceKind.SELF_RAISED), Decimal(0))
    if lead.revenue is not None and own > lead.revenue:
        yield (
            ("units", "lead", "revenue"),
            f"牵头单位自筹 {amount(own)} 万元，超过其上年营业收入 {amount(lead.revenue)} 万元（第十条：提供充足的资金支持）",
        )


_COMPANY_PREFIX = re.compile(r"^(重庆市?|中国)?")


@rule("U010", "center-name-has-trade-name", Severity.WARNING, "第十二条")
def center_name_has_trade_name(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """创新中心名称中用了牵头单位的字号。

    「重庆市××产业创新中心」的××是产业技术领域；市产业创新中心是行业的平台，不是某家企业的。
    错误示例：「重庆市缙云芯动功率半导体产业创新中心」。正确示例：「重庆市车规级功率半导体产业创新中心」。
    """
    lead = proposal.center.lead_unit
    trade_name = _COMPANY_PREFIX.sub("", lead)[:4]
    if len(trade_name) == 4 and trade_name in proposal.center.name:
        yield ("center", "name"), f"名称中的「{trade_name}」是牵头单位的字号；××宜为产业领域"
