"""Rules about how the centre is organised and run: the four functions of 第十一条(三), the four mechanisms
of 第十一条(四), and the 「应」 clauses of 第五条 to 第八条 (legal entity, R&D investment, talent incentives,
open sharing), each addressed in so many words."""

from __future__ import annotations

import re
from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import Functions, LegalForm, Mechanisms
from proposal_kit.rules import Hit, rule
from proposal_kit.rules.reading import substance
from proposal_kit.rules.template_text import leftovers

_FOUR_MECHANISMS = ("talent_incentive", "achievement_sharing", "collaborative_innovation", "talent_service")
#: Below this many 字, a function or mechanism is named, not described (「孵化」「按协议执行。」).
DESCRIBED = 20


def _undescribed(text: str | None, title: str) -> str:
    if not (text or "").strip():
        return f"未说明「{title}」"
    if any(leftovers(text or "")):
        return ""  # C005 reports the template text standing in for it
    if substance(text) < DESCRIBED:
        return f"「{title}」只有「{text.strip()[:20]}」，没有说明如何开展"
    return ""


@rule("O001", "function-missing", Severity.ERROR, "第十一条(三)")
def function_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """四项基本功能中有未说明或只有名称的。

    第十一条(三)：技术研发与产品开发、成果转化与商业化、创业投资与孵化、知识产权管理与运营。
    每项写明由谁、怎样开展（20 字以上）。
    错误示例：``venture_incubation: 孵化``。正确示例：四项都写明如何开展。
    """
    functions = proposal.organization.functions
    for name, info in Functions.model_fields.items():
        message = _undescribed(getattr(functions, name), info.title or name)
        if message:
            yield ("organization", "functions", name), f"{message}（基本功能）"


@rule("O002", "mechanism-missing", Severity.ERROR, "第十一条(四)")
def mechanism_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """四项运行机制中有未说明或只有名称的。

    第十一条(四)：人才激励机制（另见第七条）、成果共享机制、协同创新机制、人才服务机制。
    「无」「另行制定」「按协议执行」都不是机制。
    错误示例：只写了 ``operation``。正确示例：四项都有具体规则（股权、期权、收益分配……）。
    """
    mechanisms = proposal.organization.mechanisms
    for name in _FOUR_MECHANISMS:
        message = _undescribed(getattr(mechanisms, name), Mechanisms.model_fields[name].title)
        if message:
            yield ("organization", "mechanisms", name), message


_STATED_FIGURE = re.compile(r"\d|百分之|[一二三四五六七八九十]成|[一二三四五六七八九十百千]+万元|亿元")


@rule("O003", "rd-investment", Severity.ERROR, "第六条")
def rd_investment(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """没有研发投入机制，或没有写明投入的来源、比例或规模。

    第六条：应建立稳定的研发投入机制，为持续开展技术创新活动提供资金保障。照抄条文不是机制。
    错误示例：「建立稳定的研发投入机制，为持续开展技术创新活动提供资金保障。」
    正确示例：「牵头单位每年将不低于 8% 的相关业务收入投入中心研发」。
    """
    text = proposal.organization.mechanisms.rd_investment
    path = ("organization", "mechanisms", "rd_investment")
    message = _undescribed(text, "研发投入机制")
    if message:
        yield path, f"{message}（第六条：应建立稳定的研发投入机制）"
    elif not _STATED_FIGURE.search(text or ""):
        yield path, "研发投入机制没有写明投入的来源、比例或规模（第六条）"


@rule("O004", "open-sharing", Severity.ERROR, "第八条")
def open_sharing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """没有开放共享制度。

    第八条：应建立开放共享制度，推动仪器设备、试验场地、试制车间等创新资源向各类创新主体开放。
    错误示例：没有 ``open_sharing``，或只写「暂无。」。正确示例：开放哪些资源、对谁开放、怎样收费。
    """
    message = _undescribed(proposal.organization.mechanisms.open_sharing, "开放共享机制")
    if message:
        yield ("organization", "mechanisms", "open_sharing"), f"{message}（第八条：应建立开放共享制度）"


_INCENTIVE_FORMS = re.compile(r"股权|期权|分红|奖励|奖金|持股|兼职兼薪|离岗创业|绩效|薪酬|年薪|收益分配|激励基金|跟投")


@rule("O005", "talent-incentive-forms", Severity.ERROR, "第七条")
def talent_incentive_forms(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """人才激励机制没有任何具体的激励形式。

    第七条：通过股权、期权、分红权、奖励等多种形式，以及兼职兼薪、离岗创业等方式激励科技人员。
    错误示例：「建立健全人才激励机制，充分调动科技人员创新创业积极性。」
    正确示例：「设立员工持股平台，对核心骨干实行股权、期权和项目分红激励」。
    """
    text = proposal.organization.mechanisms.talent_incentive
    if text and substance(text) >= DESCRIBED and not _INCENTIVE_FORMS.search(text):
        yield (
            ("organization", "mechanisms", "talent_incentive"),
            "人才激励机制没有写明激励形式（第七条：股权、期权、分红权、奖励，兼职兼薪、离岗创业等）",
        )


@rule("O006", "legal-form-explained", Severity.ERROR, "第五条")
def legal_form_explained(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """不以法人实体运行，却没有说明理由和替代安排。

    第五条：市产业创新中心一般以法人实体形式运行，治理结构清晰。依托牵头单位运行时，
    在 ``center.legal_form_note`` 说明理由，以及独立核算、决策治理等安排。
    错误示例：``legal_form: unincorporated``，没有说明。正确示例：写明为何不设法人、如何独立核算和决策。
    """
    center = proposal.center
    if center.legal_form is LegalForm.UNINCORPORATED and substance(center.legal_form_note) < DESCRIBED:
        yield (
            ("center", "legal_form_note"),
            "不以法人实体运行（第五条：一般以法人实体形式运行），请在「运行形式说明」中写明理由和独立核算、决策治理等安排",
        )
