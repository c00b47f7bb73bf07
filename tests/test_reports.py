"""`proposal-kit check`: batch discovery, the five report formats, selection, strictness, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner

from proposal_kit.batch import check_many, discover
from proposal_kit.cli import main
from proposal_kit.report import Format, render_report
from proposal_kit.report.as_json import schema_text
from proposal_kit.selection import Selection, load_settings
from tests.conftest import ROOT, SAMPLE
from tests.pdf_reading import page_sizes

SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def drafts():
    return check_many(discover([SAMPLES]))


def run(*args: str, cwd=None):
    return CliRunner().invoke(main, list(args))


def test_discovery_finds_every_proposal_in_order():
    found = discover([SAMPLES])
    assert [p.name for p in found] == [
        "01-naming-and-codes",
        "02-yaml-mistakes",
        "03-missing-chapters",
        "04-budget-and-schedule",
        "05-self-assessment",
        "06-unsafe-references",
        "power-semiconductor",
    ]


def test_a_folder_without_proposals_cannot_run(tmp_path):
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert "L013" in result.output


def test_parallel_and_in_process_checks_agree(drafts):
    one_by_one = [check_many([path])[0] for path in discover([SAMPLES])]
    assert [(d.path, d.status, d.findings) for d in drafts] == [(d.path, d.status, d.findings) for d in one_by_one]


def test_an_unreadable_draft_does_not_stop_the_batch(drafts):
    assert [d.status for d in drafts] == ["fail", "invalid", "fail", "fail", "fail", "fail", "pass"]


def test_json_follows_the_contract(drafts):
    data = json.loads(render_report(Format.JSON, drafts))
    jsonschema.validate(data, json.loads(schema_text()))
    assert data["schema_version"] == 2 and data["tool"]["name"] == "proposal-kit"
    assert data["guidelines"] == ["渝发改规范〔2024〕2号"] and data["settings"] is None
    assert data["summary"] == {"drafts": 7, "passed": 1, "failed": 5, "invalid": 1, "errors": 29, "warnings": 3}
    sample = data["drafts"][-1]
    assert sample["center"] == "重庆市车规级功率半导体产业创新中心"
    assert sample["status"] == "pass" and sample["findings"] == []
    assert sample["abstract_length"] == 2209 and sample["self_assessment_total"] == 77.5
    finding = data["drafts"][4]["findings"][1]
    assert {"code", "severity", "field", "line", "message"} <= set(finding)
    assert finding["field"] == "self_assessment.entries[3].score" and finding["line"] > 0
    assert finding["severity"] in ("error", "warning", "info") and finding["clause"] == "附件2"


def test_text_groups_findings_by_draft(drafts):
    text = render_report(Format.TEXT, drafts).decode()
    assert "\x1b[" not in text
    lines = text.splitlines()
    assert lines[0].startswith(str(SAMPLES / "drafts" / "01-naming-and-codes"))
    draft = (SAMPLES / "drafts" / "01-naming-and-codes" / "proposal.yaml").read_text("utf-8").splitlines()
    total_line = next(n for n, line in enumerate(draft, 1) if line.strip() == 'total: "32,000"')
    assert lines[1].startswith("  摘要 ") and "字；自评总分 " in lines[1]
    assert lines[2].startswith("  ") and f"proposal.yaml:{total_line}:5  S003  " in lines[2]
    assert lines[-1] == "共检查 7 份：通过 1 份，未通过 5 份，无法读取 1 份；错误 29 个，警告 3 个"
    assert "\x1b[" in render_report(Format.TEXT, drafts, color=True).decode()


def test_csv_has_a_row_per_finding(drafts):
    raw = render_report(Format.CSV, drafts)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:7] == ["草稿", "创新中心", "牵头单位", "主管单位", "状态", "代码", "级别"]
    assert len(rows) == 1 + 32 + 1  # header, the findings, the sample's row without findings
    assert any(r[5] == "U004" and r[7] == "第五条" for r in rows)


def test_xlsx_has_a_summary_and_a_findings_sheet(drafts, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_report(Format.XLSX, drafts))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["汇总", "问题清单"]
    summary = list(book["汇总"].iter_rows(values_only=True))
    assert summary[0][:3] == ("草稿", "创新中心", "牵头单位")
    assert summary[7][1] == "重庆市车规级功率半导体产业创新中心" and summary[7][7] == "通过"
    assert summary[8][0] == "合计 7 份" and summary[8][8:] == (29, 3)  # under 错误 and 警告
    sheet = book["问题清单"]
    assert sheet.max_row == 33 and [c.value for c in sheet[1]][:3] == ["草稿", "代码", "说明"]
    assert sheet.freeze_panes == "B2" and sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet["C2"].alignment.wrap_text
    severities = [
        row[3] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "drafts/05-self-assessment"
    ]
    assert severities == sorted(severities, key=["错误", "警告", "提示"].index)  # errors first


def test_html_is_one_escaped_page(drafts):
    page = render_report(Format.HTML, drafts).decode()
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page and "http" not in page.split("</style>")[0]
    assert page.count('<tr><td class="num"><a href="#draft-') == 7
    assert "第五条" in page and "U004" in page


def test_html_escapes_what_applicants_wrote(tmp_path):
    folder = tmp_path / "p"
    shutil.copytree(SAMPLE, folder)
    text = (
        (folder / "proposal.yaml")
        .read_text("utf-8")
        .replace("name: 重庆市车规级功率半导体产业创新中心", "name: 重庆市<script>alert(1)</script>产业创新中心", 1)
    )
    (folder / "proposal.yaml").write_text(text, "utf-8")
    page = render_report(Format.HTML, check_many([folder])).decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_check_writes_the_report_and_exits_by_errors(tmp_path):
    output = tmp_path / "report.json"
    result = run("check", str(SAMPLES), "--format", "json", "--output", str(output))
    assert result.exit_code == 1
    assert json.loads(output.read_text("utf-8"))["summary"]["drafts"] == 7
    assert run("check", str(SAMPLE)).exit_code == 0
    assert run("check", str(SAMPLE / "proposal.yaml"), "--format", "csv").exit_code == 0


def test_xlsx_needs_an_output_file():
    assert run("check", str(SAMPLE), "--format", "xlsx").exit_code == 2


def test_select_ignore_and_strict():
    draft = SAMPLES / "drafts" / "05-self-assessment"
    assert {f.code for f in check_many([draft], Selection(select=("A00",), ignore=("A005", "A004")))[0].findings} == {
        "A001",
        "A002",
        "A003",
        "A006",
    }
    warnings_only = Selection(select=("A004",))
    assert check_many([draft], warnings_only)[0].errors == 0
    assert check_many([draft], Selection(select=("A004",), strict=True))[0].errors == 1
    assert run("check", str(draft), "--select", "A004").exit_code == 0
    assert run("check", str(draft), "--select", "A004", "--strict").exit_code == 1


def test_the_project_setting_file(tmp_path, monkeypatch):
    (tmp_path / "proposal-kit.toml").write_text('[check]\nselect = ["A"]\nignore = ["A005"]\nstrict = true\n', "utf-8")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert load_settings(nested) == Selection(("A",), ("A005",), True, str(tmp_path / "proposal-kit.toml"))
    monkeypatch.chdir(nested)
    result = run("check", str(SAMPLES / "drafts" / "05-self-assessment"), "--format", "json")
    report = json.loads(result.output)
    assert {f["code"] for f in report["drafts"][0]["findings"]} == {"A001", "A002", "A003", "A004", "A006"}
    assert report["settings"] == str(tmp_path / "proposal-kit.toml")  # the report says which file applied
    (tmp_path / "proposal-kit.toml").write_text("[check]\nselect = 3\n", "utf-8")
    for command in (
        ["check", str(SAMPLE)],
        ["validate", str(SAMPLE)],
        ["build", str(SAMPLE), "-o", str(tmp_path / "o"), "--no-pdf"],
    ):
        bad = run(*command)
        assert bad.exit_code == 2 and "K001" in bad.output, command
        assert bad.exception is None or isinstance(bad.exception, SystemExit)


def test_rules_lists_every_code():
    result = run("rules", "-v")
    assert result.exit_code == 0
    for code in ("L001", "S001", "C001", "U004", "A006", "P002"):
        assert code in result.output
    assert "错误示例" in result.output


def test_build_writes_the_check_report_and_refuses_errors(tmp_path):
    draft = SAMPLES / "drafts" / "04-budget-and-schedule"
    result = run("build", str(draft), "-o", str(tmp_path), "--no-pdf")
    assert result.exit_code == 1
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["重庆市车规级功率半导体产业创新中心组建方案检查报告.txt"]
    assert "F001" in (tmp_path / names[0]).read_text("utf-8")
    forced = run("build", str(draft), "-o", str(tmp_path), "--no-pdf", "--force")
    assert forced.exit_code == 1  # the documents are built, and the errors still count
    assert len(list(tmp_path.glob("*.docx"))) == 1


def test_the_html_report_renders_in_chromium(tmp_path, drafts):
    import shutil as _shutil
    import subprocess

    browser = _shutil.which("chromium") or _shutil.which("chromium-browser")
    if browser is None:
        import os

        if os.environ.get("CI"):
            pytest.fail("chromium is missing in CI: scripts/system-deps.sh should have installed it")
        pytest.skip("chromium is not installed")
    page = tmp_path / "report.html"
    page.write_bytes(render_report(Format.HTML, drafts))
    shot = tmp_path / "report.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,1600",
    ]
    subprocess.run([browser, *flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 1600)


def test_a_received_folder_cannot_silence_its_own_findings(tmp_path, monkeypatch):
    received = tmp_path / "收到的草稿"
    shutil.copytree(SAMPLES / "drafts" / "05-self-assessment", received / "05")
    (received / "proposal-kit.toml").write_text('[check]\nignore = ["A", "C", "F", "U"]\n', "utf-8")
    monkeypatch.chdir(received)
    result = run("check", str(received), "--format", "json")
    report = json.loads(result.output)
    assert report["settings"] is None and result.exit_code == 1
    assert {f["code"] for f in report["drafts"][0]["findings"]} >= {"A001", "A002"}


def test_an_empty_or_reading_prefix_silences_nothing_that_matters(tmp_path):
    everything = json.loads(run("check", str(SAMPLES / "drafts" / "05-self-assessment"), "--format", "json").output)
    empty = run("check", str(SAMPLES / "drafts" / "05-self-assessment"), "--format", "json", "--ignore", "")
    assert json.loads(empty.output)["drafts"][0]["findings"] == everything["drafts"][0]["findings"]
    unreadable = run("check", str(SAMPLES / "drafts" / "02-yaml-mistakes"), "--ignore", "L", "--ignore", "S")
    assert unreadable.exit_code == 1 and "L008" in unreadable.output


def test_every_format_names_the_place_in_the_document(tmp_path):
    """Beside the field path, each finding says where a reader finds it: 「六、4 资金来源」."""
    draft = str(SAMPLES / "drafts" / "04-budget-and-schedule")
    place = "六、4 资金来源"
    assert f"〔{place}〕" in run("check", draft).output
    assert f"〔{place}〕" in run("validate", draft).output
    report = json.loads(run("check", draft, "--format", "json").output)
    assert place in [f["place"] for f in report["drafts"][0]["findings"]]
    for fmt in ("csv", "html", "xlsx"):
        run("check", draft, "--format", fmt, "--output", str(tmp_path / f"r.{fmt}"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    assert place in [row["提纲位置"] for row in rows]
    assert f'<td>{place}<code class="field">' in (tmp_path / "r.html").read_text("utf-8")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["问题清单"]
    column = [c.value for c in sheet[1]].index("提纲位置")
    assert place in [row[column].value for row in sheet.iter_rows(min_row=2)]


def test_reports_name_paths_from_the_folder_given(tmp_path):
    result = run("check", str(SAMPLES.resolve()), "--format", "json")
    data = json.loads(result.stdout)
    paths = [d["path"] for d in data["drafts"]]
    assert "drafts/01-naming-and-codes" in paths and "power-semiconductor" in paths
    files = {f["file"] for d in data["drafts"] for f in d["findings"]}
    assert "drafts/01-naming-and-codes/proposal.yaml" in files and not any(f.startswith("/") for f in files)


def test_a_filtered_pass_is_not_an_unqualified_pass():
    result = run("check", str(SAMPLES / "drafts" / "05-self-assessment"), "--select", "U", "--format", "json")
    data = json.loads(result.stdout)
    [draft] = data["drafts"]
    assert draft["status"] == "pass" and draft["filtered"] and draft["status_label"] == "通过（仅所选代码）"
    assert data["selection"] == {"select": ["U"], "ignore": [], "strict": False}
    text = run("check", str(SAMPLES / "drafts" / "05-self-assessment"), "--select", "U").output
    assert "【通过（仅所选代码）】" in text


def test_claimed_and_counted_totals_are_both_shown(drafts):
    text = render_report(Format.TEXT, drafts).decode()
    assert "自评总分 填报 92 分，核算 87.5 分" in text
    page = render_report(Format.HTML, drafts).decode()
    assert "87.5（填报 92）" in page and "@page{size:A4" in page and "break-after:avoid-page" in page
    assert page.count("自评得分与权重（按二级指标）") == 6  # every draft with scores has its profile
    assert '<span class="name">行业贡献</span>' in page and "12.5 / 15" in page
    data = json.loads(render_report(Format.JSON, drafts))
    sa = data["drafts"][4]
    assert (sa["self_assessment_total"], sa["self_assessment_claimed"]) == (87.5, 92)


def test_the_report_beside_a_build_says_what_was_made(sample_build):
    [report] = sample_build[".docx"].parent.glob("*检查报告.txt")
    text = report.read_text("utf-8")
    assert "生成情况：" in text and "摘要 2,209 字（上限 2,500 字" in text and "自评总分 77.5 分" in text
    assert f"Word：{sample_build['.docx'].name}" in text and "用时 " in text
    if ".pdf" in sample_build:
        pages = int(re.search(r"，共 (\d+) 页", text)[1])
        assert pages == len(page_sizes(sample_build[".pdf"]))  # pdftoppm's count, not ours
