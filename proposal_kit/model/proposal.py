"""The whole formation proposal (组建方案), its keys in the order of 附件1."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict

from proposal_kit.guideline import DEFAULT_EDITION
from proposal_kit.model.base import Edition, FromWorkbook, Markdown, Record, chapter_field, field
from proposal_kit.model.evidence import Evidence
from proposal_kit.model.sections import (
    Attachments,
    Background,
    Center,
    Construction,
    Directions,
    Figures,
    Organization,
    SelfAssessment,
)
from proposal_kit.model.units import Units

#: The total a proposal may state beside a self-assessment read from a workbook.
_TOTAL_SCHEMA = {"type": ["number", "string"], "description": "自评总分（可选；填写时须等于各项得分之和）"}


class Proposal(Record):
    """A formation proposal for a 重庆市产业创新中心, following 附件1 of 渝发改规范〔2024〕2号."""

    model_config = ConfigDict(title="重庆市产业创新中心组建方案", json_schema_extra={"$id": "proposal.schema.json"})

    guideline: Edition = field("依据文件", "编制依据的工作指引文号", default=DEFAULT_EDITION)
    center: Center = field("创新中心基本信息", "名称、领域、牵头单位、主管单位、编制日期、运行形式")
    abstract: Markdown | None = chapter_field("abstract", "，按 Word 字数统计", default=None)
    background: Background = chapter_field("background", default_factory=Background.model_construct)
    units: Units = chapter_field("units", default_factory=Units.model_construct)
    directions: Directions = chapter_field("directions", default_factory=Directions.model_construct)
    organization: Organization = chapter_field("organization", default_factory=Organization.model_construct)
    construction: Construction = chapter_field("construction", default_factory=Construction.model_construct)
    other_matters: Markdown | None = chapter_field("other_matters", default=None)
    attachments: Attachments = chapter_field("attachments", default_factory=Attachments.model_construct)
    evidence: Annotated[Evidence, FromWorkbook()] = field(
        "佐证台账", "附件2 自评数据的来源：项目、专利、标准、孵化企业、人才等", default_factory=Evidence.model_construct
    )
    self_assessment: Annotated[SelfAssessment, FromWorkbook(total=_TOTAL_SCHEMA)] = field(
        "附件2 自评表", "第十二条：随组建方案报送评价表", default_factory=SelfAssessment.model_construct
    )
    figures: Figures = field(
        "图",
        "由数据画出的组织架构、进度、资金和自评得分图（可关闭），以及自备图片",
        default_factory=Figures.model_construct,
    )
