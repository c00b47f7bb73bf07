"""The chapters of 附件1 other than the units: centre, background, directions, organisation, plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from proposal_kit.model.base import (
    CenterName,
    LabelledEnum,
    Markdown,
    Money,
    Record,
    Text,
    Year,
    field,
    outline_field,
    outline_place,
)


class LegalForm(LabelledEnum):
    COMPANY = "company", "企业法人（公司）"
    PUBLIC_INSTITUTION = "public_institution", "事业单位法人"
    SOCIAL_ORGANIZATION = "social_organization", "社会服务机构（民办非企业单位）"
    UNINCORPORATED = "unincorporated", "非独立法人（依托牵头单位运行）"


class Center(Record):
    """The centre being proposed."""

    name: CenterName = field("创新中心名称", "统一为「重庆市××产业创新中心」（第十二条）")
    industry: Text = field("产业领域", "创新中心聚焦的特定产业技术领域（第九条）")
    cluster: Text | None = field("服务的“33618”产业集群", "如：新一代电子信息制造业", default=None)
    lead_unit: Text = field("牵头单位", "牵头单位全称，与「units.lead.name」一致")
    competent_unit: Text = field("主管单位", "所在区县（开发区）发展改革委（第四条）")
    prepared_on: date = field("编制日期", "YYYY-MM-DD，封面写作「2025年3月1日」")
    legal_form: LegalForm = field(
        "运行形式",
        "第五条：一般以法人实体形式运行。company 企业法人、public_institution 事业单位法人、"
        "social_organization 社会服务机构、unincorporated 非独立法人",
    )
    entity_name: Text | None = field("法人实体名称", "拟注册或已注册的法人实体全称", default=None)
    legal_form_note: Markdown | None = field(
        "运行形式说明",
        "不以法人实体运行时（unincorporated），说明理由，以及独立核算、决策治理等替代安排（第五条）",
        default=None,
    )


class Background(Record):
    """二、组建依据、背景与意义."""

    national_strategy: Markdown | None = outline_field("background.national_strategy", default=None)
    industry_status: Markdown | None = outline_field("background.industry_status", default=None)
    key_problems: Markdown | None = outline_field("background.key_problems", default=None)
    significance: Markdown | None = outline_field("background.significance", default=None)


class Comparator(LabelledEnum):
    AT_LEAST = "≥", "不低于"
    AT_MOST = "≤", "不高于"
    EQUAL = "=", "达到"


class Goal(Record):
    """A measurable, assessable stage goal (第十一条(一))."""

    metric: Text | None = field("指标", "可测度的指标名称，如「SiC MOSFET 中试良率」", default=None)
    comparator: Comparator = field("比较方式", "≥、≤ 或 =", default=Comparator.AT_LEAST)
    target: Decimal | None = field("目标值", "数值", default=None, allow_inf_nan=False, max_digits=16)
    unit: Text | None = field("单位", "如 %、件、家、万元", default=None)
    deadline: date | None = field("完成时限", "YYYY-MM-DD", default=None)
    baseline: Decimal | None = field("现状值", default=None, allow_inf_nan=False, max_digits=16)


class Goals(Record):
    """四.4 产业创新中心的近期和中期目标."""

    overview: Markdown | None = field("总体说明", default=None)
    near_term: list[Goal] = field("近期目标", default_factory=list)
    mid_term: list[Goal] = field("中期目标", default_factory=list)


class Directions(Record):
    """四、主要方向、任务与目标."""

    directions: Markdown | None = outline_field("directions.directions", default=None)
    tasks: Markdown | None = outline_field("directions.tasks", default=None)
    strategy: Markdown | None = outline_field("directions.strategy", default=None)
    goals: Goals = outline_field("directions.goals", "（第十一条(一)）", default_factory=Goals.model_construct)


class Functions(Record):
    """The four basic functions of 第十一条(三)."""

    rd_and_product: Markdown | None = field("技术研发与产品开发", default=None)
    commercialization: Markdown | None = field("成果转化与商业化", default=None)
    venture_incubation: Markdown | None = field("创业投资与孵化", default=None)
    ip_operation: Markdown | None = field("知识产权管理与运营", default=None)


class Person(Record):
    """A key technical leader or manager."""

    name: Text = field("姓名")
    title: Text | None = field("职称或职务", default=None)
    unit: Text | None = field("工作单位", default=None)
    role: Text | None = field("在创新中心担任", default=None)
    expertise: Text | None = field("研究方向或专长", default=None)
    programme: Text | None = field("入选人才计划", default=None)


class Personnel(Record):
    """五.2 主要技术带头人、管理人员概况及技术队伍情况."""

    key_people: list[Person] = field("主要技术带头人和管理人员", default_factory=list)
    team: Markdown | None = field("技术队伍情况", default=None)


class Mechanisms(Record):
    """五.3 运行机制和激励机制, with the four mechanisms of 第十一条(四)."""

    operation: Markdown | None = field("运行机制", "治理、决策与日常运行", default=None)
    talent_incentive: Markdown | None = field(
        "人才激励机制", "第七条、第十一条(四)：股权、期权、分红权、奖励等", default=None
    )
    achievement_sharing: Markdown | None = field("成果共享机制", "第十一条(四)", default=None)
    collaborative_innovation: Markdown | None = field("协同创新机制", "第十一条(四)", default=None)
    talent_service: Markdown | None = field("人才服务机制", "第十一条(四)", default=None)
    open_sharing: Markdown | None = field("开放共享机制", "第八条", default=None)
    rd_investment: Markdown | None = field("研发投入机制", "第六条", default=None)


class OrgUnit(Record):
    """One body of the organisation chart: the governing body, a committee, a department, the company."""

    name: Text = field("名称", "如：董事会、技术委员会、技术研发部")
    advisory: bool = field("咨询机构", "技术委员会等咨询机构画在上级的一侧，虚线框", default=False)
    children: list[OrgUnit] = field("下设机构", default_factory=list)


class Organization(Record):
    """五、组织机构、管理与运行机制."""

    structure: Markdown | None = outline_field("organization.structure", default=None)
    chart: list[OrgUnit] = field(
        "组织架构图", "最上层的机构（如股东会），各自列出下设机构；填写后在五.1 画出组织架构图", default_factory=list
    )
    functions: Functions = field("四项基本功能", "第十一条(三)", default_factory=Functions.model_construct)
    personnel: Personnel = outline_field("organization.personnel", default_factory=Personnel.model_construct)
    mechanisms: Mechanisms = outline_field(
        "organization.mechanisms", "（第十一条(四)、第七条）", default_factory=Mechanisms.model_construct
    )


class Location(Record):
    """六.1 建设地点."""

    address: Text | None = field("地址", default=None)
    floor_area: Decimal | None = field("建筑面积", "（平方米）", default=None, ge=0, allow_inf_nan=False, max_digits=12)
    description: Markdown | None = field("说明", default=None)


class Phase(Record):
    """One phase of the construction schedule."""

    name: Text = field("阶段名称")
    start: date | None = field("开始日期", default=None)
    end: date | None = field("结束日期", default=None)
    tasks: Text | None = field("主要工作", default=None)
    milestones: list[Text] = field("里程碑", default_factory=list)


class Schedule(Record):
    """六.3 建设周期与进度安排."""

    start: date | None = field("建设开始日期", default=None)
    end: date | None = field("建设完成日期", default=None)
    overview: Markdown | None = field("总体说明", default=None)
    phases: list[Phase] = field("阶段安排", default_factory=list)


class SourceKind(LabelledEnum):
    SELF_RAISED = "self_raised", "牵头单位自筹"
    PARTNER = "partner", "组建单位出资"
    GOVERNMENT = "government", "政府资金"
    SOCIAL_CAPITAL = "social_capital", "社会资本"
    LOAN = "loan", "银行贷款"
    OTHER = "other", "其他"


class FundingSource(Record):
    """One source of funds."""

    name: Text = field("资金来源")
    kind: SourceKind = field("来源类别", "self_raised、partner、government、social_capital、loan、other")
    amount: Money = field("金额", "（万元）")


class BudgetUse(Record):
    """One use of funds in the budget."""

    item: Text = field("支出科目")
    amount: Money = field("金额", "（万元）")
    note: Text | None = field("说明", default=None)


class YearAmount(Record):
    """The spending planned for one year."""

    year: Year = field("年份")
    amount: Money = field("金额", "（万元）")


class Funding(Record):
    """六.4 资金来源和预算方案."""

    total: Money | None = field("总投资", "（万元）", default=None)
    overview: Markdown | None = field("总体说明", default=None)
    sources: list[FundingSource] = field("资金来源", default_factory=list)
    uses: list[BudgetUse] = field("资金使用", default_factory=list)
    by_year: list[YearAmount] = field("分年度投资", default_factory=list)


class Benefits(Record):
    """六.5 经济社会效益."""

    economic: Markdown | None = field("经济效益", default=None)
    social: Markdown | None = field("社会效益", default=None)


class Risk(Record):
    """One risk and its mitigation."""

    category: Text = field("风险类别", "如：技术风险、市场风险")
    description: Text | None = field("风险描述", default=None)
    mitigation: Text | None = field("应对措施", default=None)


class Risks(Record):
    """六.5 风险分析."""

    overview: Markdown | None = field("总体说明", default=None)
    items: list[Risk] = field("风险及应对", default_factory=list)


class Construction(Record):
    """六、建设方案."""

    location: Location = outline_field("construction.location", default_factory=Location.model_construct)
    content: Markdown | None = outline_field("construction.content", default=None)
    schedule: Schedule = outline_field("construction.schedule", default_factory=Schedule.model_construct)
    funding: Funding = outline_field("construction.funding", default_factory=Funding.model_construct)
    benefits: Benefits = outline_field("construction.benefits", default_factory=Benefits.model_construct)
    risks: Risks = field(
        "风险分析", f"{outline_place('construction.benefits')} 风险分析", default_factory=Risks.model_construct
    )


class Attachment(Record):
    """One attachment listed in 八、附件."""

    title: Text = field("附件名称")
    file: Text | None = field("文件", "同一文件夹内的文件路径（可选）", default=None)
    summary: Markdown | None = field("内容摘要", default=None)


class Attachments(Record):
    """八、附件."""

    charter: Attachment | None = outline_field("attachments.charter", "，必须提供", default=None)
    others: list[Attachment] = outline_field("attachments.others", default_factory=list)


class AssessmentEntry(Record):
    """The applicant's answer for one 附件2 indicator."""

    code: Text = field("指标编号", "附件2 三级指标或加分项编号，如 1.2.1、B.1")
    figure: Decimal | None = field(
        "指标值", "数量、金额或比例；定性指标可不填", default=None, allow_inf_nan=False, max_digits=16
    )
    evidence: Text | None = field("佐证说明", default=None)
    score: Decimal = field("自评分", allow_inf_nan=False, max_digits=8)


