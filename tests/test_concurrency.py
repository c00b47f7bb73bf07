"""Teams in a shared folder: `make proposal` run eight times at once, five rounds, always leaves whole outputs."""

from __future__ import annotations

import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import docx
import pytest

from tests.conftest import ROOT, libreoffice_or_skip

OUTPUTS = [
    "重庆市车规级功率半导体产业创新中心组建方案.docx",
    "重庆市车规级功率半导体产业创新中心组建方案.pdf",
    "重庆市车规级功率半导体产业创新中心组建方案检查报告.txt",
]


def _make_proposal(_: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "-s", "proposal"], cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.mark.stress
def test_eight_make_proposal_at_once_for_five_rounds():
    libreoffice_or_skip()
    if not shutil.which("make"):
        raise AssertionError("make is needed: it is the README's command")
    build = ROOT / "build"
    for round_number in range(5):
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(_make_proposal, range(8)))
        assert [r.returncode for r in results] == [0] * 8, (
            round_number,
            [r.stderr[-500:] for r in results if r.returncode],
        )
        names = sorted(p.name for p in build.iterdir())
        missing = sorted(set(OUTPUTS) - set(names))
        assert not missing, f"round {round_number}: missing {missing}"
        assert names == sorted(OUTPUTS), f"round {round_number}: left behind {names}"  # nothing half-written
        pdf = (build / OUTPUTS[1]).read_bytes()
        assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
        assert (
            int(
                subprocess.run(["pdfinfo", str(build / OUTPUTS[1])], capture_output=True, text=True)
                .stdout.split("Pages:")[1]
                .split()[0]
            )
            > 30
        )
        assert len(docx.Document(str(build / OUTPUTS[0])).tables) > 20
        report = (build / OUTPUTS[2]).read_text("utf-8")
        assert "【通过】错误 0 个，警告 0 个" in report and report.endswith("（含 PDF 转换）\n")  # whole, not cut
