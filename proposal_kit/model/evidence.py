"""Evidence registries the 附件2 self-assessment figures are counted from."""

from __future__ import annotations

from datetime import date

from proposal_kit.model.base import Count, CreditCode, LabelledEnum, Markdown, Money, Percent, Record, Text, Year, field
from proposal_kit.model.units import UnitKind


class ProjectKind(LabelledEnum):
    RESEARCH = "research", "科技研发类"
    PROMOTION = "promotion", "应用推广类"


class Level(LabelledEnum):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"
    DISTRICT = "district", "区县级"
    OTHER = "other", "其他"


class Role(LabelledEnum):
    LEAD = "lead", "牵头"
    PARTICIPANT = "participant", "参与"


class StandardLevel(LabelledEnum):
    INTERNATIONAL = "international", "国际标准"
    NATIONAL = "national", "国家标准"
    INDUSTRY = "industry", "行业标准"
    LOCAL = "local", "地方标准"
    GROUP = "group", "团体标准"


class Project(Record):
    """A project the units undertook (承担任务, 附件2 1.2)."""

    name: Text = field("项目名称")
    kind: ProjectKind = field("项目类型", "research 科技研发类、promotion 应用推广类")
    level: Level = field(
        "项目级别", "national 国家级、provincial 省级（含直辖市市级）、municipal 市级、district 区县级、other 其他"
    )
    role: Role = field("承担角色", "lead 牵头、participant 参与")
    year: Year = field("立项年份")
    amount: Money | None = field("项目总规模", "项目总经费（万元）", default=None)
    funder: Text | None = field("下达部门", default=None)


class Patent(Record):
    """A granted, valid invention patent (附件2 2.1.2, 2.1.3)."""

    number: Text = field("专利号", "如 ZL202310123456.7")
    title: Text = field("专利名称")
    granted_on: date = field("授权公告日", "YYYY-MM-DD")
    high_value: bool = field("是否高价值发明专利", default=False)
    owner: Text | None = field("专利权人", default=None)


class Standard(Record):
    """A standard the units created (附件2 2.1.1)."""

    name: Text = field("标准名称")
    number: Text | None = field("标准号", default=None)
    level: StandardLevel = field("标准类别", "international、national、industry、local、group")
    led: bool = field("是否牵头制定", default=False)
    year: Year | None = field("发布年份", default=None)


class Product(Record):
    """A new product or technology developed or appraised (附件2 2.1.4)."""

    name: Text = field("产品或技术名称")
    kind: Text | None = field("类别", "新产品或新技术", default=None)
    year: Year | None = field("完成年份", default=None)
    appraisal: Text | None = field("鉴定或认定情况", default=None)


class Company(Record):
    """A company the units incubated (附件2 2.2.1)."""

    name: Text = field("企业名称")
    credit_code: CreditCode | None = field("统一社会信用代码", default=None)
    founded: Year | None = field("成立年份", default=None)
    equity: Percent | None = field("持股比例", "（%）", default=None)
    industry: Text | None = field("主营领域", default=None)


class Investment(Record):
    """An equity investment made by the units (附件2 2.2.2)."""

    company: Text = field("被投企业")
    amount: Money = field("投资额", "（万元）")
    year: Year | None = field("投资年份", default=None)


class Cooperation(Record):
    """An innovation body the units cooperated with (附件2 3.1.1)."""

    partner: Text = field("合作单位")
    kind: UnitKind = field("单位类型")
    year: Year = field("合作年份")
    content: Text | None = field("合作内容", default=None)


class Platform(Record):
    """A national or provincial innovation platform created jointly (附件2 3.1.2)."""

    name: Text = field("平台名称")
    level: Level = field("平台级别")
    year: Year = field("获批年份")
    partners: Text | None = field("联合单位", default=None)


class SocialCapital(Record):
    """Investment in the centre by financial institutions or social capital (附件2 3.1.3)."""

    investor: Text = field("投资方")
    amount: Money = field("投资入股额", "（万元）")
    year: Year | None = field("年份", default=None)


class Talent(Record):
    """A person selected for a national talent programme (附件2 3.2.1)."""

    name: Text = field("姓名")
    programme: Text = field("人才计划（项目）")
    year: Year | None = field("入选年份", default=None)


class StandardOrganization(Record):
    """A core standards organisation the units take part in (附件2 3.3.2)."""

    name: Text = field("标准组织名称", "如 SAC/TC78、IEC TC47")
    role: Text | None = field("担任职务", default=None)


class PilotLine(Record):
    """A pilot line or pilot condition (附件2 3.3.3)."""

    name: Text = field("中试线名称")
    capacity: Text | None = field("能力", default=None)
    status: Text | None = field("状态", "已建成或在建", default=None)


class YearFinance(Record):
    """One year's income and spending, for the ratios of 附件2 2.2.3 and 3.3.4."""

    year: Year = field("年份")
    total_income: Money = field("总收入", "（万元）")
    transfer_income: Money = field("科技成果转移转化收入", "（万元）", default=0)
    share_sale_income: Money = field("出售孵化企业股份收入", "（万元）", default=0)
    frontier_rd_spending: Money = field("产业前沿技术研发经费支出", "（万元）", default=0)


class Fund(Record):
    """An investment fund set up by the centre (附件2 3.4.2)."""

    name: Text = field("基金名称")
    size: Money = field("基金规模", "（万元）")
    social_capital: Money = field("其中社会资本", "（万元）", default=0)


class Workstation(Record):
    """An academician workstation (加分项)."""

    name: Text = field("工作站名称")
    academician: Text | None = field("进站院士", default=None)
    year: Year | None = field("设立年份", default=None)


class Award(Record):
    """A national science and technology award (加分项)."""

    name: Text = field("奖项名称", "如 国家科学技术进步奖二等奖")
    project: Text | None = field("获奖项目", default=None)
    year: Year = field("获奖年份")


class Evidence(Record):
    """The registries the self-assessment figures of 附件2 are counted from."""

    projects: list[Project] = field("承担项目", default_factory=list)
    patents: list[Patent] = field("授权发明专利", default_factory=list)
    standards: list[Standard] = field("创制标准", default_factory=list)
    products: list[Product] = field("新产品、新技术", default_factory=list)
    incubated_companies: list[Company] = field("孵化企业", default_factory=list)
    equity_investments: list[Investment] = field("股权投资", default_factory=list)
    cooperations: list[Cooperation] = field("合作创新主体", default_factory=list)
    platforms: list[Platform] = field("联合创建的创新平台", default_factory=list)
    social_capital: list[SocialCapital] = field("社会资本投资入股", default_factory=list)
    talents: list[Talent] = field("国家级人才计划入选者", default_factory=list)
    rd_staff: Count | None = field("R&D 人才数量", "从事研发活动的人员（人）", default=None)
    equipment_value: Money | None = field("仪器和设备原值", "（万元）", default=None)
    standard_organizations: list[StandardOrganization] = field("参加的核心标准组织", default_factory=list)
    pilot_lines: list[PilotLine] = field("中试线或中试条件", default_factory=list)
    finances: list[YearFinance] = field("近 3 年收支", default_factory=list)
    funds: list[Fund] = field("投资基金", default_factory=list)
    workstations: list[Workstation] = field("院士工作站", default_factory=list)
    awards: list[Award] = field("国家科学技术奖", default_factory=list)
    open_sharing: Markdown | None = field(
        "资源开放共享情况", "仪器设备、试验场地等开放共享（附件2 3.1.4）", default=None
    )
