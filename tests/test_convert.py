"""PDF conversion under pressure: concurrent builds, a LibreOffice that hangs, exits silently or is missing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, libreoffice_or_skip

DOCX = "重庆市车规级功率半导体产业创新中心组建方案.docx"
PDF = "重庆市车规级功率半导体产业创新中心组建方案.pdf"
REPORT = "重庆市车规级功率半导体产业创新中心组建方案检查报告.txt"


def _build(output: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "proposal_kit", "build", str(SAMPLE), "-o", str(output), *extra]
    return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})})


def _complete_pdf(path: Path) -> bool:
    data = path.read_bytes()
    if not (data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]):
        return False
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    return info.returncode == 0 and int(info.stdout.split("Pages:")[1].split()[0]) > 30


@pytest.mark.stress
@pytest.mark.parametrize("shared", [False, True], ids=["separate-folders", "same-folder"])
def test_eight_builds_at_once_all_end_with_complete_pdfs(tmp_path, shared):
    libreoffice_or_skip()
    folders = [tmp_path / ("out" if shared else f"out{i}") for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(_build, folders))
    assert [r.returncode for r in results] == [0] * 8, [r.stderr[-600:] for r in results if r.returncode]
    for folder in set(folders):
        names = sorted(p.name for p in folder.iterdir())
        missing = sorted({DOCX, PDF, REPORT} - set(names))
        assert not missing, f"{folder.name}: missing {missing}"
        assert _complete_pdf(folder / PDF), f"{folder.name}: the PDF is incomplete"
        assert (folder / DOCX).stat().st_size > 10_000, f"{folder.name}: the .docx is too small"
        assert names == sorted([DOCX, PDF, REPORT]), f"{folder.name}: left behind {names}"  # no temporary files


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", "utf-8")
    script.chmod(0o755)
    return script


def test_a_hanging_libreoffice_is_killed_at_the_timeout(tmp_path):
    pids = tmp_path / "pids"
    fake = _fake_soffice(tmp_path, f"sleep 300 & echo $! >> {pids}\necho $$ >> {pids}\nwait")
    started = time.monotonic()
    result = _build(tmp_path / "out", "--timeout", "2", env={"PROPOSAL_KIT_SOFFICE": str(fake)})
    assert time.monotonic() - started < 60
    assert result.returncode == 2
    assert "P002" in result.stderr and "超过" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / DOCX).is_file()
    assert not (tmp_path / "out" / PDF).exists()
    time.sleep(0.2)
    for pid in pids.read_text().split():
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


def test_a_libreoffice_that_writes_nothing_is_reported(tmp_path):
    fake = _fake_soffice(tmp_path, "exit 0")
    result = _build(tmp_path / "out", env={"PROPOSAL_KIT_SOFFICE": str(fake)})
    assert result.returncode == 2
    assert "P003" in result.stderr
    assert (tmp_path / "out" / DOCX).is_file()


def test_missing_libreoffice_keeps_the_docx_and_says_how_to_get_the_pdf(tmp_path):
    result = _build(tmp_path / "out", env={"PROPOSAL_KIT_SOFFICE": str(tmp_path / "nowhere")})
    assert result.returncode == 2
    [line] = [text for text in result.stderr.splitlines() if "P001" in text]
    assert "apt-get install libreoffice-writer-nogui" in line
    assert (tmp_path / "out" / DOCX).is_file()
    assert "P001" in (tmp_path / "out" / REPORT).read_text("utf-8")  # the build's report says so too


def test_no_pdf_asks_for_no_libreoffice(tmp_path):
    result = _build(tmp_path / "out", "--no-pdf", env={"PROPOSAL_KIT_SOFFICE": str(tmp_path / "nowhere")})
    assert result.returncode == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([DOCX, REPORT])


def test_an_earlier_pdf_survives_a_failed_conversion(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    (output / PDF).write_bytes(b"%PDF-1.7 earlier\n%%EOF\n")
    fake = _fake_soffice(tmp_path, "exit 0")
    _build(output, env={"PROPOSAL_KIT_SOFFICE": str(fake)})
    assert (output / PDF).read_bytes() == b"%PDF-1.7 earlier\n%%EOF\n"
