"""The model covers every item of 附件1, the sample validates clean, and bad values get coded messages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proposal_kit.guideline import load as load_guideline
from proposal_kit.load import load
from proposal_kit.model import Proposal
from proposal_kit.pipeline import check
from proposal_kit.rules.paths import is_empty, value_at
from proposal_kit.validate import field_title, validate
from tests.conftest import MINIMAL, SAMPLE


def _field_exists(path: str) -> bool:
    model: type | None = Proposal
    for name in path.split("."):
        fields = getattr(model, "model_fields", {})
        if name not in fields:
            return False
        from proposal_kit.validate import model_in

        model = model_in(fields[name].annotation)
    return True


@pytest.mark.parametrize("leaf", load_guideline().outline.leaves(), ids=lambda leaf: leaf.field)
def test_every_outline_item_has_a_field(leaf):
    assert _field_exists(leaf.field), leaf.field


def test_every_field_has_a_chinese_title_and_description():
    missing = []

    seen = set()

    def walk(model, prefix):
        if model in seen:  # a recursive model (the organisation chart's units) is looked at once
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            if not info.title or not info.description or info.title == name:
                missing.append(f"{prefix}{name}")
            from proposal_kit.validate import model_in

            inner = model_in(info.annotation)
            if inner is not None:
                walk(inner, f"{prefix}{name}.")

    walk(Proposal, "")
    assert missing == []


def test_the_sample_validates_with_nothing_reported():
    draft = check(SAMPLE)
    assert draft.findings == []
    assert draft.status == "pass"


def test_the_sample_fills_every_outline_item_and_every_indicator():
    proposal, _ = validate(load(SAMPLE))
    assert proposal is not None
    for leaf in load_guideline().outline.leaves():
        assert not is_empty(value_at(proposal, leaf.field)), leaf.field
    codes = [entry.code for entry in proposal.self_assessment.entries]
    assert codes == [i.code for i in load_guideline().indicators.scored()]
    assert proposal.self_assessment.total == sum(e.score for e in proposal.self_assessment.entries)


def _findings(write_proposal, extra: str, base: str = MINIMAL):
    return validate(load(write_proposal(base + extra)))[1]


@pytest.mark.parametrize(
    ("extra", "code", "field", "line"),
    [
        (
            "units:\n  lead:\n    name: 甲\n    kind: company\n    credit_code: 91350100M000100Y43\n",
            "S004",
            "units.lead.kind",
            11,
        ),
        ("units:\n  lead:\n    kind: enterprise\n    credit_code: 91350100M000100Y43\n", "S001", "units.lead.name", 9),
        ("constructoin:\n  content: 文本\n", "S002", "constructoin", 8),
        ("construction:\n  funding:\n    total: .nan\n", "S003", "construction.funding.total", 10),
        ("construction:\n  funding:\n    total: 1e30\n", "S004", "construction.funding.total", 10),
        (
            "construction:\n  funding:\n    sources:\n      - {name: 自筹, kind: self_raised, amount: 一千}\n",
            "S003",
            "construction.funding.sources[0].amount",
            11,
        ),
        ("construction:\n  schedule:\n    start: 2025-02-30\n", "S004", "construction.schedule.start", 10),
        ("construction:\n  location:\n    floor_area: -5\n", "S004", "construction.location.floor_area", 10),
        ("evidence:\n  rd_staff: 1,200\n", "S003", "evidence.rd_staff", 9),
        ("guideline: 渝发改规范〔2023〕1号\n", "S004", "guideline", 8),
    ],
)
def test_bad_values_get_a_code_at_their_line(write_proposal, extra, code, field, line):
    [finding] = _findings(write_proposal, extra)
    assert (finding.code, finding.field, finding.line) == (code, field, line), finding.message
    assert finding.file.endswith("proposal.yaml")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message)


def test_every_problem_is_reported_at_once(write_proposal):
    text = (
        MINIMAL.replace("2025-03-01", "2025-3-1").replace("company", "firm") + "extra: 1\nevidence:\n  rd_staff: -1\n"
    )
    codes = sorted(f.code for f in _findings(write_proposal, "", text))
    assert codes == ["S002", "S003", "S004", "S004"]


def test_field_titles_are_chinese():
    assert field_title(("units", "partners", 2, "credit_code")) == "统一社会信用代码"
    assert field_title(("construction", "funding", "sources", 0, "amount")) == "金额"


def test_amounts_are_exact_decimals(write_proposal):
    extra = "construction:\n  funding:\n    total: 0.1\n    sources:\n      - {name: 甲, kind: other, amount: 0.2}\n"
    proposal, findings = validate(load(write_proposal(MINIMAL + extra)))
    assert findings == []
    funding = proposal.construction.funding
    assert funding.total + funding.sources[0].amount == Decimal("0.3")


def test_outline_rules_find_missing_items_and_a_long_abstract(write_proposal):
    folder = write_proposal(MINIMAL + "abstract: {include: a.md}\n", **{"a.md": "字" * 2600})
    draft = check(folder)
    by_code = {}
    for finding in draft.findings:
        by_code.setdefault(finding.code, []).append(finding)
    assert f"印出 {draft.abstract_length} 字" in by_code["C002"][0].message and draft.abstract_length > 2600
    assert by_code["C002"][0].file.endswith("a.md")
    missing = {f.field for f in by_code["C001"]}
    required = {leaf.field for leaf in load_guideline().outline.leaves() if leaf.required and leaf.field != "abstract"}
    assert missing == required
