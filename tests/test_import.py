"""Word drafts read into the model: the tables a reviewer reads as data, `import` into a proposal folder, and
the round trip (a built proposal read back is the same proposal; checking the .docx finds what checking the
folder finds)."""

from __future__ import annotations

import hashlib
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

from proposal_kit.cli import main
from proposal_kit.docx_in import read_document
from proposal_kit.load import load
from proposal_kit.pipeline import check
from proposal_kit.render.document import render_document
from proposal_kit.validate import validate
from tests.conftest import SAMPLE, libreoffice_or_skip
from tests.roundtrip import differences
from tests.seeded.make import cases, make
from tests.test_properties import proposals
from tests.word_drafts.generate import CASES, LEAD, PARTNERS, data_tables, form_rows


@pytest.fixture(scope="module")
def data_draft(tmp_path_factory) -> Path:
    return data_tables(tmp_path_factory.mktemp("data-tables"))


def _sample():
    proposal, problems = validate(load(SAMPLE))
    assert proposal is not None, problems
    return proposal


def test_the_built_sample_reads_back_as_the_same_proposal(sample_build):
    back, problems = validate(read_document(sample_build[".docx"]))
    assert problems == [] and back is not None
    assert differences(_sample(), back) == []


def test_the_sample_imported_into_a_folder_is_the_same_proposal(sample_build, tmp_path):
    folder = tmp_path / "导入"
    result = CliRunner().invoke(main, ["import", str(sample_build[".docx"]), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    back, problems = validate(load(folder))
    assert problems == [] and back is not None
    assert differences(_sample(), back) == []
    assert (folder / "02-3-key-problems.md").read_text("utf-8").startswith("对照国际先进水平")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(proposals())
def test_any_proposal_reads_back_as_itself(example):
    proposal, _ = example
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "方案.docx"
        path.write_bytes(render_document(proposal))
        back, problems = validate(read_document(path))
        assert back is not None, [(p.code, p.message) for p in problems]
        assert differences(proposal, back) == []


#: What a built document cannot show of its YAML, so that checking the .docx cannot find it: the form prints the
#: total it sums (A006, A008) and each indicator once (A001); 「__」 is Markdown emphasis, printed as bold.
NOT_IN_THE_DOCUMENT = {
    "sa-bonus-over-cap": {"A006"},
    "sa-total-not-sum": {"A006"},
    "sa-total-missing": {"A008"},
    "sa-duplicate-entry": {"A001"},
    "template-team-blanks": {"C005"},
}


def _same_findings(case: dict, root: Path) -> None:
    folder = make(case, root / case["id"])
    proposal, _ = validate(load(folder))
    if proposal is None:
        return  # a draft the schema refuses is never built
    built = root / f"{case['id']}.docx"
    built.write_bytes(render_document(proposal))
    from_folder = {f.code for f in check(folder).findings}
    from_docx = {f.code for f in check(built).findings}
    assert from_folder - NOT_IN_THE_DOCUMENT.get(case["id"], set()) == from_docx, case["id"]


def _seeded() -> list[dict]:
    return [case for kind in ("defects", "clean") for case in cases(kind)]


@pytest.mark.parametrize("case", _seeded()[::12], ids=lambda c: c["id"])
def test_checking_the_built_docx_finds_what_checking_the_folder_finds(case, tmp_path):
    _same_findings(case, tmp_path)


@pytest.mark.stress
def test_the_whole_seeded_corpus_finds_the_same_in_the_docx(tmp_path):
    for case in _seeded():
        _same_findings(case, tmp_path)


def test_tables_typed_by_a_person_are_read_as_data(data_draft):
    data = read_document(data_draft).data
    lead = data["units"]["lead"]
    assert (lead["name"], lead["kind"], lead["staff"], lead["revenue"]) == (LEAD, "enterprise", 860, Decimal(96500))
    partners = data["units"]["partners"]
    assert [p["name"] for p in partners] == PARTNERS
    assert [p["kind"] for p in partners] == ["university", "institute", "enterprise"]
    assert partners[0]["contributions"] == ["technology_equity", "talent_training"]
    assert [p["capital"] for p in partners] == [800, 1200, 2000]
    goals = data["directions"]["goals"]
    first = goals["near_term"][0]
    assert (first["comparator"], first["target"], first["unit"], first["baseline"]) == (
        "≥",
        Decimal("4.5"),
        "kW/L",
        3.5,
    )
    assert goals["near_term"][1]["target"] == 30 and len(goals["near_term"]) == 2  # the blank row left out
    assert goals["mid_term"][0]["target"] == 2000 and goals["mid_term"][0]["deadline"] == date(2027, 12, 31)
    construction = data["construction"]
    assert (construction["location"]["address"], construction["location"]["floor_area"]) == (
        "重庆市两江新区金渝大道88号",
        12000,
    )
    assert construction["schedule"]["start"] == date(2025, 7, 1) and construction["schedule"]["end"] == date(
        2027, 6, 30
    )
    assert construction["schedule"]["phases"][1]["milestones"] == ["中试线贯通"]
    funding = construction["funding"]
    assert funding["total"] == 20000 and len(funding["sources"]) == 4  # the 合计 row left out
    assert [s["kind"] for s in funding["sources"]] == ["self_raised", "partner", "government", "social_capital"]
    assert construction["risks"]["items"][0]["mitigation"] == "并行开发两条技术路线"


def test_the_form_is_read_through_merged_cells_and_written_scores(data_draft):
    entries = read_document(data_draft).data["self_assessment"]["entries"]
    _, typed = form_rows()
    assert {e["code"]: e["score"] for e in entries} == {
        code: Decimal(text.removesuffix("分")) for code, text in typed.items()
    }
    assert next(e for e in entries if e["code"] == "B.1")["figure"] == 1


def test_findings_point_at_the_table_row(data_draft):
    findings = check(data_draft).findings
    [code] = [f for f in findings if f.code == "U003"]
    assert code.place == "三、2 表1 第3行" and code.field == "units.partners[1].credit_code"
    [score] = [f for f in findings if f.code == "A002"]
    assert score.place == "附件2 第2行"


def test_import_writes_a_folder_that_validate_reads(data_draft, tmp_path):
    before = hashlib.sha256(data_draft.read_bytes()).hexdigest()
    folder = tmp_path / "方案"
    result = CliRunner().invoke(main, ["import", str(data_draft), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(data_draft.read_bytes()).hexdigest() == before
    text = (folder / "proposal.yaml").read_text("utf-8")
    assert "industry:  # 待填写：产业领域" in text and "capital: 1200" in text
    assert (folder / "02-1-national-strategy.md").read_text("utf-8").startswith("关于「本产业领域在国家战略中")
    validated = CliRunner().invoke(main, ["validate", str(folder)])
    assert validated.exit_code == 1
    assert "center.industry" in validated.output and "U003" in validated.output and "F001" in validated.output
    again = CliRunner().invoke(main, ["import", str(data_draft), "-o", str(folder)])
    assert again.exit_code == 2 and "已有文件" in again.stderr


def test_import_marks_the_items_the_draft_lacks(tmp_path):
    case = next(c for c in CASES if c.name == "reworded-reordered-missing")
    folder = tmp_path / "方案"
    result = CliRunner().invoke(main, ["import", str(case.write(tmp_path)), "-o", str(folder)])
    assert result.exit_code == 0 and "二、3 本产业进一步发展需要解决的主要问题" in result.output
    assert "待填写" in (folder / "02-3-key-problems.md").read_text("utf-8")
    validated = CliRunner().invoke(main, ["validate", str(folder)])
    assert "C001" in validated.output and "二、3" in validated.output


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_every_corpus_draft_imports(case, tmp_path):
    if case.name in ("word-97", "exported-pdf"):
        libreoffice_or_skip()
    result = CliRunner().invoke(main, ["import", str(case.write(tmp_path)), "-o", str(tmp_path / "out")])
    if case.name == "scanned-pdf":  # nothing to import: said so, nothing written
        assert result.exit_code == 2 and "L015" in result.stderr and not (tmp_path / "out").exists()
        return
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "proposal.yaml").is_file()


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("18,600 平方米", Decimal(18600)),
        ("4.5分", Decimal("4.5")),
        ("约 1，200 万元", Decimal(1200)),
        ("-3.5", Decimal("-3.5")),
        ("无", None),
    ],
)
def test_numbers_are_read_as_people_write_them(text, wanted):
    from proposal_kit.docx_in.values import number

    assert number(text) == wanted


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025年4月1日—2027年12月31日", date(2025, 4, 1), date(2027, 12, 31)),
        ("2025年7月—2025年12月", date(2025, 7, 1), date(2025, 12, 31)),
        ("2025.7-2026.6", date(2025, 7, 1), date(2026, 6, 30)),
        ("2025-03-01 至 2025-12-31", date(2025, 3, 1), date(2025, 12, 31)),
        ("二〇二五年三月至二〇二五年十二月", date(2025, 3, 1), date(2025, 12, 1)),
    ],
)
def test_periods_are_read_as_people_write_them(text, start, end):
    from proposal_kit.docx_in.structured import _period

    assert _period(text) == {"start": start, "end": end}


def test_enum_values_are_read_by_their_labels():
    from proposal_kit.docx_in.values import value_for
    from proposal_kit.model.units import Unit

    assert value_for(Unit, "kind", "高等院校") == "university"
    assert value_for(Unit, "contributions", "共同出资、技术入股") == ["capital", "technology_equity"]
    assert value_for(Unit, "kind", "合作社") == "合作社"  # left as written: validation names it
    assert value_for(Unit, "legal_entity", "否") is False
