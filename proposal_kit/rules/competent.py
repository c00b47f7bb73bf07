"""Rules about the competent unit (主管单位): a district's or development zone's development and reform
commission in Chongqing (第四条, 第十二条)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from proposal_kit.findings import Severity
from proposal_kit.guideline import CompetentUnits, Guideline
from proposal_kit.model import Proposal
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import lines_with

_PLACEHOLDER = re.compile(r"^[\s/／—\-]*$|[Xx×＊*]{2}|某|待定|待补充|^无$|^暂无$")


@dataclass(frozen=True)
class Reading:
    """A competent unit as written: the district or zone it names (if any) and what is left after it."""

    place: str
    rest: str
    municipal: bool  # written as a body of the municipality itself (「重庆市……委员会」)


def read(name: str, units: CompetentUnits) -> Reading:
    """Split 「重庆市沙坪坝区发展改革委」 into its place (沙坪坝区) and body (发展改革委)."""
    text = re.sub(r"\s+", "", name)
    places = units.places()
    for prefix in ("重庆市", "重庆", ""):
        if not text.startswith(prefix):
            continue
        rest = text[len(prefix) :]
        for place in sorted((*places, *units.former), key=len, reverse=True):
            if rest.startswith(place):
                return Reading(place, rest[len(place) :], False)
    municipal = text.startswith("重庆市") or text.startswith("重庆")
    return Reading("", text.removeprefix("重庆市").removeprefix("重庆"), municipal)


def problem(name: str, units: CompetentUnits) -> str:
    """Why `name` is not a competent unit in the sense of 第四条, or "" when it is one."""
    text = re.sub(r"\s+", "", name)
    if _PLACEHOLDER.search(text):
        return f"主管单位「{name}」不是实际的单位，请填写所在区县（开发区）发展改革委"
    if len(re.findall("|".join(map(re.escape, units.bodies)) + "|委员会|局", text)) > 1:
        return f"主管单位只能是一个区县（开发区）发展改革委，「{name}」写了不止一个单位"
    reading = read(text, units)
    if reading.place in units.former:
        return f"「{reading.place}」已不再使用，现为{units.former[reading.place]}；请填写{units.former[reading.place]}发展和改革委员会"
    if reading.place:
        if reading.rest in units.bodies:
            return ""
        place = units.places()[reading.place]
        if not reading.rest:
            return f"主管单位只写了「{name}」，应写明「{place}发展和改革委员会」"
        return f"「{name}」不是发展改革委（第四条：主管单位是区县（开发区）发展改革委），应为{place}发展和改革委员会"
    if reading.municipal and reading.rest in units.bodies:
        return "市发展改革委是受理和布局单位，不是主管单位；主管单位是所在区县（开发区）的发展改革委"
    if reading.municipal:
        return f"「{name}」是市级部门，不是主管单位；主管单位是所在区县（开发区）的发展改革委"
    if re.match(r"^(国家|中华人民共和国|[\u4e00-\u9fff]{2,3}省|[\u4e00-\u9fff]{2,4}市(?!.*区发展))", text):
        return f"「{name}」不在重庆市；主管单位是重庆市所在区县（开发区）的发展改革委"
    return f"「{name}」不是重庆市区县（开发区）的发展改革委（第四条）"


@rule("D001", "competent-unit", Severity.ERROR, "第四条、第十二条")
def competent_unit(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """主管单位不是重庆市某个区县（开发区）的发展改革委。

    第四条：各区县（开发区）发展改革委是主管单位；第十二条：由主管单位审核后行文函报市发展改革委。
    区县和开发区的名单是工作指引数据的一部分。全称和常见简称都可以。
    错误示例：「重庆市经济和信息化委员会」「沙坪坝区人民政府」「成都市发展和改革委员会」「XX区发展改革委」。
    正确示例：「沙坪坝区发展和改革委员会」「沙坪坝区发展改革委」「两江新区发展改革局」。
    """
    message = problem(proposal.center.competent_unit, guideline.competent_units)
    if message:
        yield ("center", "competent_unit"), message


def _district(text: str, units: CompetentUnits) -> str:
    """The first district or county named in `text` (zones span several districts and are left out)."""
    found = [(text.find(name), name) for name in units.districts if name in text]
    return min(found)[1] if found else ""


@rule("D002", "competent-unit-elsewhere", Severity.WARNING, "第四条")
def competent_unit_elsewhere(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """建设地点不在主管单位所在的区县。

    第四条：主管单位负责本地区的市产业创新中心的管理工作，落实建设条件和支持政策。建在别的区县时，
    评审会问由谁落实建设条件。
    错误示例：主管单位为沙坪坝区发展改革委，建设地点在渝北区。正确示例：两者在同一区县，或说明跨区安排。
    """
    units = guideline.competent_units
    reading = read(proposal.center.competent_unit, units)
    address = proposal.construction.location.address
    if reading.place not in units.districts or not address:
        return
    site = _district(address, units)
    if site and site != reading.place:
        yield (
            ("construction", "location", "address"),
            f"建设地点在{site}，主管单位是{reading.place}发展改革委；请说明由哪一方落实建设条件和支持政策",
        )


_STATED = re.compile(r"主管单位(?:为|是)([\u4e00-\u9fff（）()]{4,30}?)(?=[，。；、,;]|$)")


@rule("D003", "competent-unit-stated-otherwise", Severity.ERROR, "第四条、第十二条")
def competent_unit_stated_otherwise(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """正文写的主管单位与基本信息中的主管单位不同。

    错误示例：基本信息为沙坪坝区发展和改革委员会，摘要写「主管单位为沙坪坝区经济和信息化委员会」。
    正确示例：两处是同一单位（全称或简称均可）。
    """
    units = guideline.competent_units
    if problem(proposal.center.competent_unit, units):
        return  # D001 says the declared unit is wrong; the prose may well have it right
    declared = read(proposal.center.competent_unit, units)
    for path, index, line in lines_with(proposal, "主管单位"):
        if path[:1] == ("center",):
            continue
        for match in _STATED.finditer(line):
            stated = read(match[1], units)
            same = stated.place == declared.place and (stated.rest in units.bodies) == (declared.rest in units.bodies)
            if not same:
                message = f"正文写主管单位为「{match[1]}」，基本信息中为「{proposal.center.competent_unit}」"
                yield path, message, index
