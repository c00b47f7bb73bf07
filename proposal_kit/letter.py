"""The review letter (审核意见) a district sends back for one draft: a Word document in the official format of
the proposal itself, addressed to the lead unit, its problems in plain Chinese — what must be changed
(须修改) before what to verify (请核实) —, each with its place in the outline, its clause and what to do.
Staff edit it in Word and send it."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
from docx.oxml.ns import qn

from proposal_kit.findings import Finding, Severity
from proposal_kit.formats import amount, chinese_date, clean
from proposal_kit.guideline import DEFAULT_EDITION
from proposal_kit.render.document import default_template
from proposal_kit.render.wordml import Blocks, Column, Numbering, paragraph, run
from proposal_kit.report import abstract_limit
from proposal_kit.results import Draft

LETTER_SUFFIX = "组建方案审核意见"
_NO_INDENT = '<w:ind w:firstLineChars="0" w:firstLine="0"/>'
_RIGHT = '<w:ind w:firstLineChars="0" w:firstLine="0" w:right="1280"/><w:jc w:val="right"/>'


def letter_title(draft: Draft) -> str:
    return f"关于《{_name(draft)}组建方案》的审核意见"


def _name(draft: Draft) -> str:
    return clean(draft.center) or "产业创新中心"


def render_letter(draft: Draft, today: date | None = None) -> bytes:
    """The letter for `draft` as the bytes of a .docx, built on the proposal's own template."""
    document = docx.Document(str(default_template()))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    out = Blocks(Numbering(document.part))
    _opening(out, draft)
    _summary(out, draft)
    errors = [f for f in draft.findings if f.severity is Severity.ERROR]
    others = [f for f in draft.findings if f.severity is not Severity.ERROR]
    _problems(out, "二、须修改的问题", errors, "未发现须修改的问题。")
    _problems(out, "三、请核实的问题", others, "未发现需要核实的问题。")
    _closing(out, draft, today or date.today())
    for element in out.elements():
        body.insert(len(body) - 1, element)
    properties = document.core_properties
    properties.title, properties.author, properties.category = letter_title(draft)[:255], "proposal-kit", "审核意见"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _opening(out: Blocks, draft: Draft) -> None:
    edition = draft.guideline or DEFAULT_EDITION
    out.paragraph("Title", letter_title(draft))
    out.paragraph("Normal", f"{clean(draft.lead_unit) or '申报单位'}：", _NO_INDENT)
    out.paragraph(
        "Normal",
        f"你单位报送的《{_name(draft)}组建方案》收悉。我们对照《重庆市产业创新中心建设工作指引》（{edition}）"
        "附件1《组建方案编制提纲》和附件2《评价指标体系》进行了审核，现将意见反馈如下。",
    )


def _summary(out: Blocks, draft: Draft) -> None:
    out.heading(1, "一、基本情况")
    errors, others = draft.errors, len(draft.findings) - draft.errors
    if not draft.valid:
        state = "文件无法读取，未能审核内容"
    elif errors:
        state = f"须修改 {errors} 处，请核实 {others} 处"
    else:
        state = f"未发现须修改的问题，请核实 {others} 处" if others else "未发现问题"
    rows = [["审核结论", state]]
    if draft.abstract_length is not None:
        limit = abstract_limit(draft)
        over = "，超过上限" if draft.abstract_length > limit else ""
        rows.append(["摘要字数", f"{draft.abstract_length:,} 字（上限 {limit:,} 字，按 Word 字数统计{over}）"])
    if draft.self_assessment_total is not None:
        rows.append(["自评总分", _totals(draft)])
    rows.append(["审核依据", f"《重庆市产业创新中心建设工作指引》（{draft.guideline or DEFAULT_EDITION}）"])
    out.table([Column("项目", labels=True), Column("情况")], rows)


def _totals(draft: Draft) -> str:
    counted, claimed = draft.self_assessment_total, draft.self_assessment_claimed
    if claimed is None:
        return f"未填报总分；按各项得分核算为 {amount(counted)} 分"
    if claimed == counted:
        return f"{amount(claimed)} 分（与各项得分之和一致）"
    return f"填报 {amount(claimed)} 分，按各项得分核算为 {amount(counted)} 分，不一致"


