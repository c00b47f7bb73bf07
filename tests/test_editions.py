"""A second edition of the guideline is a data folder: a proposal that declares the made-up edition in
tests/editions/ is checked and built by it, with its added item and its re-weighted indicators."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from proposal_kit import guideline
from proposal_kit.pipeline import build, check
from tests.conftest import MINIMAL, ROOT, SAMPLE
from tests.docx_reading import body_paragraphs, open_document, table_rows

MADE_UP = ROOT / "tests" / "editions" / "made-up"


@pytest.fixture
def edition(monkeypatch):
    monkeypatch.setattr(guideline, "_FOLDERS", dict(guideline._FOLDERS))
    yield guideline.register(MADE_UP)
    guideline.load.cache_clear()


@pytest.fixture
def proposal(tmp_path, edition):
    """The sample, declaring the made-up edition, its score for 1.1.2 within the new weight of 3."""
    folder = tmp_path / "proposal"
    shutil.copytree(SAMPLE, folder)
    text = (folder / "proposal.yaml").read_text("utf-8")
    for old, new in (
        ("guideline: 渝发改规范〔2024〕2号", f"guideline: {edition}"),
        ("双面银烧结等关键技术, score: 4}", "双面银烧结等关键技术, score: 3}"),
        ("  total: 77.5", "  total: 76.5"),
    ):
        assert old in text
        text = text.replace(old, new)
    (folder / "proposal.yaml").write_text(text, "utf-8")
    return folder


def test_the_made_up_edition_differs_where_its_data_does(edition):
    made_up, current = guideline.load(edition), guideline.load()
    assert len(made_up.outline.leaves()) == len(current.outline.leaves()) + 1
    assert made_up.outline.place("evidence.open_sharing") == "八.3"
    weights = {i.code: i.weight for i in made_up.indicators.scored()}
    assert (weights["1.1.1"], weights["1.1.2"]) == (Decimal(7), Decimal(3))


def test_a_proposal_is_checked_by_the_edition_it_declares(proposal, edition):
    draft = check(proposal)
    assert draft.guideline == edition and draft.status == "pass", draft.findings
    yaml = proposal / "proposal.yaml"
    before, after = yaml.read_text("utf-8").split("\n  open_sharing:", 1)  # evidence.open_sharing, the new item
    yaml.write_text(before + "\n" + after.split("\n", 1)[1], "utf-8")
    missing = [f for f in check(proposal).findings if f.code == "C001"]
    assert [f.field for f in missing] == ["evidence.open_sharing"] and "八、3." in missing[0].message


def test_a_proposal_is_built_by_the_edition_it_declares(proposal, edition, tmp_path):
    [built] = build([proposal], tmp_path / "out", pdf=False)
    document = open_document(built.outputs[0])
    headings = [text for style, text in body_paragraphs(document) if style == "Heading2"]
    assert headings[-1] == "（三）资源开放共享方案"
    form = next(t for t in document.tables if table_rows(t)[0][:3] == ["一级指标", "二级指标", "三级指标"])
    weights = {row[2]: row[3] for row in table_rows(form) if len(row) > 3}
    assert weights["对推动产业链、创新链、资金链和人才链融合贡献"] == "7"
    assert weights["产业原创性技术及关键核心技术攻克数量及影响力"] == "3"
    assert document.core_properties.subject.endswith(f"（依据{edition}）")


def test_an_unknown_edition_is_a_schema_error(write_proposal):
    folder = write_proposal("guideline: 渝发改规范〔2030〕9号\n" + MINIMAL)
    [found] = [f for f in check(folder).findings if f.field == "guideline"]
    assert found.code == "S004" and "渝发改规范〔2024〕2号" in found.message and found.line == 1


def test_the_scaffold_speaks_the_words_of_its_edition(tmp_path, edition):
    from proposal_kit.scaffold import write_scaffold

    write_scaffold(tmp_path / "current")
    text = (tmp_path / "current" / "proposal.yaml").read_text("utf-8")
    outline = guideline.load().outline
    assert "{{" not in text and "guideline: 渝发改规范〔2024〕2号" in text
    assert all(f"# {c.heading}" in text for c in outline.chapters)
    assert all(f"# {i.heading}" in text for c in outline.chapters for i in c.items)
    write_scaffold(tmp_path / "made-up", guideline.load(edition))
    made_up = (tmp_path / "made-up" / "proposal.yaml").read_text("utf-8")
    assert f"guideline: {edition}" in made_up and "（7 分）" in made_up
