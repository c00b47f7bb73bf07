"""The 附件2 form and the evidence ledger as an Excel workbook: exported from the sample as the printed form lays
it out (merged cells, live formulas LibreOffice computes to the totals the tool computes, validations,
protection, one sheet per registry), and read back from proposal.yaml's ``{workbook: 自评表.xlsx}`` with every
finding placed at its cell."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import warnings
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from proposal_kit.assessment import totals
from proposal_kit.cli import main
from proposal_kit.guideline import load as load_guideline
from proposal_kit.model import Proposal
from proposal_kit.model.evidence import Evidence
from proposal_kit.pipeline import check
from proposal_kit.workbook import FORM_SHEET, OTHER_SHEET, column_title, form_workbook, registries, sheet_title
from tests.conftest import SAMPLE, libreoffice_or_skip

SYSTEM = load_guideline().indicators
WORKBOOK = "自评表.xlsx"
SCORE, FIGURE, EVIDENCE = "I", "F", "H"  # the columns of 自评分, 指标值 and 佐证说明


def _open(path: Path, data_only: bool = False) -> openpyxl.Workbook:
    with warnings.catch_warnings():  # openpyxl's notes on parts of LibreOffice's files it leaves out
        warnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, data_only=data_only)


@pytest.fixture(scope="module")
def sample() -> Proposal:
    proposal = check(SAMPLE).proposal
    assert proposal is not None
    return proposal


@pytest.fixture(scope="module")
def exported(tmp_path_factory, sample) -> Path:
    path = tmp_path_factory.mktemp("form") / WORKBOOK
    result = CliRunner().invoke(main, ["export-form", str(SAMPLE), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def form(exported):
    return _open(exported)[FORM_SHEET]


def _rows(sheet) -> dict[str, int]:
    """The row of each indicator code in column A."""
    return {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}


def _labelled(sheet, label: str) -> list[int]:
    """The rows whose label columns (B to D) start with `label`."""
    return [
        r
        for r in range(1, sheet.max_row + 1)
        if any(str(sheet.cell(r, c).value or "").startswith(label) for c in (2, 3, 4))
    ]


def test_one_row_per_scored_indicator_with_the_guideline_s_names_and_weights(form, sample):
    rows = _rows(form)
    scored = SYSTEM.scored()
    assert len(scored) == 29
    assert [code for code in rows if code in {i.code for i in scored}] == [i.code for i in scored]
    entries = {e.code: e for e in sample.self_assessment.entries}
    for indicator in scored:
        row = rows[indicator.code]
        assert form[f"D{row}"].value == indicator.name
        assert Decimal(str(form[f"E{row}"].value)) == indicator.weight
        assert (form[f"G{row}"].value or "") == indicator.unit
        entry = entries[indicator.code]
        assert Decimal(str(form[f"{SCORE}{row}"].value)) == entry.score
        assert form[f"{EVIDENCE}{row}"].value == entry.evidence
        figure = form[f"{FIGURE}{row}"].value
        assert (None if figure is None else Decimal(str(figure))) == entry.figure  # blank where none is given
    assert "重庆市车规级功率半导体产业创新中心" in form["A2"].value and sample.center.lead_unit in form["A3"].value


def test_first_and_second_level_cells_are_merged_down_like_the_printed_form(form):
    merged = {str(r) for r in form.merged_cells.ranges}
    rows = _rows(form)
    subtotals = _labelled(form, "小计")
    assert len(subtotals) == len(SYSTEM.indicators)
    for first, subtotal in zip(SYSTEM.indicators, subtotals, strict=True):
        top = rows[first.children[0].children[0].code]
        assert f"B{top}:B{subtotal}" in merged  # the first level runs down to its 小计
        assert form[f"B{top}"].value.startswith(first.name) and f"（{first.weight}分）" in form[f"B{top}"].value
        for second in first.children:
            start, end = rows[second.children[0].code], rows[second.children[-1].code]
            assert start == end or f"C{start}:C{end}" in merged
            assert form[f"C{start}"].value.startswith(second.name)
    bonus_top = rows[SYSTEM.bonus[0].code]
    [bonus_sum] = _labelled(form, "加分小计")
    assert f"B{bonus_top}:C{bonus_sum}" in merged


def test_subtotals_the_capped_bonus_and_the_total_are_live_formulas(form):
    rows = _rows(form)
    subtotals = _labelled(form, "小计")
    for first, row in zip(SYSTEM.indicators, subtotals, strict=True):
        first_row = rows[first.children[0].children[0].code]
        assert form[f"{SCORE}{row}"].value == f"=SUM({SCORE}{first_row}:{SCORE}{row - 1})"
        assert Decimal(str(form[f"E{row}"].value)) == first.weight
    [bonus] = _labelled(form, "加分小计")
    first_bonus = rows[SYSTEM.bonus[0].code]
    cap = SYSTEM.bonus_cap
    assert form[f"{SCORE}{bonus}"].value == f"=MIN(SUM({SCORE}{first_bonus}:{SCORE}{bonus - 1}),{cap})"
    [total] = _labelled(form, "总分")
    parts = [f"{SCORE}{row}" for row in [*subtotals, bonus]]
    assert form[f"{SCORE}{total}"].value == "=" + "+".join(parts)


def _validation_of(sheet, coordinate: str):
    found = [v for v in sheet.data_validations.dataValidation if coordinate in v.sqref]
    assert len(found) == 1, coordinate
    return found[0]


@pytest.mark.parametrize("code", ["1.1.1", "1.2.2", "1.2.4", "2.1.3", "3.3.2", "B.2"])
def test_each_score_cell_is_held_between_zero_and_its_weight(form, code):
    row = _rows(form)[code]
    weight = SYSTEM.by_code()[code].weight
    score = _validation_of(form, f"{SCORE}{row}")
    assert (score.type, score.operator, score.formula1, score.formula2) == ("decimal", "between", "0", str(weight))
    assert score.showErrorMessage and f"0 至 {weight}" in score.error and code in score.error
    figure = _validation_of(form, f"{FIGURE}{row}")
    assert (figure.type, figure.operator, figure.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert "不小于 0" in figure.error


def test_the_sheet_is_protected_and_only_the_inputs_are_unlocked(form):
    assert form.protection.sheet and not form.protection.password
    rows = _rows(form)
    for code in SYSTEM.by_code():
        row = rows[code]
        assert all(not form[f"{c}{row}"].protection.locked for c in (FIGURE, EVIDENCE, SCORE)), code
        assert all(form[f"{c}{row}"].protection.locked for c in "ABCDEG"), code
    for row in [*_labelled(form, "小计"), *_labelled(form, "加分小计"), *_labelled(form, "总分")]:
        assert form[f"{SCORE}{row}"].protection.locked
    assert form.freeze_panes == "A5"
    assert str(form.page_setup.paperSize) == form.PAPERSIZE_A4


def test_the_ledger_has_a_sheet_per_registry_with_the_sample_s_records(exported, sample):
    book = _open(exported)
    for name, model in registries().items():
        sheet = book[sheet_title(Evidence.model_fields[name].title)]
        header = [c.value for c in sheet[1]]
        assert header == [column_title(model, field) for field in model.model_fields]
        assert sheet.max_row - 1 == len(getattr(sample.evidence, name)), name
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    projects = book["承担项目"]
    assert [c.value for c in projects[2]][:4] == ["车规级 SiC MOSFET 芯片关键技术研发", "科技研发类", "国家级", "牵头"]
    assert "项目总规模（万元）" in [c.value for c in projects[1]]
    patents = book["授权发明专利"]
    assert patents["C2"].value.date() == sample.evidence.patents[0].granted_on and patents["D2"].value == "是"
    assert patents["D4"].value == "否"
    others = {row[0]: row[1] for row in book[OTHER_SHEET].iter_rows(min_row=2, values_only=True)}
    assert others["R&D 人才数量（人）"] == 186 and others["仪器和设备原值（万元）"] == 47200
    assert others["资源开放共享情况"] == sample.evidence.open_sharing


def _soffice_recalculated(source: Path, folder: Path) -> Path:
    """`source` opened and saved again by LibreOffice Calc headless (private profile), which computes every
    formula; skips where Calc is not installed."""
    from proposal_kit.convert import find_soffice
    from proposal_kit.office import conversion_environment

    libreoffice_or_skip()
    soffice = find_soffice()
    profile = folder / "profile"
    command = [
        str(soffice),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--convert-to",
        "xlsx:Calc Office Open XML",
        "--outdir",
        str(folder / "out"),
        str(source),
    ]
    subprocess.run(command, cwd=folder, env=conversion_environment(folder), capture_output=True, timeout=120)
    converted = folder / "out" / source.name
    if not converted.is_file():
        pytest.skip("LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui): no formula to compute")
    return converted


def test_libreoffice_computes_the_formulas_to_the_tool_s_totals(tmp_path, sample):
    """A bonus over its cap shows the MIN at work; every subtotal, the bonus and the total as assessment.totals."""
    entries = [
        e.model_copy(update={"score": Decimal("5")})
        if e.code == "B.1"
        else e.model_copy(update={"score": Decimal("5.5")})
        if e.code == "B.2"
        else e
        for e in sample.self_assessment.entries
    ]
    proposal = sample.model_copy(
        update={"self_assessment": sample.self_assessment.model_copy(update={"entries": entries})}
    )
    expected = totals(proposal.self_assessment, SYSTEM)
    assert expected.bonus_raw > SYSTEM.bonus_cap == expected.bonus
    source = tmp_path / "in.xlsx"
    source.write_bytes(form_workbook(proposal, load_guideline()))
    sheet = _open(_soffice_recalculated(source, tmp_path), data_only=True)[FORM_SHEET]
    subtotals = [Decimal(str(sheet[f"{SCORE}{row}"].value)) for row in _labelled(sheet, "小计")]
    assert subtotals == list(expected.subtotals.values())
    [bonus] = _labelled(sheet, "加分小计")
    [total] = _labelled(sheet, "总分")
    assert Decimal(str(sheet[f"{SCORE}{bonus}"].value)) == expected.bonus
    assert Decimal(str(sheet[f"{SCORE}{total}"].value)) == expected.total


# Reading the workbook back


def _block(text: str, key: str, replacement: str) -> str:
    """proposal.yaml with the top-level `key:` block (its indented lines) replaced."""
    changed, count = re.subn(rf"(?m)^{key}:\n(?:[ \t]+.*\n|[ \t]*\n)*", replacement, text)
    assert count == 1, key
    return changed


@pytest.fixture
def folder(tmp_path, exported) -> Path:
    """A copy of the sample whose self-assessment and evidence are read from its 自评表.xlsx."""
    target = tmp_path / "proposal"
    shutil.copytree(SAMPLE, target)
    shutil.copy(exported, target / WORKBOOK)
    yaml = target / "proposal.yaml"
    text = _block(yaml.read_text("utf-8"), "evidence", f"evidence: {{workbook: {WORKBOOK}}}\n\n")
    yaml.write_text(_block(text, "self_assessment", f"self_assessment: {{workbook: {WORKBOOK}}}\n"), "utf-8")
    return target


def _restate(folder: Path, old: str, new: str) -> None:
    """proposal.yaml with `old` written as `new`."""
    yaml = folder / "proposal.yaml"
    yaml.write_text(yaml.read_text("utf-8").replace(old, new), "utf-8")


def _edit(path: Path, **cells) -> None:
    """Change cells of the form as an applicant would in Excel: 「I12=9」 given as I12=9."""
    book = _open(path)
    for coordinate, value in cells.items():
        book[FORM_SHEET][coordinate] = value
    book.save(path)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def test_the_workbook_reads_back_as_the_sample_but_for_the_score_changed(folder, form, sample):
    row = _rows(form)["2.2.2"]
    _edit(folder / WORKBOOK, **{f"{SCORE}{row}": 4})
    before = _digest(folder)
    draft = check(folder)
    assert _digest(folder) == before  # inputs are read, never written
    assert draft.proposal is not None
    read = draft.proposal.self_assessment
    changed = [
        e.model_copy(update={"score": Decimal(4)}) if e.code == "2.2.2" else e for e in sample.self_assessment.entries
    ]
    assert read.entries == changed
    assert read.total is None  # the 总分 cell holds its formula: no total was typed
    assert draft.proposal.evidence == sample.evidence
    assert [f.code for f in draft.findings] == ["A008"]


def test_an_out_of_range_score_is_placed_at_its_cell(folder, form):
    row = _rows(form)["1.2.1"]
    assert SYSTEM.by_code()["1.2.1"].weight == 5
    _edit(folder / WORKBOOK, **{f"{SCORE}{row}": 9})
    [found] = [f for f in check(folder).findings if f.code == "A002"]
    assert found.place == f"{WORKBOOK} 第 {row} 行 {SCORE} 列"
    assert (Path(found.file).name, found.line, found.column) == (WORKBOOK, row, 9)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "A002" in line]
    assert f"〔{WORKBOOK} 第 {row} 行 {SCORE} 列〕" in line and f"{WORKBOOK}:{row}:9" in line


def test_scores_as_people_type_them(folder, form):
    """「4.5分」 is 4.5; a blank score is a missing entry (A001), not 0; text that is no number is the schema's
    finding at its cell; a formula Excel never computed is L017 at its cell."""
    rows = _rows(form)
    _edit(
        folder / WORKBOOK,
        **{f"{SCORE}{rows['1.1.1']}": "4.5分", f"{SCORE}{rows['1.1.2']}": None, f"{FIGURE}{rows['1.2.1']}": "=3+3"},
    )
    draft = check(folder)
    entries = {e.code: e for e in draft.proposal.self_assessment.entries}
    assert entries["1.1.1"].score == Decimal("4.5") and "1.1.2" not in entries and entries["1.2.1"].figure is None
    codes = {f.code: f for f in draft.findings}
    assert "缺少指标 1.1.2" in codes["A001"].message
    assert codes["L017"].place == f"{WORKBOOK} 第 {rows['1.2.1']} 行 {FIGURE} 列" and "公式" in codes["L017"].message
    _edit(folder / WORKBOOK, **{f"{SCORE}{rows['1.1.3']}": "四分半"})
    [schema] = [f for f in check(folder).findings if f.code == "S003"]
    assert schema.place == f"{WORKBOOK} 第 {rows['1.1.3']} 行 {SCORE} 列" and "四分半" in schema.message


def test_a_total_is_taken_only_where_one_is_stated(folder, form):
    [total] = _labelled(form, "总分")
    stated = f"self_assessment: {{workbook: {WORKBOOK}}}"
    _restate(folder, stated, f"self_assessment: {{workbook: {WORKBOOK}, total: 77.5}}")
    draft = check(folder)
    assert draft.proposal.self_assessment.total == Decimal("77.5") and draft.findings == []
    _edit(folder / WORKBOOK, **{f"{SCORE}{total}": 80})
    _restate(folder, ", total: 77.5}", "}")
    [found] = check(folder).findings
    assert found.code == "A006" and found.place == f"{WORKBOOK} 第 {total} 行 {SCORE} 列"


def test_a_ledger_cell_is_placed_on_its_sheet(folder):
    book = _open(folder / WORKBOOK)
    book["承担项目"]["C3"] = "部级"  # no such level
    book.save(folder / WORKBOOK)
    [found] = [f for f in check(folder).findings if f.code.startswith("S")]
    assert found.place == f"{WORKBOOK}「承担项目」第 3 行 C 列" and found.field == "evidence.projects[1].level"


def _not_a_workbook(folder: Path) -> None:
    with zipfile.ZipFile(folder / "renamed.xlsx", "w") as package:
        package.writestr("word/document.xml", "<w:document/>")


@pytest.mark.parametrize(
    ("reference", "code", "words"),
    [
        ("../自评表.xlsx", "L010", "文件夹内"),
        ("没有.xlsx", "L011", "不存在"),
        ("proposal.yaml", "L016", "不是 .xlsx"),
        ("broken.xlsx", "L016", "已损坏"),
        ("renamed.xlsx", "L016", "不是 Excel 工作簿"),
    ],
)
def test_a_workbook_that_cannot_be_read_is_a_coded_finding(folder, reference, code, words):
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really")
    _not_a_workbook(folder)
    _restate(folder, f"self_assessment: {{workbook: {WORKBOOK}}}", f"self_assessment: {{workbook: {reference}}}")
    before = _digest(folder)
    draft = check(folder)
    assert _digest(folder) == before
    found = [f for f in draft.findings if f.code == code]
    assert len(found) == 1 and words in found[0].message, draft.findings
    assert Path(found[0].file).name == "proposal.yaml" and found[0].line > 1
    # the form is missing, so the rules on it are left out rather than reporting it empty
    assert [f.code for f in draft.findings if f.code != code] == ["S001"]


def test_export_form_never_writes_over_an_input(folder):
    target = folder / WORKBOOK
    before = target.read_bytes()
    result = CliRunner().invoke(main, ["export-form", str(folder), "-o", str(target)])
    assert result.exit_code == 2 and "已有的文件" in result.output
    assert target.read_bytes() == before
    assert CliRunner().invoke(main, ["export-form", str(folder), "-o", str(folder / "表.csv")]).exit_code == 2
    again = folder.parent / "again.xlsx"
    result = CliRunner().invoke(main, ["export-form", str(folder), "-o", str(again)])
    assert result.exit_code == 0, result.output  # exported from the workbook it reads
    assert _open(again)[FORM_SHEET]["I5"].value == _open(target)[FORM_SHEET]["I5"].value


def test_the_schema_offers_the_workbook_form():
    schema = Proposal.model_json_schema(mode="validation")["properties"]
    for key in ("self_assessment", "evidence"):
        forms = schema[key]["anyOf"]
        assert any("workbook" in f.get("properties", {}) for f in forms), key


def test_text_from_the_proposal_never_becomes_a_formula(tmp_path, sample):
    entries = [
        e.model_copy(update={"evidence": '=HYPERLINK("http://x")'}) if e.code == "1.1.1" else e
        for e in sample.self_assessment.entries
    ]
    proposal = sample.model_copy(
        update={"self_assessment": sample.self_assessment.model_copy(update={"entries": entries})}
    )
    path = tmp_path / WORKBOOK
    path.write_bytes(form_workbook(proposal, load_guideline()))
    cell = _open(path)[FORM_SHEET][f"{EVIDENCE}{_rows(_open(path)[FORM_SHEET])['1.1.1']}"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x")')