def _problems(out: Blocks, heading: str, findings: list[Finding], none: str) -> None:
    out.heading(1, heading)
    if not findings:
        out.paragraph("Normal", none)
        return
    for number, found in enumerate(findings, 1):
        place = f"〔{found.place}〕" if found.place else ""
        text = run(f"{number}. {place}", bold=True) + run(f"{_sentence(found.message)}{_clause(found)}")
        action = what_to_do(found)
        if action:
            text += run(f"处理意见：{action}")
        out.add(paragraph("Normal", text))


def _sentence(message: str) -> str:
    message = message.strip()
    return message if message.endswith(("。", "！", "？")) else f"{message}。"


#: What to do, by code and then by the family of codes, in the words a letter to an applicant uses.
ACTIONS = {
    "C001": "按附件1 编制提纲补写该项，单列标题。",
    "C002": "压缩「一、摘要」至上限以内（基本情况表计入字数）。",
    "C003": "充实该项内容，写明具体情况、数据和举措。",
    "C006": "补写该项的实际内容。",
    "A001": "在附件2 自评表中逐项填写每个三级指标和加分项，每项一行。",
    "A002": "将该项自评分改为不超过其权重的分数。",
    "A003": "调整加分项得分，合计不超过上限。",
    "A004": "补充该项得分的佐证说明。",
    "A005": "核对该项指标值与佐证材料清单，使两者一致。",
    "A006": "重新核算自评总分，使其等于各项得分之和（加分按上限计）。",
    "A008": "在自评表中填写核算后的自评总分。",
    "R001": "以规范的标题、表格列名写明该项，以便审核。",
    "R002": "将该部分内容归入附件1 提纲的相应章节，或删除。",
}
FAMILIES = {
    "A": "核对附件2 自评表的得分、指标值与佐证材料。",
    "C": "按附件1 编制提纲修改该部分内容。",
    "D": "核对主管单位的名称及其所在区县（开发区）。",
    "F": "核对资金来源、资金使用和分年度投资的金额，使各表合计与总投资一致。",
    "G": "修改阶段目标，使其可测度、可考核、可实现（第十一条(一)）。",
    "L": "按说明修改文件后重新报送。",
    "O": "在组织机构与运行机制部分补充说明。",
    "S": "按说明改正该项的填写。",
    "T": "核对建设周期和各阶段的起止时间。",
    "U": "核对组建单位的信息，与营业执照或法人登记证书一致。",
    "X": "核对正文与表格中的名称和数字，使前后一致。",
}


def what_to_do(found: Finding) -> str:
    """What to do about a finding, in plain words; nothing where the message already says it (「请……」)."""
    if "请" in found.message:
        return ""
    action = ACTIONS.get(found.code) or FAMILIES.get(found.code[:1])
    if action:
        return action
    return "对照工作指引的要求修改。" if found.severity is Severity.ERROR else "核实并在方案中说明。"


def _clause(found: Finding) -> str:
    """The clause behind a finding as a letter cites it: the guideline's, not the tool's own."""
    return "" if not found.clause or "proposal-kit" in found.clause else f"（依据：{found.clause}）"


def _closing(out: Blocks, draft: Draft, today: date) -> None:
    if draft.errors or not draft.valid:
        ask = "请你单位按上述意见修改完善后，将修改后的组建方案（含附件2 自评表）重新报送。"
    else:
        ask = "请你单位对上述需核实的内容予以确认，确认无误后按程序报送。"
    out.paragraph("Normal", ask)
    out.paragraph("Normal", "")
    out.paragraph("Normal", clean(draft.competent_unit) or "（主管单位）", _RIGHT)
    out.paragraph("Normal", chinese_date(today), _RIGHT)


def write_letters(drafts: list[Draft], folder: Path, pdf: bool = False) -> tuple[list[Path], list[str]]:
    """One letter per draft in `folder` (「××组建方案审核意见.docx」, numbered where two drafts share a name),
    each written atomically; with `pdf`, its PDF beside it. The files written, and what could not be made."""
    from proposal_kit.writefile import unique_filename, write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    taken: set[str] = set()
    for draft in drafts:
        stem = _name(draft) if draft.center else Path(draft.path).name
        name, _, _ = unique_filename(stem, f"{LETTER_SUFFIX}.docx", taken)
        write_atomic(folder / name, render_letter(draft))
        written.append(folder / name)
    problems: list[str] = []
    if pdf:
        from proposal_kit.convert import Job, convert

        for outcome in convert([Job(path, path.with_suffix(".pdf")) for path in list(written)]):
            if outcome.error:
                problems.append(f"{outcome.job.source.name}：{outcome.error.message}")
            else:
                written.append(outcome.job.target)
    return written, problems
