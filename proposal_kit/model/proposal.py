"""The whole formation proposal (组建方案), its keys in the order of 附件1."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from proposal_kit.guideline import GUIDELINE_NUMBER
from proposal_kit.model.base import Markdown, Record, field
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import (
    Attachments,
    Background,
    Center,
    Construction,
    Directions,
    Organization,
    SelfAssessment,
)
from proposal_kit.model.units import Units


class Proposal(Record):
    """A formation proposal for a 重庆市产业创新中心, following 附件1 of 渝发改规范〔2024〕2号."""

    model_config = ConfigDict(title="重庆市产业创新中心组建方案", json_schema_extra={"$id": "proposal.schema.json"})

    guideline: Literal["渝发改规范〔2024〕2号"] = field("依据文件", "编制依据的工作指引文号", default=GUIDELINE_NUMBER)
    center: Center = field("创新中心基本信息", "名称、领域、牵头单位、主管单位、编制日期、运行形式")
    abstract: Markdown | None = field("一、摘要", "2500 字以内（按 Word 字数统计）", default=None)
    background: Background = field("二、组建依据、背景与意义", default_factory=Background)
    units: Units = field("三、组建单位概况和建设条件", default_factory=Units)
    directions: Directions = field("四、主要方向、任务与目标", default_factory=Directions)
    organization: Organization = field("五、组织机构、管理与运行机制", default_factory=Organization)
    construction: Construction = field("六、建设方案", default_factory=Construction)
    other_matters: Markdown | None = field("七、其它需要说明的问题", default=None)
    attachments: Attachments = field("八、附件", default_factory=Attachments)
    evidence: Evidence = field(
        "佐证台账", "附件2 自评数据的来源：项目、专利、标准、孵化企业、人才等", default_factory=Evidence
    )
    self_assessment: SelfAssessment = field(
        "附件2 自评表", "第十二条：随组建方案报送评价表", default_factory=SelfAssessment
    )