class SelfAssessment(Record):
    """The 附件2 self-assessment form (第十二条)."""

    entries: list[AssessmentEntry] = field("逐项自评", "每个三级指标和加分项一条", default_factory=list)
    total: Decimal | None = field(
        "自评总分", "（填写时须等于各项得分之和，加分不超过 10 分）", default=None, allow_inf_nan=False
    )


class FigureImage(Record):
    """An image of the applicant's own, printed in an item of 附件1 with a numbered caption."""

    item: Text = field("所在项", "附件1 的项，写作编号（如 六.2）或字段（如 construction.content）")
    file: Text = field("图片文件", "同一文件夹内的 PNG、JPEG 或 SVG 文件")
    caption: Text = field("图题", "如：建设地点平面布置，印作「图3 建设地点平面布置」")


class Figures(Record):
    """The figures drawn from the data (each may be turned off) and the applicant's own images."""

    organization: bool = field("组织架构图", "五.1：由 organization.chart 画出", default=True)
    schedule: bool = field("建设进度图", "六.3：各阶段的横道图，里程碑为点", default=True)
    funding: bool = field("资金来源与使用图", "六.4：资金来源和资金使用的条形图", default=True)
    scores: bool = field("自评得分图", "附件2：各二级指标的自评得分与权重", default=True)
    images: list[FigureImage] = field("自备图片", "插入各项的图片，如场地平面图", default_factory=list)
