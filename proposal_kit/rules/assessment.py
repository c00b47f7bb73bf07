"""Rules about the 附件2 self-assessment form (第十二条)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from proposal_kit.assessment import totals
from proposal_kit.findings import FieldPath, Severity
from proposal_kit.formats import amount
from proposal_kit.guideline import Guideline
from proposal_kit.model import Proposal
from proposal_kit.model.sections import LegalForm
from proposal_kit.rules import Hit, rule

# A percentage counts as agreeing when it rounds to the stated figure's last decimal.
_PERCENT_TOLERANCE = Decimal("0.05")


def _entries(proposal: Proposal) -> Iterator[tuple[FieldPath, object]]:
    for index, entry in enumerate(proposal.self_assessment.entries):
        yield ("self_assessment", "entries", index), entry


@rule("A001", "indicator-missing", Severity.ERROR, "附件2")
def indicator_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """附件2 的某个指标没有自评、填写了不存在的指标编号，或同一指标填了两次。

    自评表每个三级指标（27 个）和加分项（2 个）各一行。
    错误示例：没有 ``code: "3.4.3"`` 的条目。正确示例：29 条，每个编号一条，按附件2 的顺序。
    """
    by_code = guideline.indicators.by_code()
    codes = {entry.code for entry in proposal.self_assessment.entries}
    if not codes:
        yield ("self_assessment", "entries"), "未填写附件2 自评表（第十二条要求随组建方案报送评价表）"
        return
    for indicator in guideline.indicators.scored():
        if indicator.code not in codes:
            yield ("self_assessment", "entries"), f"缺少指标 {indicator.code}「{indicator.name}」的自评"
    seen: set[str] = set()
    for path, entry in _entries(proposal):
        if entry.code not in by_code:
            yield (*path, "code"), f"附件2 中没有编号为「{entry.code}」的指标"
        elif entry.code in seen:
            yield (*path, "code"), f"指标 {entry.code} 重复填写"
        seen.add(entry.code)


@rule("A002", "score-out-of-range", Severity.ERROR, "附件2")
def score_out_of_range(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """自评分高于该指标的权重或低于零。

    错误示例：「近3年立项科技研发类项目数」（权重 5）自评 6 分。正确示例：0 至 5 分。
    """
    by_code = guideline.indicators.by_code()
    for path, entry in _entries(proposal):
        indicator = by_code.get(entry.code)
        if indicator and not 0 <= entry.score <= indicator.weight:
            yield (
                (*path, "score"),
                f"指标 {entry.code} 自评 {amount(entry.score)} 分，超出 0—{amount(indicator.weight)} 分",
            )


@rule("A003", "bonus-over-cap", Severity.ERROR, "附件2 加分项")
def bonus_over_cap(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """加分项合计超过 10 分上限。

    错误示例：5 + 6 = 11 分。正确示例：合计不超过 10 分；总分中加分最多计 10 分。
    """
    sums = totals(proposal.self_assessment, guideline.indicators)
    cap = guideline.indicators.bonus_cap
    if sums.bonus_raw > cap:
        yield ("self_assessment", "entries"), f"加分项合计 {amount(sums.bonus_raw)} 分，超过 {amount(cap)} 分上限"


@rule("A004", "score-without-evidence", Severity.WARNING, "第十二条")
def score_without_evidence(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """自评得分不为零却没有佐证说明。

    评审逐项核对所得分数与佐证。
    错误示例：``{code: "B.1", score: 5}``。正确示例：``{code: "B.1", score: 5, evidence: 2023 年设立××院士工作站}``。
    """
    for path, entry in _entries(proposal):
        if entry.score and not (entry.evidence or "").strip():
            yield (*path, "evidence"), f"指标 {entry.code} 自评 {amount(entry.score)} 分，但没有佐证说明"


@rule("A005", "figure-disagrees", Severity.ERROR, "附件2")
def figure_disagrees(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """自评表中的指标值与佐证台账的统计不符。

    填报的指标值要有台账逐项支撑；多报的数字是退回的理由（第十五条：弄虚作假将被调整）。
    「近3年」自编制日期向前推算三年；百分比在四舍五入范围内视为一致。
    错误示例：填报授权发明专利 15 件，台账只列 9 件。正确示例：台账列出计入的每一件专利。
    """
    counted = guideline.counted(proposal)
    by_code = guideline.indicators.by_code()
    for path, entry in _entries(proposal):
        indicator = by_code.get(entry.code)
        if indicator is None or not indicator.counted_from or entry.figure is None:
            continue
        expected = counted[indicator.counted_from]
        tolerance = _PERCENT_TOLERANCE if indicator.unit == "%" else Decimal(0)
        if expected is None or abs(entry.figure - expected) > tolerance:
            shown = (
                "无"
                if expected is None
                else f"{amount(expected.quantize(Decimal('0.1')) if tolerance else expected)}{indicator.unit}"
            )
            yield (
                (*path, "figure"),
                f"指标 {entry.code} 填报 {amount(entry.figure)}{indicator.unit}，佐证台账统计为 {shown}",
            )


@rule("A006", "total-not-sum", Severity.ERROR, "附件2")
def total_not_sum(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """填写的自评总分不等于各项得分之和（加分最多计 10 分）。

    错误示例：各项合计 84.5 分，却填写 ``total: 92``。正确示例：不填 ``total``，或填写正确的合计。
    """
    stated = proposal.self_assessment.total
    computed = totals(proposal.self_assessment, guideline.indicators).total
    if stated is not None and stated != computed:
        yield (
            ("self_assessment", "total"),
            f"自评总分填写 {amount(stated)} 分，按各项得分计算应为 {amount(computed)} 分",
        )


@rule("A007", "legal-entity-claimed", Severity.ERROR, "第五条、附件2")
def legal_entity_claimed(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """不以法人实体运行，却在自评表「采用法人实体运行」一项得分。

    错误示例：``legal_form: unincorporated``，该项自评 2 分。正确示例：非法人运行时该项 0 分。
    """
    if proposal.center.legal_form is not LegalForm.UNINCORPORATED:
        return
    codes = {i.code for i in guideline.indicators.scored() if "法人实体" in i.name}
    for path, entry in _entries(proposal):
        if entry.code in codes and entry.score > 0:
            yield (
                (*path, "score"),
                f"运行形式为「{LegalForm.UNINCORPORATED.label}」，指标 {entry.code}「采用法人实体运行」不应得分",
            )


@rule("A008", "total-missing", Severity.WARNING, "第十二条")
def total_missing(proposal: Proposal, guideline: Guideline) -> Iterator[Hit]:
    """自评表没有填写总分。

    评价表报送时应有总分；文档中按各项得分计算，但申请单位应自己核对后填写。
    错误示例：没有 ``total``。正确示例：``total: 77.5``。
    """
    assessment = proposal.self_assessment
    if assessment.entries and assessment.total is None:
        computed = totals(assessment, guideline.indicators).total
        yield ("self_assessment", "total"), f"没有填写自评总分（按各项得分计算为 {amount(computed)} 分）"
