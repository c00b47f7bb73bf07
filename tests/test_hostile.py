"""Hostile and unlucky inputs: one bad draft never sinks a batch, untrusted text stays inert in every report,
outputs are guarded, and LibreOffice never outlives a build."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from proposal_kit.cli import main
from tests.conftest import SAMPLE, libreoffice_or_skip
from tests.corpus.generate import GENERATED, remove_deep
from tests.docx_reading import body_paragraphs

CRASHERS = [
    "folder-name-gbk",
    "control-characters-escaped",
    "terminal-escape-in-names",
    "prepared-on-year-1",
    "nul-in-include",
    "nul-in-attachment",
    "formulas-in-names",
    "proposal-symlink-out",
]
SPOOFERS = ["bidi-override-in-name"]  # no crash, but a report must not display it as it asks
PDF = "重庆市车规级功率半导体产业创新中心组建方案.pdf"
DOCX = "重庆市车规级功率半导体产业创新中心组建方案.docx"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def received(tmp_path_factory) -> Iterator[Path]:
    """A folder of received drafts: each one that once crashed a batch, and two good ones."""
    root = tmp_path_factory.mktemp("received")
    for name in CRASHERS + SPOOFERS:
        GENERATED[name][0](root / name)
    GENERATED["folder-1100-deep"][0](root / "deep")
    shutil.copytree(SAMPLE, root / "good-1")
    shutil.copytree(SAMPLE, root / "good-2")
    yield root
    remove_deep(root / "deep")


EXPECTED_DRAFTS = len(CRASHERS) + len(SPOOFERS) + 2  # the deep one lies below the search's depth


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html", "xlsx"])
def test_one_bad_draft_never_sinks_a_batch(received, tmp_path, fmt):
    output = tmp_path / f"report.{fmt}"
    result = run("check", str(received), "--format", fmt, "--output", str(output))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    data = output.read_bytes()
    if fmt != "xlsx":
        assert "\u202e".encode() not in data  # an unclosed override reverses what follows, the status too
    if fmt == "json":
        report = json.loads(data)
        assert len(report["drafts"]) == EXPECTED_DRAFTS and report["summary"]["passed"] == 2
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book["汇总"].max_row >= EXPECTED_DRAFTS + 1
    else:
        text = data.decode("utf-8-sig")
        assert "\x1b" not in text and "\x07" not in text
        if fmt == "text":
            assert f"共检查 {EXPECTED_DRAFTS} 份" in text


def test_text_from_drafts_is_inert_in_csv_and_xlsx(received, tmp_path):
    run("check", str(received / "formulas-in-names"), "--format", "csv", "--output", str(tmp_path / "r.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "r.csv").read_text("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    run("check", str(received / "formulas-in-names"), "--format", "xlsx", "--output", str(tmp_path / "r.xlsx"))
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    formulas = [c for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_the_terminal_gets_no_control_characters(received, tmp_path):
    draft = str(received / "terminal-escape-in-names")
    out = str(tmp_path / "out")
    for command in (["check", str(received)], ["validate", draft], ["build", draft, "--no-pdf", "--force", "-o", out]):
        result = run(*command)
        assert "\x1b" not in result.output and "\x07" not in result.output, command
    assert "\\x1b]0;pwned\\x07" in run("check", draft).output  # the centre's name shown, escaped


def test_a_report_is_never_written_over_a_draft(tmp_path):
    draft = tmp_path / "draft"
    shutil.copytree(SAMPLE, draft)
    before = (draft / "proposal.yaml").read_bytes()
    result = run("check", str(draft), "--output", str(draft / "proposal.yaml"))
    assert result.exit_code == 2 and (draft / "proposal.yaml").read_bytes() == before


def test_a_device_is_written_to_not_replaced(tmp_path):
    result = run("check", str(SAMPLE), "--format", "json", "--output", os.devnull)
    assert result.exit_code == 0 and Path(os.devnull).is_char_device()


def test_output_names_are_safe_short_and_distinct(received, tmp_path):
    from proposal_kit.pipeline import build

    cases = tmp_path / "cases"
    for name in ("long-centre-name", "bidi-override-in-name"):
        GENERATED[name][0](cases / name)
    shutil.copytree(SAMPLE, cases / "same-1")
    shutil.copytree(SAMPLE, cases / "same-2")
    built = build(sorted(cases.iterdir()), tmp_path / "out", pdf=False, force=True)
    names = [p.name for b in built for p in b.outputs]
    assert len(set(names)) == len(names) == 4
    assert all(len(n.encode("utf-8")) <= 255 and "\u202e" not in n for n in names)
    codes = sorted(p.code for b in built for p in b.problems)
    assert codes == ["W002", "W003"]
    assert any(n.endswith("（2）组建方案.docx") for n in names)


def test_word_properties_are_cut_to_what_word_takes(tmp_path):
    from proposal_kit.pipeline import build

    GENERATED["industry-300"][0](tmp_path / "case")
    [built] = build([tmp_path / "case"], tmp_path / "out", pdf=False, force=True)
    properties = docx.Document(str(built.outputs[0])).core_properties
    assert len(properties.keywords) == 255 and properties.keywords.startswith("产业创新中心;组建方案;测测")


def test_the_body_marker_cannot_be_forged(tmp_path):
    from proposal_kit.pipeline import build

    GENERATED["forged-body-marker"][0](tmp_path / "case")
    [built] = build([tmp_path / "case"], tmp_path / "out", pdf=False, force=True)
    styles = [style for style, _ in body_paragraphs(docx.Document(str(built.outputs[0])))]
    assert styles.index("Heading1") > styles.index("TOCHeading")  # the body after the cover and the contents


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\n{body}\n", "utf-8")
    fake.chmod(0o755)
    return fake


def _build(output: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(output)]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})


def test_a_pdf_without_pages_replaces_nothing_and_the_earlier_pdf_is_flagged(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    earlier = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF\n"
    (output / PDF).write_bytes(earlier)
    # a fake LibreOffice that waits for the first job file of its folder and writes an empty PDF wherever it says
    script = 'for a in "$@"; do case "$a" in macro:*) f=${a#*Serve(\\"}; j="${f%%\\"*}job-0.txt"; '
    script += 'while [ ! -f "$j" ]; do sleep 0.05; done; '
    script += 'cut -f2 "$j" | while read p; do printf \'%%PDF-1.4\\n%%%%EOF\\n\' > "$p"; done;; esac; done'
    fake = _fake_soffice(tmp_path, 'mkdir -p "${1#-env:UserInstallation=file://}/user/basic/Standard"\n' + script)
    result = _build(output, {"PROPOSAL_KIT_SOFFICE": str(fake)})
    assert result.returncode == 2 and "P003" in result.stderr and "P006" in result.stderr
    assert (output / PDF).read_bytes() == earlier
    assert "P006" in (output / "重庆市车规级功率半导体产业创新中心组建方案检查报告.txt").read_text("utf-8")


def test_an_unrunnable_libreoffice_is_a_finding(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("not a program", "utf-8")
    fake.chmod(0o644)
    result = _build(tmp_path / "out", {"PROPOSAL_KIT_SOFFICE": str(fake)})
    assert result.returncode == 2 and "P003" in result.stderr and "Traceback" not in result.stderr


def test_an_unrunnable_libreoffice_without_unshare_is_a_finding(tmp_path, monkeypatch):
    """Without unshare (the usual case for a user who is not root) soffice is executed directly."""
    from proposal_kit import office
    from proposal_kit.pipeline import build

    monkeypatch.setattr(office, "network_isolation", lambda: ())
    fake = tmp_path / "soffice"
    fake.write_text("not a program", "utf-8")
    fake.chmod(0o644)
    monkeypatch.setenv("PROPOSAL_KIT_SOFFICE", str(fake))
    [built] = build([SAMPLE], tmp_path / "out")
    [problem] = built.problems
    assert problem.code == "P003" and "没有权限" in problem.message


def test_a_full_temporary_folder_is_a_finding(tmp_path, monkeypatch):
    import errno
    import tempfile

    from proposal_kit.pipeline import build

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "tmp"))

    monkeypatch.setattr(tempfile, "TemporaryDirectory", full)
    monkeypatch.setattr(tempfile, "mkdtemp", full)
    monkeypatch.setenv("PROPOSAL_KIT_SOFFICE", "/bin/true")
    [built] = build([SAMPLE], tmp_path / "out")
    [problem] = built.problems
    assert problem.code == "P003" and "磁盘空间不足" in problem.message
    assert (tmp_path / "out" / DOCX).is_file()


def test_a_deleted_working_folder_cannot_run(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    script = "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]); from proposal_kit.cli import main; main(sys.argv[2:])"
    command = [sys.executable, "-c", script, str(gone), "check", str(SAMPLE)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert result.returncode == 2 and "已不存在" in result.stderr and "Traceback" not in result.stderr


def _group_alive(pid: int) -> bool:
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_libreoffice_dies_with_a_build_killed_outright(tmp_path):
    """SIGKILL gives the build no chance to clean up: the watchdog ends LibreOffice and its work folder."""
    pids, folders = tmp_path / "pids", tmp_path / "folders"
    fake = _fake_soffice(tmp_path, f"pwd >> {folders}\necho $$ >> {pids}\nexec sleep 300")
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(tmp_path / "out")]
    process = subprocess.Popen(command, env={**os.environ, "PROPOSAL_KIT_SOFFICE": str(fake)})
    deadline = time.monotonic() + 60
    while not pids.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    soffice = int(pids.read_text().split()[0])
    process.kill()
    process.wait()
    deadline = time.monotonic() + 30
    while _group_alive(soffice) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _group_alive(soffice), "LibreOffice outlived the build"
    work = Path(folders.read_text().split()[0])
    while work.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not work.exists(), "the work folder outlived the build"


@pytest.mark.parametrize(("signal_number", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_build_stopped_ends_libreoffice_and_says_so(tmp_path, signal_number, status):
    libreoffice_or_skip()
    pids, folders = tmp_path / "pids", tmp_path / "folders"
    fake = _fake_soffice(tmp_path, f"pwd >> {folders}\necho $$ >> {pids}\nexec sleep 300")
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(tmp_path / "out")]
    process = subprocess.Popen(
        command, env={**os.environ, "PROPOSAL_KIT_SOFFICE": str(fake)}, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 60  # LibreOffice starts first; the signal comes once the .docx is written too
    while not (pids.exists() and (tmp_path / "out" / DOCX).exists()) and time.monotonic() < deadline:
        time.sleep(0.1)
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == status and "Traceback" not in stderr
    assert "已中断" in stderr or "已终止" in stderr
    pid = int(pids.read_text().split()[0])
    assert not _group_alive(pid)
    work = Path(folders.read_text().split()[0])
    deadline = time.monotonic() + 30  # the work folder goes with the build, or with its watchdog just after
    while work.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not work.exists()
    assert (tmp_path / "out" / DOCX).is_file()


def test_a_document_past_the_paragraph_limit_is_refused_with_a_finding(tmp_path):
    GENERATED["partners-10000"][0](tmp_path / "case")
    result = run("build", str(tmp_path / "case"), "--no-pdf", "--force", "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "W004" in result.output
    assert not list((tmp_path / "out").glob("*.docx"))
    assert "W004" in next((tmp_path / "out").glob("*检查报告.txt")).read_text("utf-8")


def test_a_folder_too_deep_to_search_is_named(received):
    result = run("check", str(received / "deep"))
    assert result.exit_code == 2 and "L013" in result.output and "超过 32 层的文件夹没有查找" in result.output


def test_a_defect_of_the_tool_costs_one_draft_its_check_not_the_batch(tmp_path, monkeypatch):
    from proposal_kit.rules import REGISTRY, all_rules

    all_rules()
    rule = REGISTRY["U001"]

    def crash(proposal, guideline):
        if proposal.center.lead_unit == "重庆别的公司":
            raise RuntimeError("boom")
        yield from rule.function(proposal, guideline)

    monkeypatch.setitem(REGISTRY, "U001", replace(rule, function=crash))
    shutil.copytree(SAMPLE, tmp_path / "good")
    shutil.copytree(SAMPLE, tmp_path / "trips")
    text = (tmp_path / "trips" / "proposal.yaml").read_text("utf-8")
    (tmp_path / "trips" / "proposal.yaml").write_text(
        text.replace("  lead_unit: 重庆缙云芯动半导体股份有限公司", "  lead_unit: 重庆别的公司"), "utf-8"
    )
    result = run("check", str(tmp_path), "--format", "json")
    report = json.loads(result.output)
    statuses = {Path(d["path"]).name: d["status"] for d in report["drafts"]}
    assert statuses == {"good": "pass", "trips": "fail"} and result.exit_code == 1
    [crashed] = [d for d in report["drafts"] if d["status"] == "fail"]
    assert [f["code"] for f in crashed["findings"]] == ["E001"] and "RuntimeError" in crashed["findings"][0]["message"]
