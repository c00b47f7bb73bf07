"""Rules about the four functions of 第十一条(三) and the four mechanisms of 第十一条(四)."""

from __future__ import annotations

from collections.abc import Iterator

from proposal_kit.findings import Severity
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import Functions, Mechanisms
from proposal_kit.rules import Hit, rule

_FOUR_MECHANISMS = ("talent_incentive", "achievement_sharing", "collaborative_innovation", "talent_service")


@rule("O001", "function-missing", Severity.ERROR, "第十一条(三)")
def function_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """四项基本功能中有未说明的。

    第十一条(三)：技术研发与产品开发、成果转化与商业化、创业投资与孵化、知识产权管理与运营。
    错误示例：只写了 ``rd_and_product``。正确示例：四项都写明如何开展。
    """
    functions = proposal.organization.functions
    for name, info in Functions.model_fields.items():
        if not (getattr(functions, name) or "").strip():
            yield ("organization", "functions", name), f"未说明「{info.title}」功能"


@rule("O002", "mechanism-missing", Severity.ERROR, "第十一条(四)")
def mechanism_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """四项运行机制中有未说明的。

    第十一条(四)：人才激励机制（另见第七条）、成果共享机制、协同创新机制、人才服务机制。
    错误示例：只写了 ``operation``。正确示例：四项都有具体规则（股权、期权、收益分配……）。
    """
    mechanisms = proposal.organization.mechanisms
    for name in _FOUR_MECHANISMS:
        if not (getattr(mechanisms, name) or "").strip():
            yield ("organization", "mechanisms", name), f"未说明「{Mechanisms.model_fields[name].title}」"
