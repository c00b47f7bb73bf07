"""三、组建单位概况和建设条件: the lead and partner units and the achievements to industrialise."""

from __future__ import annotations

from proposal_kit.model.base import (
    Count,
    CreditCode,
    LabelledEnum,
    Markdown,
    Money,
    Record,
    Text,
    Year,
    field,
    outline_field,
)


class UnitKind(LabelledEnum):
    ENTERPRISE = "enterprise", "企业"
    UNIVERSITY = "university", "高等院校"
    INSTITUTE = "institute", "科研院所"
    OTHER = "other", "其他"


class Contribution(LabelledEnum):
    CAPITAL = "capital", "共同出资"
    TECHNOLOGY_EQUITY = "technology_equity", "技术入股"
    JOINT_RD = "joint_rd", "协作研发"
    PLATFORM = "platform", "创新平台共建"
    TALENT_TRAINING = "talent_training", "人才联合培养"
    OTHER = "other", "其他"


class Unit(Record):
    """A unit taking part in forming the centre (组建单位)."""

    name: Text = field("单位名称", "单位全称，与营业执照或法人登记证书一致")
    kind: UnitKind = field("单位类型", "enterprise 企业、university 高等院校、institute 科研院所、other 其他")
    credit_code: CreditCode = field("统一社会信用代码", "18 位，GB 32100-2015，末位校验码会被核验")
    legal_entity: bool = field("是否独立法人", "该单位是否为独立法人（第十条要求牵头单位具备法人资格）", default=True)
    address: Text | None = field("注册地址", default=None)
    legal_representative: Text | None = field("法定代表人", default=None)
    established: Year | None = field("成立年份", default=None)
    staff: Count | None = field("职工总数", "单位职工总数（人）", default=None)
    rd_staff: Count | None = field("研发人员数", "从事研发活动的人员数（人）", default=None)
    revenue: Money | None = field("上年营业收入", "上一年度营业收入或经费收入（万元）", default=None)
    rd_spending: Money | None = field("上年研发投入", "上一年度研发经费支出（万元）", default=None)
    platforms: list[Text] = field(
        "现有创新平台", "已有的国家和市级工程研究中心、企业技术中心等平台", default_factory=list
    )
    role: Text | None = field("在创新中心中的角色", "如：牵头单位、核心共建单位、应用示范单位", default=None)
    contributions: list[Contribution] = field(
        "参与方式",
        "第五条所列方式：capital 共同出资、technology_equity 技术入股、joint_rd 协作研发、platform 创新平台共建、"
        "talent_training 人才联合培养、other 其他",
        default_factory=list,
    )
    capital: Money | None = field("出资额", "对创新中心的出资（万元）", default=None)
    contribution_note: Text | None = field("贡献说明", "出资、技术入股、平台共建等的具体内容", default=None)
    profile: Markdown | None = field("单位概况", "单位的基本情况、创新优势和影响力（Markdown）", default=None)


class Achievement(Record):
    """A scientific or technological achievement the centre will industrialise."""

    title: Text = field("成果名称")
    owner: Text | None = field("成果持有单位", default=None)
    stage: Text | None = field("成熟度", "如：实验室阶段、中试阶段、小批量试产", default=None)
    description: Markdown | None = field("成果简介", "技术内容、先进性与产业化前景（Markdown）", default=None)


class Achievements(Record):
    """三.3 产业创新中心拟产业化的重要科技成果."""

    overview: Markdown | None = field("总体说明", "拟产业化成果的总体情况（Markdown）", default=None)
    items: list[Achievement] = field("成果清单", default_factory=list)


class Units(Record):
    """三、组建单位概况和建设条件."""

    lead: Unit | None = outline_field("units.lead", "（第十条）", default=None)
    partners: list[Unit] = outline_field("units.partners", "，应包括高等院校或科研院所（第五条）", default_factory=list)
    achievements: Achievements = outline_field("units.achievements", default_factory=Achievements.model_construct)
    conditions: Markdown | None = outline_field("units.conditions", "（Markdown）", default=None)
