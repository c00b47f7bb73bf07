"""The commands: output format, exit codes, the scaffold, the schema and a fast --help."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from proposal_kit.cli import main
from proposal_kit.schema import schema_text
from tests.conftest import MINIMAL, ROOT, SAMPLE

LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+)  (?P<code>[A-Z]\d{3})  (?P<label>错误|警告|提示)  (?P<message>.+)$"
)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_validate_passes_the_sample():
    result = run("validate", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "校验通过" in result.output


def test_validate_accepts_the_yaml_file_itself():
    assert run("validate", str(SAMPLE / "proposal.yaml")).exit_code == 0


def test_validate_lists_every_problem_one_per_line(write_proposal):
    folder = write_proposal(MINIMAL.replace("company", "firm") + "extra: 1\n")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    *lines, last = result.output.strip().splitlines()
    assert "共 " in last and "错误" in last and "摘要" not in last.split("：")[0]
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    schema = [(m["line"], m["code"]) for m in parsed if m["code"].startswith("S")]
    assert schema == [("7", "S004"), ("8", "S002")]
    assert "C001" in result.output  # one wrong value does not stop the rules
    assert all(m["file"].endswith(("proposal.yaml", ".md")) for m in parsed)


def test_validate_reports_unreadable_input_without_a_traceback(write_proposal):
    folder = write_proposal("a: &x 1\nb: *x\n")
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert "L006" in result.output
    assert "Traceback" not in result.output


def test_validate_of_a_missing_path_cannot_run(tmp_path):
    result = run("validate", str(tmp_path / "nowhere"))
    assert result.exit_code == 2


def test_new_writes_a_scaffold_that_loads_and_lists_what_to_fill(tmp_path):
    target = tmp_path / "草稿"
    result = run("new", str(target))
    assert result.exit_code == 0, result.output
    text = (target / "proposal.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=proposal.schema.json")
    assert (target / "proposal.schema.json").read_text("utf-8") == schema_text()
    for key in (
        "background:",
        "units:",
        "directions:",
        "organization:",
        "construction:",
        "other_matters:",
        "attachments:",
        "evidence:",
        "self_assessment:",
        '"3.4.3"',
        '"B.2"',
    ):
        assert key in text
    checked = run("validate", str(target))
    assert checked.exit_code == 1
    codes = {LINE.match(line)["code"] for line in checked.output.strip().splitlines()[:-1]}
    assert {"S001", "C001"} <= codes, checked.output
    assert all(code[0] in "SCOUAG" for code in codes), checked.output  # what to fill, nothing inconsistent


def test_new_refuses_a_folder_with_files():
    result = run("new", str(SAMPLE))
    assert result.exit_code == 2
    assert "N001" in result.output


def test_the_committed_schema_is_up_to_date():
    committed = (ROOT / "schemas" / "proposal.schema.json").read_text("utf-8")
    assert committed == schema_text(), "schemas/proposal.schema.json is stale: run `make schema`"
    schema = json.loads(committed)
    assert list(schema["properties"])[:10] == [
        "guideline",
        "center",
        "abstract",
        "background",
        "units",
        "directions",
        "organization",
        "construction",
        "other_matters",
        "attachments",
    ]


def test_schema_to_stdout():
    result = run("schema", "--output", "-")
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "重庆市产业创新中心组建方案"


def test_help_does_not_load_heavy_modules():
    code = "import sys; from proposal_kit.cli import main; print(sorted(m for m in ('pydantic', 'yaml', 'docx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "proposal_kit", "--help"], capture_output=True, text=True, check=True)
    assert "validate" in out.stdout


def test_schema_without_output_prints_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "schemas").mkdir()
    result = run("schema")
    assert result.exit_code == 0 and json.loads(result.output)["title"] == "重庆市产业创新中心组建方案"
    assert list(tmp_path.rglob("*.json")) == []


def _cannot_run(result, code: str = "") -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert code in result.output


def test_a_template_that_is_not_a_docx_cannot_run(tmp_path):
    template = tmp_path / "模板.docx"
    template.write_text("不是 Word 文件", "utf-8")
    _cannot_run(run("build", str(SAMPLE), "-o", str(tmp_path / "out"), "--no-pdf", "--template", str(template)), "M001")


def test_a_template_without_a_body_cannot_run(tmp_path):
    import docx

    template = tmp_path / "模板.docx"
    document = docx.Document()
    document.add_paragraph("{{ center_name }}")
    document.save(str(template))
    result = run("build", str(SAMPLE), "-o", str(tmp_path / "out"), "--no-pdf", "--template", str(template))
    _cannot_run(result, "M001")
    assert "{{ body }}" in result.output


def test_unwritable_places_for_schema_and_new_cannot_run(tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x", "utf-8")
    _cannot_run(run("schema", "-o", str(blocker / "schema.json")))
    _cannot_run(run("new", str(blocker / "方案")))
    _cannot_run(run("new", str(blocker)), "N001")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("center:\n\tname: x\n", "不能用 Tab 缩进"),
        ("center: @x\n", "文本不能以「@」开头"),
        ("center: 牵头单位: x\n", "含「冒号加空格」的文本请加引号"),
        ('center: "未闭合\n', "引号没有配对"),
        ("center: [a, b\n", "方括号 [ ] 没有配对"),
    ],
)
def test_validate_says_what_to_fix_in_the_yaml(write_proposal, text, said):
    result = run("validate", str(write_proposal(text)))
    assert result.exit_code == 1 and said in result.output and "token" not in result.output


def test_validate_ends_with_the_counts_and_the_abstract(write_proposal):
    result = run("validate", str(ROOT / "samples" / "drafts" / "05-self-assessment"))
    lines = result.output.strip().splitlines()
    labels = [LINE.match(line)["label"] for line in lines[:-1]]
    assert labels == sorted(labels, key=["错误", "警告", "提示"].index) and "警告" in labels
    assert lines[-1].endswith("共 9 个问题，错误 8 个，警告 1 个；摘要 2,209 字（上限 2,500 字）")
